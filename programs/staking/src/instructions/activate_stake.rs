use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::StakingError,
    events::StakeActivated,
    state::{StakeConfig, StakePool, StakePosition},
};

#[derive(Accounts)]
pub struct ActivateStake<'info> {
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, StakeConfig>>,
    #[account(mut, has_one = config, seeds = [POOL_SEED, pool.operator.as_ref()], bump = pool.bump)]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(
        mut,
        has_one = pool,
        seeds = [POSITION_SEED, pool.key().as_ref(), position.owner.as_ref()],
        bump = position.bump,
    )]
    pub position: Box<Account<'info, StakePosition>>,
}

/// Permissionless: moves a position's warmed-up stake into the pool's active class at the
/// current share price (an operator's own stake then counts for the registry's minimum).
/// Checks: the position belongs to the pool, something is warming, its warm-up is over.
pub fn handler(ctx: Context<ActivateStake>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let pool = &mut ctx.accounts.pool;
    let position = &mut ctx.accounts.position;
    position.sync_generation(pool.generation);
    require!(position.warming.amount > 0, StakingError::NothingWarming);
    require!(now >= position.warming.active_at, StakingError::WarmupNotElapsed);
    activate_warmed(pool, position, now)?;
    let config = &mut ctx.accounts.config;
    config.total_staked = pool.sync_total(config.total_staked)?;
    Ok(())
}

/// `StakePool::activate_due` and its event: every instruction that activates stake (this one,
/// `stake`, `request_unstake`) reports it the same way. Returns the tokens activated.
pub fn activate_warmed(pool: &mut Account<StakePool>, position: &mut Account<StakePosition>, now: i64) -> Result<u64> {
    let (amount, shares) = pool.activate_due(position, now)?;
    if amount > 0 {
        emit!(StakeActivated {
            pool: pool.key(),
            position: position.key(),
            owner: position.owner,
            amount,
            shares,
            pool_tokens: pool.total_tokens,
            pool_shares: pool.total_shares,
        });
    }
    Ok(amount)
}
