use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::{
    constants::*,
    errors::StakingError,
    events::Staked,
    instructions::activate_stake::activate_warmed,
    state::{shares_for_tokens, StakeConfig, StakePool, StakePosition},
};

#[derive(Accounts)]
pub struct Stake<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
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
        init_if_needed,
        payer = owner,
        space = 8 + StakePosition::INIT_SPACE,
        seeds = [POSITION_SEED, pool.key().as_ref(), owner.key().as_ref()],
        bump,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    #[account(
        mut,
        token::mint = config.mint,
        token::authority = owner,
    )]
    pub owner_tokens: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Puts `amount` into the position's warm-up (checks: a non-zero amount, the config's mint,
/// the pool's own vault, the position PDA of this pool and signer). Stake whose warm-up is
/// over is activated first; the new amount then (re)starts the wait for all warming stake, so
/// stake placed just before a reward deposit never shares it.
pub fn handler(ctx: Context<Stake>, amount: u64) -> Result<()> {
    require!(amount > 0, StakingError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let warmup = i64::try_from(ctx.accounts.config.warmup_seconds).map_err(|_| StakingError::Overflow)?;
    let pool = &mut ctx.accounts.pool;
    let position = &mut ctx.accounts.position;
    if position.pool == Pubkey::default() {
        // Fresh position (init_if_needed): bind it to its pool and owner.
        position.pool = pool.key();
        position.owner = ctx.accounts.owner.key();
        position.generation = pool.generation;
        position.bump = ctx.bumps.position;
    }
    position.sync_generation(pool.generation);

    activate_warmed(pool, position, now)?;
    // Priced now as a preview: stake too small for one share (or too large for the share
    // count) is refused here rather than failing at activation.
    let warming = position.warming.amount.checked_add(amount).ok_or(StakingError::Overflow)?;
    require!(shares_for_tokens(warming, pool.total_tokens, pool.total_shares)? > 0, StakingError::ZeroShares);

    pool.warming_tokens = pool.warming_tokens.checked_add(amount).ok_or(StakingError::Overflow)?;
    // The vault as a whole must stay representable.
    pool.slashable_tokens()?.checked_add(pool.warming_tokens).ok_or(StakingError::Overflow)?;
    position.warming.amount = warming;
    position.warming.active_at = now.checked_add(warmup).ok_or(StakingError::Overflow)?;
    let config = &mut ctx.accounts.config;
    config.total_staked = pool.sync_total(config.total_staked)?;

    token::transfer(
        CpiContext::new(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.owner_tokens.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.owner.to_account_info(),
            },
        ),
        amount,
    )?;
    emit!(Staked {
        pool: pool.key(),
        position: position.key(),
        owner: position.owner,
        amount,
        warming: position.warming.amount,
        active_at: position.warming.active_at,
        pool_warming: pool.warming_tokens,
    });
    Ok(())
}
