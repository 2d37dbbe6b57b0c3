use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::{
    constants::*,
    errors::StakingError,
    events::PoolCreated,
    state::{StakeConfig, StakePool},
};

#[derive(Accounts)]
pub struct CreatePool<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The node operator the pool belongs to; receives the commission.
    pub operator: Signer<'info>,
    #[account(mut, has_one = mint, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, StakeConfig>>,
    pub mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = payer,
        space = 8 + StakePool::INIT_SPACE,
        seeds = [POOL_SEED, operator.key().as_ref()],
        bump,
    )]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(
        init,
        payer = payer,
        seeds = [VAULT_SEED, pool.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = pool,
    )]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreatePool>, commission_bps: u16) -> Result<()> {
    require!(commission_bps <= BPS_DENOMINATOR, StakingError::InvalidCommission);
    let config = &mut ctx.accounts.config;
    config.pool_count = config.pool_count.checked_add(1).ok_or(StakingError::Overflow)?;
    let pool = &mut ctx.accounts.pool;
    pool.set_inner(StakePool {
        config: config.key(),
        operator: ctx.accounts.operator.key(),
        vault: ctx.accounts.vault.key(),
        total_tokens: 0,
        total_shares: 0,
        unbonding_tokens: 0,
        warming_tokens: 0,
        unbonding_shares: 0,
        commission_bps,
        generation: 0,
        total_slashed: 0,
        total_rewards: 0,
        counted_tokens: 0,
        created_at: Clock::get()?.unix_timestamp,
        bump: ctx.bumps.pool,
        vault_bump: ctx.bumps.vault,
    });
    emit!(PoolCreated { pool: pool.key(), operator: pool.operator, vault: pool.vault, commission_bps });
    Ok(())
}
