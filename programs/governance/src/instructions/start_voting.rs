use anchor_lang::prelude::*;
use staking::state::StakeConfig;

use crate::{
    constants::*,
    errors::GovernanceError,
    events::VotingStarted,
    state::{GovernanceConfig, Proposal, ProposalState},
};

#[derive(Accounts)]
pub struct StartVoting<'info> {
    pub proposer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        mut,
        has_one = config,
        has_one = proposer @ GovernanceError::NotProposer,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &proposal.index.to_le_bytes()],
        bump = proposal.bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
    /// Staking's config: its `total_staked` is the quorum base, snapshotted now.
    #[account(seeds = [staking::constants::CONFIG_SEED], bump = staking_config.bump, seeds::program = staking::ID)]
    pub staking_config: Box<Account<'info, StakeConfig>>,
}

/// Opens the vote for `voting_period_seconds` and freezes the quorum base, quorum, approval
/// threshold and timelock in the proposal.
pub fn handler(ctx: Context<StartVoting>) -> Result<()> {
    let config = &ctx.accounts.config;
    let proposal = &mut ctx.accounts.proposal;
    require!(proposal.state == ProposalState::Draft, GovernanceError::InvalidProposalState);
    let now = Clock::get()?.unix_timestamp;
    let period = i64::try_from(config.voting_period_seconds).map_err(|_| GovernanceError::Overflow)?;
    proposal.state = ProposalState::Voting;
    proposal.voting_starts_at = now;
    proposal.voting_ends_at = now.checked_add(period).ok_or(GovernanceError::Overflow)?;
    proposal.total_stake_snapshot = ctx.accounts.staking_config.total_staked;
    proposal.quorum_bps = config.quorum_bps;
    proposal.approval_threshold_bps = config.approval_threshold_bps;
    proposal.timelock_seconds = config.timelock_seconds;
    emit!(VotingStarted {
        proposal: proposal.key(),
        voting_starts_at: proposal.voting_starts_at,
        voting_ends_at: proposal.voting_ends_at,
        total_stake_snapshot: proposal.total_stake_snapshot,
    });
    Ok(())
}
