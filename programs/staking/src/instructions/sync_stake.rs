use anchor_lang::prelude::*;

use crate::{
    constants::*,
    events::StakeSynced,
    state::{StakeConfig, StakePool},
};

/// Permissionless: brings `StakeConfig::total_staked` up to date with one pool after rewards
/// or slashes (which do not take the config as writable, so their CPI callers stay unchanged).
#[derive(Accounts)]
pub struct SyncStake<'info> {
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, StakeConfig>>,
    #[account(mut, has_one = config, seeds = [POOL_SEED, pool.operator.as_ref()], bump = pool.bump)]
    pub pool: Box<Account<'info, StakePool>>,
}

pub fn handler(ctx: Context<SyncStake>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    let pool = &mut ctx.accounts.pool;
    config.total_staked = pool.sync_total(config.total_staked)?;
    emit!(StakeSynced { pool: pool.key(), pool_tokens: pool.total_tokens, total_staked: config.total_staked });
    Ok(())
}
