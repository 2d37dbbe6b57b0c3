//! Registry: Synq storage nodes, their metrics, storage commitments and challenges.
use anchor_lang::prelude::*;

pub mod challenge;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod merkle;
pub mod state;

use instructions::*;
use state::NodeStatus;

declare_id!("43j8JqMHXGjtxDfhQw1ZKNy8CCKdBiFqjWEsVHnwo4BY");

#[program]
pub mod registry {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }

    pub fn set_params(ctx: Context<SetParams>, args: SetRegistryParamsArgs) -> Result<()> {
        instructions::set_params::handler(ctx, args)
    }

    pub fn register_node(ctx: Context<RegisterNode>, args: RegisterNodeArgs) -> Result<()> {
        instructions::register_node::handler(ctx, args)
    }

    pub fn update_node(ctx: Context<UpdateNode>, args: UpdateNodeArgs) -> Result<()> {
        instructions::update_node::handler(ctx, args)
    }

    pub fn set_status(ctx: Context<SetStatus>, status: NodeStatus) -> Result<()> {
        instructions::set_status::handler(ctx, status)
    }

    pub fn submit_report(ctx: Context<SubmitReport>, args: ReportArgs) -> Result<()> {
        instructions::submit_report::handler(ctx, args)
    }

    pub fn commit_storage(ctx: Context<CommitStorage>, root: [u8; 32], size: u64) -> Result<()> {
        instructions::commit_storage::handler(ctx, root, size)
    }

    pub fn issue_challenge(ctx: Context<IssueChallenge>) -> Result<()> {
        instructions::issue_challenge::handler(ctx)
    }

    pub fn respond_challenge(ctx: Context<RespondChallenge>, proof: ChallengeProof) -> Result<()> {
        instructions::respond_challenge::handler(ctx, proof)
    }

    pub fn expire_challenge(ctx: Context<ExpireChallenge>) -> Result<()> {
        instructions::expire_challenge::handler(ctx)
    }

    pub fn deregister(ctx: Context<Deregister>) -> Result<()> {
        instructions::deregister::handler(ctx)
    }
}
