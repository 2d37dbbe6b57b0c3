use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::RegistryInitialized,
    state::{validate_challenge_interval, validate_min_stake, validate_response_window, QosParams, RegistryConfig},
};

/// Only the parameters every deployment picks; the rest start at the defaults in
/// `constants.rs` and change through `set_params`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct InitializeArgs {
    pub min_stake: u64,
    pub challenge_interval_slots: u64,
    pub response_window_slots: u64,
}

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// Signs so that nobody can name an authority key they do not control.
    pub authority: Signer<'info>,
    /// The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its
    /// upgrade authority may initialise, so nobody can take the config before the deployer.
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = anchor_lang::solana_program::bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(authority.key()) @ RegistryError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    #[account(
        init,
        payer = payer,
        space = 8 + RegistryConfig::INIT_SPACE,
        seeds = [CONFIG_SEED],
        bump,
    )]
    pub config: Account<'info, RegistryConfig>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    validate_min_stake(args.min_stake)?;
    validate_challenge_interval(args.challenge_interval_slots)?;
    validate_response_window(args.response_window_slots)?;
    let clock = Clock::get()?;
    let (_, slasher_bump) = Pubkey::find_program_address(&[SLASHER_SEED], ctx.program_id);
    let config = &mut ctx.accounts.config;
    config.set_inner(RegistryConfig {
        authority: ctx.accounts.authority.key(),
        min_stake: args.min_stake,
        challenge_interval_slots: args.challenge_interval_slots,
        response_window_slots: args.response_window_slots,
        report_epoch_seconds: DEFAULT_REPORT_EPOCH_SECONDS,
        epoch_offset: 0,
        qos: QosParams {
            uptime_weight_bps: DEFAULT_UPTIME_WEIGHT_BPS,
            proof_weight_bps: DEFAULT_PROOF_WEIGHT_BPS,
            ewma_alpha_bps: DEFAULT_EWMA_ALPHA_BPS,
            miss_penalty_bps: DEFAULT_MISS_PENALTY_BPS,
            slash_bps: DEFAULT_SLASH_BPS,
            max_slashes_per_epoch: DEFAULT_MAX_SLASHES_PER_EPOCH,
            jail_after_misses: DEFAULT_JAIL_AFTER_MISSES,
        },
        node_count: 0,
        created_at: clock.unix_timestamp,
        bump: ctx.bumps.config,
        slasher_bump,
    });
    emit!(RegistryInitialized {
        config: config.key(),
        authority: config.authority,
        min_stake: config.min_stake,
        challenge_interval_slots: config.challenge_interval_slots,
        response_window_slots: config.response_window_slots,
        slot: clock.slot,
    });
    Ok(())
}
