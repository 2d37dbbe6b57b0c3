use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::RegistryParamsUpdated,
    state::{validate_challenge_interval, validate_min_stake, validate_report_epoch_seconds, validate_response_window, QosParams, RegistryConfig},
};

/// Every field is optional: `None` keeps the current value.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Default)]
pub struct SetRegistryParamsArgs {
    pub min_stake: Option<u64>,
    pub challenge_interval_slots: Option<u64>,
    pub response_window_slots: Option<u64>,
    pub report_epoch_seconds: Option<u64>,
    pub qos: Option<QosParams>,
    pub authority: Option<Pubkey>,
}

#[derive(Accounts)]
pub struct SetParams<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, RegistryConfig>,
}

/// Checks: signer is the config's authority (has_one); every value within the bounds in
/// `constants.rs` (`state/config.rs` validators). A new report epoch length restarts epoch
/// numbering one past the current epoch, so no node is locked out of reporting.
pub fn handler(ctx: Context<SetParams>, args: SetRegistryParamsArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    if let Some(min_stake) = args.min_stake {
        validate_min_stake(min_stake)?;
        config.min_stake = min_stake;
    }
    if let Some(interval) = args.challenge_interval_slots {
        validate_challenge_interval(interval)?;
        config.challenge_interval_slots = interval;
    }
    if let Some(window) = args.response_window_slots {
        validate_response_window(window)?;
        config.response_window_slots = window;
    }
    if let Some(epoch) = args.report_epoch_seconds {
        validate_report_epoch_seconds(epoch)?;
        let now = Clock::get()?.unix_timestamp;
        config.set_report_epoch_seconds(epoch, now).ok_or(RegistryError::Overflow)?;
    }
    if let Some(qos) = args.qos {
        require!(qos.is_valid(), RegistryError::InvalidQosParams);
        config.qos = qos;
    }
    if let Some(authority) = args.authority {
        config.authority = authority;
    }
    emit!(RegistryParamsUpdated {
        config: config.key(),
        authority: config.authority,
        min_stake: config.min_stake,
        challenge_interval_slots: config.challenge_interval_slots,
        response_window_slots: config.response_window_slots,
        report_epoch_seconds: config.report_epoch_seconds,
        qos: config.qos,
    });
    Ok(())
}
