use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::{constants::*, errors::PaymentError, events::TreasurySpent, state::Config};

#[derive(Accounts)]
pub struct SpendTreasury<'info> {
    /// The config authority: after the handover the governance PDA, so only an executed
    /// proposal can spend (the deployer's key is refused from then on).
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = authority, has_one = treasury)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = config.mint)]
    pub destination: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Pays `amount` $SYNQ from the treasury to `destination`. Checks: the config authority signs,
/// the treasury is the config's, the destination holds $SYNQ, a non-zero amount the treasury
/// holds, the protocol is not paused.
pub fn handler(ctx: Context<SpendTreasury>, amount: u64) -> Result<()> {
    let accounts = &ctx.accounts;
    require!(!accounts.config.paused, PaymentError::Paused);
    require!(amount > 0, PaymentError::ZeroAmount);
    require!(amount <= accounts.treasury.amount, PaymentError::InsufficientTreasury);
    let seeds: &[&[u8]] = &[CONFIG_SEED, &[accounts.config.bump]];
    token::transfer(
        CpiContext::new_with_signer(
            accounts.token_program.to_account_info(),
            Transfer {
                from: accounts.treasury.to_account_info(),
                to: accounts.destination.to_account_info(),
                authority: accounts.config.to_account_info(),
            },
            &[seeds],
        ),
        amount,
    )?;
    emit!(TreasurySpent { authority: accounts.authority.key(), destination: accounts.destination.key(), amount });
    Ok(())
}
