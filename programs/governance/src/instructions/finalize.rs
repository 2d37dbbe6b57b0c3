use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::GovernanceError,
    events::ProposalFinalized,
    state::{GovernanceConfig, Proposal, ProposalState},
};

#[derive(Accounts)]
pub struct Finalize<'info> {
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

/// `total * 10000 >= bps * base`, in u128.
fn reaches(total: u64, bps: u16, base: u64) -> bool {
    u128::from(total) * u128::from(BPS_DENOMINATOR) >= u128::from(bps) * u128::from(base)
}

/// Permissionless. After the voting period: quorum (yes + no + abstain against the stake
/// snapshot) and approval (yes against yes + no) decide Queued (eta = now + timelock),
/// Succeeded (passed with no actions) or Defeated. A queued proposal past its execution
/// window becomes Expired.
pub fn handler(ctx: Context<Finalize>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let proposal = &mut ctx.accounts.proposal;
    let (mut quorum_reached, mut approved) = (false, false);
    match proposal.state {
        ProposalState::Voting => {
            require!(now >= proposal.voting_ends_at, GovernanceError::VotingNotEnded);
            let total = proposal.total_votes().ok_or(GovernanceError::Overflow)?;
            let decisive = proposal.yes_weight.checked_add(proposal.no_weight).ok_or(GovernanceError::Overflow)?;
            quorum_reached = total > 0 && reaches(total, proposal.quorum_bps, proposal.total_stake_snapshot);
            approved = proposal.yes_weight > 0 && reaches(proposal.yes_weight, proposal.approval_threshold_bps, decisive);
            proposal.state = if !(quorum_reached && approved) {
                ProposalState::Defeated
            } else if proposal.actions.is_empty() {
                ProposalState::Succeeded
            } else {
                let timelock = i64::try_from(proposal.timelock_seconds).map_err(|_| GovernanceError::Overflow)?;
                proposal.eta = now.checked_add(timelock).ok_or(GovernanceError::Overflow)?;
                ProposalState::Queued
            };
        }
        ProposalState::Queued => {
            let grace = i64::try_from(EXECUTION_GRACE_SECONDS).map_err(|_| GovernanceError::Overflow)?;
            let deadline = proposal.eta.checked_add(grace).ok_or(GovernanceError::Overflow)?;
            require!(now > deadline, GovernanceError::InvalidProposalState);
            proposal.state = ProposalState::Expired;
        }
        _ => return err!(GovernanceError::InvalidProposalState),
    }
    emit!(ProposalFinalized { proposal: proposal.key(), state: proposal.state, quorum_reached, approved, eta: proposal.eta });
    Ok(())
}
