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

/// Checks: the transition is one the signer may make (operator: Active <-> Paused; authority:
/// jail, release to Paused); an operator's change comes at least
/// `status_cooldown_slots` (challenge interval + response window) after the node's last one,
/// so a node cannot resume, act and pause again before it could be challenged; resuming needs
/// the pool to hold `min_stake`.
pub fn handler(ctx: Context<SetStatus>, status: NodeStatus) -> Result<()> {
    let signer = ctx.accounts.signer.key();
    let config = &ctx.accounts.config;
    let node = &mut ctx.accounts.node;
    let from = node.status;
    let is_operator = signer == node.operator;
    let is_authority = signer == config.authority;
    let operator_change = matches!((from, status), (NodeStatus::Active, NodeStatus::Paused) | (NodeStatus::Paused, NodeStatus::Active));
    let allowed = match (from, status) {
        _ if operator_change => is_operator,
        (NodeStatus::Active | NodeStatus::Paused | NodeStatus::Pending, NodeStatus::Jailed) => is_authority,
        // Release from jail lands in Paused: the operator resumes once the stake is back.
        (NodeStatus::Jailed, NodeStatus::Paused) => is_authority,
        _ => false,
    };
    require!(allowed, RegistryError::InvalidStatusTransition);
    let slot = Clock::get()?.slot;
    if operator_change {
        let cooldown = config.status_cooldown_slots().ok_or(RegistryError::Overflow)?;
        let ready = node.status_changed_slot.checked_add(cooldown).ok_or(RegistryError::Overflow)?;
        require!(slot >= ready, RegistryError::StatusCooldown);
    }
    if status == NodeStatus::Active {
        require!(ctx.accounts.pool.total_tokens >= config.min_stake, RegistryError::InsufficientStake);
    }
    if from == NodeStatus::Jailed {
        node.consecutive_misses = 0;
    }
    node.status = status;
    node.status_changed_slot = slot;
    emit!(NodeStatusChanged { node: node.key(), by: signer, from, to: status, slot });
    Ok(())
}
