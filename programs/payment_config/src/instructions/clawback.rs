use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::{
    constants::*,
    errors::PaymentError,
    events::RewardsClawedBack,
    state::{Config, Epoch, EpochState},
};

/// Permissionless once the claim window is over: everything of the epoch's pool not claimed
/// (unclaimed rewards and the rounding dust of the shares) goes to the treasury.
#[derive(Accounts)]
pub struct Clawback<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = reward_vault, has_one = treasury)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [EPOCH_SEED, &epoch.number.to_le_bytes()], bump = epoch.bump)]
    pub epoch: Box<Account<'info, Epoch>>,
    #[account(mut)]
    pub reward_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<Clawback>) -> Result<()> {
    require!(!ctx.accounts.config.paused, PaymentError::Paused);
    let now = Clock::get()?.unix_timestamp;
    let epoch = &mut ctx.accounts.epoch;
    require!(epoch.state == EpochState::Ended, PaymentError::InvalidEpochState);
    require!(now >= epoch.claim_expires_at, PaymentError::ClaimWindowOpen);
    let amount = epoch.pool.checked_sub(epoch.claimed).ok_or(PaymentError::Overflow)?;
    epoch.clawed_back = amount;
    epoch.state = EpochState::Closed;
    let number = epoch.number;

    let accounts = &ctx.accounts;
    if amount > 0 {
        let seeds: &[&[u8]] = &[CONFIG_SEED, &[accounts.config.bump]];
        token::transfer(
            CpiContext::new_with_signer(
                accounts.token_program.to_account_info(),
                Transfer {
                    from: accounts.reward_vault.to_account_info(),
                    to: accounts.treasury.to_account_info(),
                    authority: accounts.config.to_account_info(),
                },
                &[seeds],
            ),
            amount,
        )?;
    }
    emit!(RewardsClawedBack { epoch: number, amount, treasury: accounts.treasury.key() });
    Ok(())
}
