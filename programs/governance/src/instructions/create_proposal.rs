use anchor_lang::prelude::*;
use staking::state::{StakePool, StakePosition};

use crate::{
    constants::*,
    errors::GovernanceError,
    events::ProposalCreated,
    state::{voting_power, GovernanceConfig, Proposal, ProposalState},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct CreateProposalArgs {
    pub title: String,
    pub description_uri: String,
    /// sha256 of the document at `description_uri`.
    pub description_hash: [u8; 32],
}

#[derive(Accounts)]
pub struct CreateProposal<'info> {
    #[account(mut)]
    pub proposer: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        init,
        payer = proposer,
        space = 8 + Proposal::INIT_SPACE,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &config.proposal_count.to_le_bytes()],
        bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
    /// The pool of the proposer's position (staking's PDA, owner checked by `Account`).
    #[account(
        seeds = [staking::constants::POOL_SEED, pool.operator.as_ref()],
        bump = pool.bump,
        seeds::program = staking::ID,
    )]
    pub pool: Box<Account<'info, StakePool>>,
    /// The proposer's stake position in `pool`: its active stake must reach the threshold.
    #[account(
        has_one = pool,
        constraint = position.owner == proposer.key() @ GovernanceError::NotPositionOwner,
        seeds = [staking::constants::POSITION_SEED, pool.key().as_ref(), position.owner.as_ref()],
        bump = position.bump,
        seeds::program = staking::ID,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreateProposal>, args: CreateProposalArgs) -> Result<()> {
    require!(
        args.title.len() <= usize::from(MAX_TITLE_LEN) && args.description_uri.len() <= usize::from(MAX_URI_LEN),
        GovernanceError::TextTooLong
    );
    let config = &mut ctx.accounts.config;
    let power = voting_power(&ctx.accounts.pool, &ctx.accounts.position)?;
    require!(power >= config.proposal_threshold && power > 0, GovernanceError::BelowProposalThreshold);

    let index = config.proposal_count;
    config.proposal_count = index.checked_add(1).ok_or(GovernanceError::Overflow)?;
    let proposal = &mut ctx.accounts.proposal;
    proposal.set_inner(Proposal {
        config: config.key(),
        index,
        proposer: ctx.accounts.proposer.key(),
        title: args.title,
        description_uri: args.description_uri,
        description_hash: args.description_hash,
        actions: Vec::new(),
        state: ProposalState::Draft,
        yes_weight: 0,
        no_weight: 0,
        abstain_weight: 0,
        vote_count: 0,
        total_stake_snapshot: 0,
        quorum_bps: 0,
        approval_threshold_bps: 0,
        timelock_seconds: 0,
        created_at: Clock::get()?.unix_timestamp,
        voting_starts_at: 0,
        voting_ends_at: 0,
        eta: 0,
        executed_at: 0,
        bump: ctx.bumps.proposal,
    });
    emit!(ProposalCreated { proposal: proposal.key(), index, proposer: proposal.proposer, title: proposal.title.clone() });
    Ok(())
}
