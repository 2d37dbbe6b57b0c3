use anchor_lang::prelude::*;

#[event]
pub struct StakingInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub mint: Pubkey,
    pub slasher: Pubkey,
    pub cooldown_seconds: u64,
}
