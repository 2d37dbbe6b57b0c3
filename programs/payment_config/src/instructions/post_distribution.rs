use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::PaymentError,
    events::DistributionPosted,
    state::{Config, Epoch, EpochState},
};

#[derive(Accounts)]
pub struct PostDistribution<'info> {
    pub settlement_authority: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = settlement_authority @ PaymentError::UnauthorizedSettlement,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [EPOCH_SEED, &epoch.number.to_le_bytes()], bump = epoch.bump)]
    pub epoch: Box<Account<'info, Epoch>>,
}

/// Posts the root of an ended epoch's reward tree (leaves `{epoch, node, amount}`), once.
pub fn handler(ctx: Context<PostDistribution>, merkle_root: [u8; 32], total: u64) -> Result<()> {
    let window = i64::try_from(ctx.accounts.config.claim_window_seconds).map_err(|_| PaymentError::Overflow)?;
    let epoch = &mut ctx.accounts.epoch;
    require!(epoch.state == EpochState::Ended, PaymentError::InvalidEpochState);
    require!(total <= epoch.pool, PaymentError::DistributionExceedsPool);
    let now = Clock::get()?.unix_timestamp;
    epoch.merkle_root = merkle_root;
    epoch.distribution_total = total;
    epoch.claim_expires_at = now.checked_add(window).ok_or(PaymentError::Overflow)?;
    epoch.state = EpochState::Distributed;
    emit!(DistributionPosted {
        epoch: epoch.number,
        merkle_root,
        total,
        pool: epoch.pool,
        claim_expires_at: epoch.claim_expires_at,
    });
    Ok(())
}
