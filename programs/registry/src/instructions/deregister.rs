use anchor_lang::prelude::*;
use staking::state::StakePool;

use crate::{
    constants::*,
    errors::RegistryError,
    events::NodeDeregistered,
    state::{Node, NodeStatus, RegistryConfig},
};

#[derive(Accounts)]
pub struct Deregister<'info> {
    #[account(mut)]
    pub operator: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    #[account(
        mut,
        has_one = operator,
        has_one = pool,
        close = operator,
        seeds = [NODE_SEED, operator.key().as_ref()],
        bump = node.bump,
    )]
    pub node: Box<Account<'info, Node>>,
    pub pool: Box<Account<'info, StakePool>>,
}

/// Closes the node (rent back to the operator) once its pool holds no active stake and no
/// challenge is open. Unbonding stake stays slashable by the config authority until withdrawn.
///
/// Checks: signer is the node's operator (has_one), the pool is the node's, the node is not
/// Jailed (unstake, deregister, stake and register again would otherwise turn a jailed node into
/// a fresh Active one with clean counters), no active stake, no open challenge.
pub fn handler(ctx: Context<Deregister>) -> Result<()> {
    require!(ctx.accounts.node.status != NodeStatus::Jailed, RegistryError::NodeJailed);
    require!(ctx.accounts.pool.total_tokens == 0, RegistryError::StillStaked);
    require!(ctx.accounts.node.open_challenges == 0, RegistryError::ChallengeOpen);
    let config = &mut ctx.accounts.config;
    config.node_count = config.node_count.checked_sub(1).ok_or(RegistryError::Overflow)?;
    emit!(NodeDeregistered {
        node: ctx.accounts.node.key(),
        operator: ctx.accounts.operator.key(),
        slot: Clock::get()?.slot,
    });
    Ok(())
}
