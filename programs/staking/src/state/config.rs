use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace)]
pub struct StakeConfig {
    pub authority: Pubkey,
    /// The $SYNQ mint every pool stakes.
    pub mint: Pubkey,
    /// The only key besides `authority` allowed to slash: the registry's slasher PDA.
    pub slasher: Pubkey,
    /// Locks/unlocks positions for open votes (the governance program's authority PDA);
    /// the default key until governance is bootstrapped, so nobody can lock.
    pub governance: Pubkey,
    pub cooldown_seconds: u64,
    pub pool_count: u64,
    pub created_at: i64,
    pub bump: u8,
}
