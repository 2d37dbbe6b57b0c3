use anchor_lang::prelude::*;
use staking::{
    program::Staking,
    state::{StakeConfig, StakePool, StakePosition},
};

use crate::{
    vote_lock::{change_vote_lock, VoteLockChange},
    constants::*,
    errors::GovernanceError,
    events::VoteCast,
    state::{voting_power, GovernanceConfig, Proposal, ProposalState, VoteChoice, VoteRecord},
};

#[derive(Accounts)]
pub struct CastVote<'info> {
    /// The position's owner; pays the vote record's rent (back on relinquish).
    #[account(mut)]
    pub voter: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        mut,
        has_one = config,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &proposal.index.to_le_bytes()],
        bump = proposal.bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
    #[account(
        seeds = [staking::constants::POOL_SEED, pool.operator.as_ref()],
        bump = pool.bump,
        seeds::program = staking::ID,
    )]
    pub pool: Box<Account<'info, StakePool>>,
    /// Written by staking's `lock_vote` (this program never serialises staking accounts).
    #[account(
        mut,
        has_one = pool,
        constraint = position.owner == voter.key() @ GovernanceError::NotPositionOwner,
        seeds = [staking::constants::POSITION_SEED, pool.key().as_ref(), position.owner.as_ref()],
        bump = position.bump,
        seeds::program = staking::ID,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    /// `init`: a second vote with the same position fails here.
    #[account(
        init,
        payer = voter,
        space = 8 + VoteRecord::INIT_SPACE,
        seeds = [VOTE_SEED, proposal.key().as_ref(), position.key().as_ref()],
        bump,
    )]
    pub vote_record: Box<Account<'info, VoteRecord>>,
    /// CHECK: the governance authority PDA; signs `lock_vote`.
    #[account(seeds = [AUTHORITY_SEED], bump = config.authority_bump)]
    pub governance_authority: UncheckedAccount<'info>,
    /// Staking checks it is its config and that `governance` is our authority PDA.
    pub staking_config: Box<Account<'info, StakeConfig>>,
    pub staking_program: Program<'info, Staking>,
    pub system_program: Program<'info, System>,
}

/// Records the position's active stake as the vote weight (frozen) and locks the position in
/// staking until the vote is relinquished after the voting period.
pub fn handler(ctx: Context<CastVote>, choice: VoteChoice) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let proposal = &mut ctx.accounts.proposal;
    require!(proposal.state == ProposalState::Voting, GovernanceError::InvalidProposalState);
    require!(now < proposal.voting_ends_at, GovernanceError::VotingEnded);
    let weight = voting_power(&ctx.accounts.pool, &ctx.accounts.position)?;
    require!(weight > 0, GovernanceError::NoVotingPower);

    let tally = match choice {
        VoteChoice::Yes => &mut proposal.yes_weight,
        VoteChoice::No => &mut proposal.no_weight,
        VoteChoice::Abstain => &mut proposal.abstain_weight,
    };
    *tally = tally.checked_add(weight).ok_or(GovernanceError::Overflow)?;
    proposal.total_votes().ok_or(GovernanceError::Overflow)?;
    proposal.vote_count = proposal.vote_count.checked_add(1).ok_or(GovernanceError::Overflow)?;

    let record = &mut ctx.accounts.vote_record;
    record.set_inner(VoteRecord {
        proposal: proposal.key(),
        position: ctx.accounts.position.key(),
        voter: ctx.accounts.voter.key(),
        choice,
        weight,
        voted_at: now,
        bump: ctx.bumps.vote_record,
    });

    change_vote_lock(
        VoteLockChange::Lock,
        ctx.accounts.staking_program.to_account_info(),
        ctx.accounts.governance_authority.to_account_info(),
        ctx.accounts.staking_config.to_account_info(),
        ctx.accounts.position.to_account_info(),
        ctx.accounts.config.authority_bump,
    )?;
    emit!(VoteCast {
        proposal: proposal.key(),
        position: record.position,
        voter: record.voter,
        choice,
        weight,
        yes_weight: proposal.yes_weight,
        no_weight: proposal.no_weight,
        abstain_weight: proposal.abstain_weight,
    });
    Ok(())
}
