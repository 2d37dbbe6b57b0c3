use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::StakingError,
    events::UnstakeRequested,
    instructions::activate_stake::activate_warmed,
    state::{shares_for_tokens, StakeConfig, StakePool, StakePosition},
};

#[derive(Accounts)]
pub struct RequestUnstake<'info> {
    pub owner: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, StakeConfig>>,
    #[account(mut, has_one = config, seeds = [POOL_SEED, pool.operator.as_ref()], bump = pool.bump)]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(
        mut,
        has_one = pool,
        has_one = owner,
        seeds = [POSITION_SEED, pool.key().as_ref(), owner.key().as_ref()],
        bump = position.bump,
    )]
    pub position: Box<Account<'info, StakePosition>>,
}

/// Moves `shares` active shares into the unbonding class; the cooldown (re)starts now.
/// Checks: the position's owner signs, no open votes, enough active shares (warming stake
/// has none until its warm-up ends).
pub fn handler(ctx: Context<RequestUnstake>, shares: u128) -> Result<()> {
    require!(shares > 0, StakingError::ZeroAmount);
    let pool = &mut ctx.accounts.pool;
    let position = &mut ctx.accounts.position;
    require!(position.active_votes == 0, StakingError::OpenVotes);
    position.sync_generation(pool.generation);
    // Warmed-up stake joins the active class first, so it can leave in the same call.
    activate_warmed(pool, position, Clock::get()?.unix_timestamp)?;
    require!(shares <= position.shares, StakingError::InsufficientShares);

    // Rounded down: the leaving staker absorbs the dust, never the pool.
    let tokens = pool.active_value(shares)?;
    pool.total_tokens = pool.total_tokens.checked_sub(tokens).ok_or(StakingError::Overflow)?;
    pool.total_shares = pool.total_shares.checked_sub(shares).ok_or(StakingError::Overflow)?;
    position.shares = position.shares.checked_sub(shares).ok_or(StakingError::Overflow)?;

    let unbonding_shares = if tokens == 0 {
        0
    } else {
        shares_for_tokens(tokens, pool.unbonding_tokens, pool.unbonding_shares)?
    };
    pool.unbonding_tokens = pool.unbonding_tokens.checked_add(tokens).ok_or(StakingError::Overflow)?;
    pool.unbonding_shares = pool.unbonding_shares.checked_add(unbonding_shares).ok_or(StakingError::Overflow)?;
    let cooldown = i64::try_from(ctx.accounts.config.cooldown_seconds).map_err(|_| StakingError::Overflow)?;
    let available_at = Clock::get()?.unix_timestamp.checked_add(cooldown).ok_or(StakingError::Overflow)?;
    position.unbonding.shares = position.unbonding.shares.checked_add(unbonding_shares).ok_or(StakingError::Overflow)?;
    position.unbonding.available_at = available_at;
    let config = &mut ctx.accounts.config;
    config.total_staked = pool.sync_total(config.total_staked)?;

    emit!(UnstakeRequested {
        pool: pool.key(),
        position: position.key(),
        owner: position.owner,
        shares,
        tokens,
        unbonding_shares: position.unbonding.shares,
        available_at,
    });
    Ok(())
}
