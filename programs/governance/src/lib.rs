//! Governance: stake-weighted proposals executed by CPI from the governance authority PDA.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;
pub mod vote_lock;

use instructions::*;
use state::{ProposalAction, VoteChoice};

declare_id!("E7Cd8kPzTvhzMWpWu9PFG3X9Nbn3SdpzSFaCeKr32yMx");

#[program]
pub mod governance {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }

    /// Governance's own parameters: signed only by the authority PDA (an executed proposal).
    pub fn set_params(ctx: Context<SetParams>, args: SetGovernanceParamsArgs) -> Result<()> {
        instructions::set_params::handler(ctx, args)
    }

    pub fn create_proposal(ctx: Context<CreateProposal>, args: CreateProposalArgs) -> Result<()> {
        instructions::create_proposal::handler(ctx, args)
    }

    pub fn add_action(ctx: Context<AddAction>, action: ProposalAction) -> Result<()> {
        instructions::add_action::handler(ctx, action)
    }

    pub fn start_voting(ctx: Context<StartVoting>) -> Result<()> {
        instructions::start_voting::handler(ctx)
    }

    pub fn cast_vote(ctx: Context<CastVote>, choice: VoteChoice) -> Result<()> {
        instructions::cast_vote::handler(ctx, choice)
    }

    pub fn relinquish_vote(ctx: Context<RelinquishVote>) -> Result<()> {
        instructions::relinquish_vote::handler(ctx)
    }

    pub fn finalize(ctx: Context<Finalize>) -> Result<()> {
        instructions::finalize::handler(ctx)
    }

    pub fn execute<'info>(ctx: Context<'_, '_, 'info, 'info, Execute<'info>>) -> Result<()> {
        instructions::execute::handler(ctx)
    }

    pub fn cancel(ctx: Context<Cancel>) -> Result<()> {
        instructions::cancel::handler(ctx)
    }
}
