use anchor_lang::prelude::*;

use crate::{constants::*, errors::PaymentError, events::PauseChanged, state::Config};

/// Shared by `pause` and `unpause`: the circuit breaker, held by the guardian and the authority.
#[derive(Accounts)]
pub struct SetPaused<'info> {
    pub signer: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = signer.key() == config.guardian || signer.key() == config.authority
            @ PaymentError::UnauthorizedPauser,
    )]
    pub config: Box<Account<'info, Config>>,
}

pub fn pause_handler(ctx: Context<SetPaused>) -> Result<()> {
    require!(!ctx.accounts.config.paused, PaymentError::Paused);
    set(ctx, true)
}

pub fn unpause_handler(ctx: Context<SetPaused>) -> Result<()> {
    require!(ctx.accounts.config.paused, PaymentError::NotPaused);
    set(ctx, false)
}

fn set(ctx: Context<SetPaused>, paused: bool) -> Result<()> {
    let config = &mut ctx.accounts.config;
    config.paused = paused;
    emit!(PauseChanged { config: config.key(), paused, by: ctx.accounts.signer.key() });
    Ok(())
}
