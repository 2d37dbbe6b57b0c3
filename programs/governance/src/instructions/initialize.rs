use anchor_lang::prelude::*;

use crate::{constants::*, errors::GovernanceError, events::GovernanceInitialized, state::GovernanceConfig};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct InitializeArgs {
    pub guardian: Pubkey,
    pub quorum_bps: u16,
    pub approval_threshold_bps: u16,
    pub voting_period_seconds: u64,
    pub timelock_seconds: u64,
    pub proposal_threshold: u64,
}

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The deployer: must be the program's upgrade authority (the config itself names the
    /// governance PDA as its authority).
    pub authority: Signer<'info>,
    /// The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its
    /// upgrade authority may initialise, so nobody can take the config before the deployer.
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = anchor_lang::solana_program::bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(authority.key()) @ GovernanceError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    #[account(
        init,
        payer = payer,
        space = 8 + GovernanceConfig::INIT_SPACE,
        seeds = [CONFIG_SEED],
        bump,
    )]
    pub config: Account<'info, GovernanceConfig>,
    /// CHECK: only its address is used; it signs executed proposals.
    #[account(seeds = [AUTHORITY_SEED], bump)]
    pub governance_authority: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    config.set_inner(GovernanceConfig {
        authority: ctx.accounts.governance_authority.key(),
        guardian: args.guardian,
        quorum_bps: args.quorum_bps,
        approval_threshold_bps: args.approval_threshold_bps,
        voting_period_seconds: args.voting_period_seconds,
        timelock_seconds: args.timelock_seconds,
        proposal_threshold: args.proposal_threshold,
        proposal_count: 0,
        bump: ctx.bumps.config,
        authority_bump: ctx.bumps.governance_authority,
    });
    config.validate()?;
    emit!(GovernanceInitialized {
        config: config.key(),
        authority: config.authority,
        guardian: config.guardian,
        quorum_bps: config.quorum_bps,
        approval_threshold_bps: config.approval_threshold_bps,
        voting_period_seconds: config.voting_period_seconds,
        timelock_seconds: config.timelock_seconds,
    });
    Ok(())
}
