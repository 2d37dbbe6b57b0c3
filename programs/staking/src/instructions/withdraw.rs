use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::{
    constants::*,
    errors::StakingError,
    events::Withdrawn,
    state::{tokens_for_shares, StakeConfig, StakePool, StakePosition, Unbonding},
};

#[derive(Accounts)]
pub struct Withdraw<'info> {
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, StakeConfig>>,
    #[account(
        mut,
        has_one = config,
        has_one = vault,
        seeds = [POOL_SEED, pool.operator.as_ref()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(mut)]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(
        mut,
        has_one = pool,
        has_one = owner,
        seeds = [POSITION_SEED, pool.key().as_ref(), owner.key().as_ref()],
        bump = position.bump,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    #[account(mut, token::mint = config.mint)]
    pub destination: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Pays out the whole unbonding claim once its cooldown has elapsed.
pub fn handler(ctx: Context<Withdraw>) -> Result<()> {
    let pool = &mut ctx.accounts.pool;
    let position = &mut ctx.accounts.position;
    position.sync_generation(pool.generation);
    let claim = position.unbonding;
    require!(claim.shares > 0, StakingError::NothingUnbonding);
    require!(Clock::get()?.unix_timestamp >= claim.available_at, StakingError::CooldownNotElapsed);

    let amount = tokens_for_shares(claim.shares, pool.unbonding_tokens, pool.unbonding_shares)?;
    pool.unbonding_tokens = pool.unbonding_tokens.checked_sub(amount).ok_or(StakingError::Overflow)?;
    pool.unbonding_shares = pool.unbonding_shares.checked_sub(claim.shares).ok_or(StakingError::Overflow)?;
    position.unbonding = Unbonding::default();

    if amount > 0 {
        let operator = pool.operator;
        let seeds: &[&[u8]] = &[POOL_SEED, operator.as_ref(), &[pool.bump]];
        token::transfer(
            CpiContext::new_with_signer(
                ctx.accounts.token_program.to_account_info(),
                Transfer {
                    from: ctx.accounts.vault.to_account_info(),
                    to: ctx.accounts.destination.to_account_info(),
                    authority: pool.to_account_info(),
                },
                &[seeds],
            ),
            amount,
        )?;
    }
    emit!(Withdrawn { pool: pool.key(), position: position.key(), owner: position.owner, amount });
    Ok(())
}
