use anchor_lang::prelude::*;
use staking::{
    program::Staking,
    state::{StakeConfig, StakePosition},
};

use crate::{
    vote_lock::{change_vote_lock, VoteLockChange},
    constants::*,
    errors::GovernanceError,
    events::VoteRelinquished,
    state::{GovernanceConfig, Proposal, ProposalState, VoteRecord},
};

#[derive(Accounts)]
pub struct RelinquishVote<'info> {
    /// CHECK: the voter recorded in the vote record (`has_one`); gets its rent back.
    #[account(mut)]
    pub voter: UncheckedAccount<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        has_one = config,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &proposal.index.to_le_bytes()],
        bump = proposal.bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
    #[account(
        mut,
        close = voter,
        has_one = proposal,
        has_one = voter,
        has_one = position,
        seeds = [VOTE_SEED, proposal.key().as_ref(), position.key().as_ref()],
        bump = vote_record.bump,
    )]
    pub vote_record: Box<Account<'info, VoteRecord>>,
    /// Written by staking's `unlock_vote`.
    #[account(mut)]
    pub position: Box<Account<'info, StakePosition>>,
    /// CHECK: the governance authority PDA; signs `unlock_vote`.
    #[account(seeds = [AUTHORITY_SEED], bump = config.authority_bump)]
    pub governance_authority: UncheckedAccount<'info>,
    pub staking_config: Box<Account<'info, StakeConfig>>,
    pub staking_program: Program<'info, Staking>,
}

/// Permissionless once the vote no longer matters (voting period over, or the proposal was
/// cancelled): closes the vote record (rent to the voter) and decrements the position's
/// open-vote counter, so it may unstake again when no other vote is open.
pub fn handler(ctx: Context<RelinquishVote>) -> Result<()> {
    let proposal = &ctx.accounts.proposal;
    let now = Clock::get()?.unix_timestamp;
    require!(
        proposal.state == ProposalState::Cancelled || now >= proposal.voting_ends_at,
        GovernanceError::VoteStillOpen
    );
    change_vote_lock(
        VoteLockChange::Unlock,
        ctx.accounts.staking_program.to_account_info(),
        ctx.accounts.governance_authority.to_account_info(),
        ctx.accounts.staking_config.to_account_info(),
        ctx.accounts.position.to_account_info(),
        ctx.accounts.config.authority_bump,
    )?;
    emit!(VoteRelinquished { proposal: proposal.key(), position: ctx.accounts.position.key() });
    Ok(())
}
