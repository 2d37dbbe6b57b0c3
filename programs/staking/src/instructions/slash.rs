use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, Token, TokenAccount};

use crate::{
    constants::*,
    errors::StakingError,
    events::PoolSlashed,
    state::{StakeConfig, StakePool},
};

#[derive(Accounts)]
pub struct Slash<'info> {
    /// The registry's slasher PDA (by CPI) or the config authority.
    pub slasher: Signer<'info>,
    #[account(has_one = mint, seeds = [CONFIG_SEED], bump = config.bump)]
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
    #[account(mut)]
    pub mint: Box<Account<'info, Mint>>,
    pub token_program: Program<'info, Token>,
}

/// Burns up to `amount` tokens from the pool, pro rata from the active and unbonding classes.
/// Share counts are untouched, so every position loses the same fraction.
pub fn handler(ctx: Context<Slash>, amount: u64) -> Result<()> {
    let config = &ctx.accounts.config;
    let slasher = ctx.accounts.slasher.key();
    require!(slasher == config.slasher || slasher == config.authority, StakingError::UnauthorizedSlasher);
    require!(amount > 0, StakingError::ZeroAmount);

    let pool = &mut ctx.accounts.pool;
    let slashable = pool.slashable_tokens()?;
    let burn = amount.min(slashable);
    let from_active = if slashable == 0 {
        0
    } else {
        let share = u128::from(burn)
            .checked_mul(u128::from(pool.total_tokens))
            .ok_or(StakingError::Overflow)?
            / u128::from(slashable);
        u64::try_from(share).map_err(|_| StakingError::Overflow)?
    };
    let from_unbonding = burn.checked_sub(from_active).ok_or(StakingError::Overflow)?;
    pool.total_tokens = pool.total_tokens.checked_sub(from_active).ok_or(StakingError::Overflow)?;
    pool.unbonding_tokens = pool.unbonding_tokens.checked_sub(from_unbonding).ok_or(StakingError::Overflow)?;
    pool.total_slashed = pool.total_slashed.checked_add(burn).ok_or(StakingError::Overflow)?;
    if pool.total_tokens == 0 && pool.unbonding_tokens == 0 {
        // Nothing left: every outstanding share is worthless. Start a new generation so new
        // stakers price shares from scratch instead of inheriting a huge share count.
        pool.total_shares = 0;
        pool.unbonding_shares = 0;
        pool.generation = pool.generation.checked_add(1).ok_or(StakingError::Overflow)?;
    }

    if burn > 0 {
        let operator = pool.operator;
        let seeds: &[&[u8]] = &[POOL_SEED, operator.as_ref(), &[pool.bump]];
        token::burn(
            CpiContext::new_with_signer(
                ctx.accounts.token_program.to_account_info(),
                Burn {
                    mint: ctx.accounts.mint.to_account_info(),
                    from: ctx.accounts.vault.to_account_info(),
                    authority: pool.to_account_info(),
                },
                &[seeds],
            ),
            burn,
        )?;
    }
    emit!(PoolSlashed {
        pool: pool.key(),
        slasher,
        requested: amount,
        from_active,
        from_unbonding,
        pool_tokens: pool.total_tokens,
        unbonding_tokens: pool.unbonding_tokens,
        generation: pool.generation,
    });
    Ok(())
}
