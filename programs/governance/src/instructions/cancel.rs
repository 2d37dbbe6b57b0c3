use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::GovernanceError,
    events::ProposalCancelled,
    state::{GovernanceConfig, Proposal, ProposalState},
};

#[derive(Accounts)]
pub struct Cancel<'info> {
    /// The proposer (before any vote) or the guardian.
    pub signer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        mut,
        has_one = config,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &proposal.index.to_le_bytes()],
        bump = proposal.bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
}

/// The proposer may withdraw a draft, or a vote nobody has voted in yet. The guardian (the
/// circuit breaker) may cancel any proposal that has not been executed or decided against,
/// including a queued one during its timelock; it cannot do anything else.
pub fn handler(ctx: Context<Cancel>) -> Result<()> {
    let signer = ctx.accounts.signer.key();
    let proposal = &mut ctx.accounts.proposal;
    let by_proposer = signer == proposal.proposer
        && (proposal.state == ProposalState::Draft || (proposal.state == ProposalState::Voting && proposal.vote_count == 0));
    let by_guardian = signer == ctx.accounts.config.guardian
        && matches!(proposal.state, ProposalState::Draft | ProposalState::Voting | ProposalState::Queued);
    require!(by_proposer || by_guardian, GovernanceError::CannotCancel);
    proposal.state = ProposalState::Cancelled;
    emit!(ProposalCancelled { proposal: proposal.key(), by: signer });
    Ok(())
}
