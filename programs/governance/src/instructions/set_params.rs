use anchor_lang::prelude::*;

use crate::{constants::*, errors::GovernanceError, events::GovernanceParamsUpdated, state::GovernanceConfig};

/// Every field is optional: `None` keeps the current value. The authority itself is fixed
/// (the PDA), so governance cannot hand itself away.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Default)]
pub struct SetGovernanceParamsArgs {
    pub guardian: Option<Pubkey>,
    pub quorum_bps: Option<u16>,
    pub approval_threshold_bps: Option<u16>,
    pub voting_period_seconds: Option<u64>,
    pub timelock_seconds: Option<u64>,
    pub proposal_threshold: Option<u64>,
}

/// Only an executed proposal can sign as the authority PDA, so this is reached by a stored
/// instruction that `execute` invokes (a self-CPI).
#[derive(Accounts)]
pub struct SetParams<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        has_one = authority @ GovernanceError::NotGovernanceAuthority,
        seeds = [CONFIG_SEED],
        bump = config.bump,
    )]
    pub config: Account<'info, GovernanceConfig>,
}

pub fn handler(ctx: Context<SetParams>, args: SetGovernanceParamsArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    if let Some(guardian) = args.guardian {
        config.guardian = guardian;
    }
    if let Some(quorum) = args.quorum_bps {
        config.quorum_bps = quorum;
    }
    if let Some(threshold) = args.approval_threshold_bps {
        config.approval_threshold_bps = threshold;
    }
    if let Some(period) = args.voting_period_seconds {
        config.voting_period_seconds = period;
    }
    if let Some(timelock) = args.timelock_seconds {
        config.timelock_seconds = timelock;
    }
    if let Some(threshold) = args.proposal_threshold {
        config.proposal_threshold = threshold;
    }
    config.validate()?;
    emit!(GovernanceParamsUpdated {
        config: config.key(),
        guardian: config.guardian,
        quorum_bps: config.quorum_bps,
        approval_threshold_bps: config.approval_threshold_bps,
        voting_period_seconds: config.voting_period_seconds,
        timelock_seconds: config.timelock_seconds,
        proposal_threshold: config.proposal_threshold,
    });
    Ok(())
}
