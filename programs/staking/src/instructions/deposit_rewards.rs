use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::{
    constants::*,
    errors::StakingError,
    events::RewardsDeposited,
    state::{bps_of, StakeConfig, StakePool},
};

#[derive(Accounts)]
pub struct DepositRewards<'info> {
    /// Anyone may pay rewards into a pool (payment_config's claim, or a sponsor).
    pub depositor: Signer<'info>,
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
    #[account(mut, token::mint = config.mint)]
    pub source: Box<Account<'info, TokenAccount>>,
    /// The operator's token account: receives the commission.
    #[account(
        mut,
        token::mint = config.mint,
        token::authority = pool.operator,
    )]
    pub operator_tokens: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Commission (rounded down) to the operator; the rest raises the active share value. A pool
/// without shares has nobody to raise: everything goes to the operator.
pub fn handler(ctx: Context<DepositRewards>, amount: u64) -> Result<()> {
    require!(amount > 0, StakingError::ZeroAmount);
    let pool = &mut ctx.accounts.pool;
    let commission = if pool.total_shares == 0 { amount } else { bps_of(amount, pool.commission_bps)? };
    let to_stakers = amount.checked_sub(commission).ok_or(StakingError::Overflow)?;
    pool.total_tokens = pool.total_tokens.checked_add(to_stakers).ok_or(StakingError::Overflow)?;
    pool.slashable_tokens()?;
    pool.total_rewards = pool.total_rewards.checked_add(amount).ok_or(StakingError::Overflow)?;
    let event = RewardsDeposited {
        pool: pool.key(),
        depositor: ctx.accounts.depositor.key(),
        amount,
        commission,
        to_stakers,
        pool_tokens: pool.total_tokens,
    };

    let accounts = &ctx.accounts;
    transfer(accounts, accounts.operator_tokens.to_account_info(), commission)?;
    transfer(accounts, accounts.vault.to_account_info(), to_stakers)?;
    emit!(event);
    Ok(())
}

fn transfer<'info>(accounts: &DepositRewards<'info>, to: AccountInfo<'info>, value: u64) -> Result<()> {
    if value == 0 {
        return Ok(());
    }
    token::transfer(
        CpiContext::new(
            accounts.token_program.to_account_info(),
            Transfer {
                from: accounts.source.to_account_info(),
                to,
                authority: accounts.depositor.to_account_info(),
            },
        ),
        value,
    )
}
