use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::PaymentError,
    events::EpochAdvanced,
    state::{Config, Epoch, EpochState},
};

/// Permissionless crank: once the open epoch's time is over, ends it (its usage, pool and
/// weights are final, its claim window opens) and opens the next.
#[derive(Accounts)]
pub struct AdvanceEpoch<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [EPOCH_SEED, &config.current_epoch.to_le_bytes()], bump = current.bump)]
    pub current: Box<Account<'info, Epoch>>,
    #[account(
        init,
        payer = payer,
        space = 8 + Epoch::INIT_SPACE,
        seeds = [EPOCH_SEED, &config.current_epoch.checked_add(1).ok_or(PaymentError::Overflow)?.to_le_bytes()],
        bump,
    )]
    pub next: Box<Account<'info, Epoch>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<AdvanceEpoch>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let config = &mut ctx.accounts.config;
    let current = &mut ctx.accounts.current;
    require!(current.state == EpochState::Open, PaymentError::InvalidEpochState);
    let ends_at = current
        .started_at
        .checked_add(i64::try_from(config.epoch_length_seconds).map_err(|_| PaymentError::Overflow)?)
        .ok_or(PaymentError::Overflow)?;
    require!(now >= ends_at, PaymentError::EpochNotOver);
    let window = i64::try_from(config.claim_window_seconds).map_err(|_| PaymentError::Overflow)?;
    current.state = EpochState::Ended;
    current.ended_at = now;
    current.claim_expires_at = now.checked_add(window).ok_or(PaymentError::Overflow)?;
    let number = current.number.checked_add(1).ok_or(PaymentError::Overflow)?;
    ctx.accounts.next.set_inner(Epoch::open(number, now, ctx.bumps.next));
    config.current_epoch = number;
    emit!(EpochAdvanced {
        ended: current.number,
        pool: current.pool,
        usage_total: current.usage_total,
        node_count: current.node_count,
        total_weight: current.total_weight,
        claim_expires_at: current.claim_expires_at,
        started: number,
        started_at: now,
    });
    Ok(())
}
