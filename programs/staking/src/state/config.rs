use anchor_lang::prelude::*;

use crate::{constants::*, errors::StakingError};

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
    /// How long new stake waits before it joins the pool's active class (see `Warming`).
    pub warmup_seconds: u64,
    pub pool_count: u64,
    /// Active stake of all pools as last synced (`StakePool::counted_tokens`): the quorum base
    /// of governance. `stake` and `request_unstake` keep it exact; rewards and slashes reach it
    /// when the pool is next touched or `sync_stake` runs (permissionless).
    pub total_staked: u64,
    pub created_at: i64,
    pub bump: u8,
}

impl StakeConfig {
    /// The bounds `initialize` and `set_params` enforce.
    pub fn validate(&self) -> Result<()> {
        require!((MIN_COOLDOWN_SECONDS..=MAX_COOLDOWN_SECONDS).contains(&self.cooldown_seconds), StakingError::InvalidCooldown);
        require!((MIN_WARMUP_SECONDS..=MAX_WARMUP_SECONDS).contains(&self.warmup_seconds), StakingError::InvalidWarmup);
        Ok(())
    }
}
