use anchor_lang::prelude::*;
use staking::state::StakePool;

use crate::{
    constants::*,
    errors::RegistryError,
    events::NodeStatusChanged,
    state::{Node, NodeStatus, RegistryConfig},
};

#[derive(Accounts)]
pub struct SetStatus<'info> {
    /// The node operator (pause / resume) or the config authority (jail / unjail).
    pub signer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, has_one = pool, seeds = [NODE_SEED, node.operator.as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
    /// Read to check the minimum stake when a node resumes.
    pub pool: Box<Account<'info, StakePool>>,
}

pub fn handler(ctx: Context<SetStatus>, status: NodeStatus) -> Result<()> {
    let signer = ctx.accounts.signer.key();
    let config = &ctx.accounts.config;
    let node = &mut ctx.accounts.node;
    let from = node.status;
    let is_operator = signer == node.operator;
    let is_authority = signer == config.authority;
    let allowed = match (from, status) {
        (NodeStatus::Active, NodeStatus::Paused) => is_operator,
        (NodeStatus::Paused, NodeStatus::Active) => is_operator,
        (NodeStatus::Active | NodeStatus::Paused | NodeStatus::Pending, NodeStatus::Jailed) => is_authority,
        // Release from jail lands in Paused: the operator resumes once the stake is back.
        (NodeStatus::Jailed, NodeStatus::Paused) => is_authority,
        _ => false,
    };
    require!(allowed, RegistryError::InvalidStatusTransition);
    if status == NodeStatus::Active {
        require!(ctx.accounts.pool.total_tokens >= config.min_stake, RegistryError::InsufficientStake);
    }
    node.status = status;
    emit!(NodeStatusChanged { node: node.key(), by: signer, from, to: status, slot: Clock::get()?.slot });
    Ok(())
}
