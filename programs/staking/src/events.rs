use anchor_lang::prelude::*;

#[event]
pub struct StakingInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub mint: Pubkey,
    pub slasher: Pubkey,
    pub cooldown_seconds: u64,
    pub warmup_seconds: u64,
}

#[event]
pub struct StakeParamsUpdated {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub slasher: Pubkey,
    pub governance: Pubkey,
    pub cooldown_seconds: u64,
    pub warmup_seconds: u64,
}

#[event]
pub struct PoolCreated {
    pub pool: Pubkey,
    pub operator: Pubkey,
    pub vault: Pubkey,
    pub commission_bps: u16,
}

/// `amount` entered the position's warm-up (now `warming` in all), active from `active_at`.
#[event]
pub struct Staked {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub warming: u64,
    pub active_at: i64,
    pub pool_warming: u64,
}

/// A position's warmed-up stake bought `shares` active shares.
#[event]
pub struct StakeActivated {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub shares: u128,
    pub pool_tokens: u64,
    pub pool_shares: u128,
}

#[event]
pub struct UnstakeRequested {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub shares: u128,
    pub tokens: u64,
    pub unbonding_shares: u128,
    pub available_at: i64,
}

#[event]
pub struct Withdrawn {
    pub pool: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
}

#[event]
pub struct PoolSlashed {
    pub pool: Pubkey,
    pub slasher: Pubkey,
    pub requested: u64,
    pub from_active: u64,
    pub from_unbonding: u64,
    pub pool_tokens: u64,
    pub unbonding_tokens: u64,
    pub generation: u32,
}

#[event]
pub struct RewardsDeposited {
    pub pool: Pubkey,
    pub depositor: Pubkey,
    pub amount: u64,
    pub commission: u64,
    pub to_stakers: u64,
    pub pool_tokens: u64,
}

#[event]
pub struct VoteLockChanged {
    pub position: Pubkey,
    pub active_votes: u32,
}

#[event]
pub struct StakeSynced {
    pub pool: Pubkey,
    pub pool_tokens: u64,
    pub total_staked: u64,
}
