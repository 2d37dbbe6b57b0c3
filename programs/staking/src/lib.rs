//! Staking: $SYNQ stake pools per node, delegation, unbonding, slashing and rewards.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ");

#[program]
pub mod staking {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }

    pub fn set_params(ctx: Context<SetParams>, args: SetStakeParamsArgs) -> Result<()> {
        instructions::set_params::handler(ctx, args)
    }

    pub fn create_pool(ctx: Context<CreatePool>, commission_bps: u16) -> Result<()> {
        instructions::create_pool::handler(ctx, commission_bps)
    }

    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        instructions::stake::handler(ctx, amount)
    }

    /// Permissionless: a position's stake joins the active class once its warm-up is over.
    pub fn activate_stake(ctx: Context<ActivateStake>) -> Result<()> {
        instructions::activate_stake::handler(ctx)
    }

    pub fn request_unstake(ctx: Context<RequestUnstake>, shares: u128) -> Result<()> {
        instructions::request_unstake::handler(ctx, shares)
    }

    pub fn withdraw(ctx: Context<Withdraw>) -> Result<()> {
        instructions::withdraw::handler(ctx)
    }

    pub fn slash(ctx: Context<Slash>, amount: u64) -> Result<()> {
        instructions::slash::handler(ctx, amount)
    }

    pub fn deposit_rewards(ctx: Context<DepositRewards>, amount: u64) -> Result<()> {
        instructions::deposit_rewards::handler(ctx, amount)
    }

    /// Permissionless: counts a pool's rewards and slashes into the config's `total_staked`.
    pub fn sync_stake(ctx: Context<SyncStake>) -> Result<()> {
        instructions::sync_stake::handler(ctx)
    }

    /// Governance opens a vote with this position's stake: unstaking is refused until unlocked.
    pub fn lock_vote(ctx: Context<VoteLock>) -> Result<()> {
        instructions::vote_lock::lock_handler(ctx)
    }

    pub fn unlock_vote(ctx: Context<VoteLock>) -> Result<()> {
        instructions::vote_lock::unlock_handler(ctx)
    }
}
