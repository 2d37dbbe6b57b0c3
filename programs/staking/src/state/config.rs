use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace)]
pub struct StakeConfig {
    pub authority: Pubkey,
    /// The $SYNQ mint every pool stakes.
    pub mint: Pubkey,
    /// The only key besides `authority` allowed to slash: the registry's slasher PDA.
    pub slasher: Pubkey,
    pub cooldown_seconds: u64,
    pub created_at: i64,
    pub bump: u8,
}
