use anchor_lang::prelude::*;
use staking::state::StakePool;

use crate::{
    constants::*,
    errors::RegistryError,
    events::NodeRegistered,
    state::{Node, NodeMetrics, NodeStatus, RegistryConfig, StorageCommitment},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct RegisterNodeArgs {
    pub endpoint: String,
    pub region: u16,
    pub capacity_bytes: u64,
    pub models: u32,
}

#[derive(Accounts)]
pub struct RegisterNode<'info> {
    #[account(mut)]
    pub operator: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    /// The operator's pool: owned by the staking program (`Account` checks the owner) at the
    /// PDA derived from this operator.
    #[account(
        seeds = [staking::constants::POOL_SEED, operator.key().as_ref()],
        bump = pool.bump,
        seeds::program = staking::ID,
    )]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(
        init,
        payer = operator,
        space = 8 + Node::INIT_SPACE,
        seeds = [NODE_SEED, operator.key().as_ref()],
        bump,
    )]
    pub node: Box<Account<'info, Node>>,
    pub system_program: Program<'info, System>,
}

pub fn validate_endpoint(endpoint: &str) -> Result<()> {
    require!(
        !endpoint.is_empty() && endpoint.len() <= MAX_ENDPOINT_LEN as usize,
        RegistryError::InvalidEndpoint
    );
    Ok(())
}

pub fn handler(ctx: Context<RegisterNode>, args: RegisterNodeArgs) -> Result<()> {
    validate_endpoint(&args.endpoint)?;
    let config = &mut ctx.accounts.config;
    let pool = &ctx.accounts.pool;
    require!(pool.total_tokens >= config.min_stake, RegistryError::InsufficientStake);
    config.node_count = config.node_count.checked_add(1).ok_or(RegistryError::Overflow)?;
    let clock = Clock::get()?;
    let node = &mut ctx.accounts.node;
    node.set_inner(Node {
        operator: ctx.accounts.operator.key(),
        pool: pool.key(),
        endpoint: args.endpoint,
        region: args.region,
        capacity_bytes: args.capacity_bytes,
        models: args.models,
        status: NodeStatus::Active,
        qos_bps: INITIAL_QOS_BPS,
        metrics: NodeMetrics::default(),
        last_report_epoch: 0,
        commitment: StorageCommitment::default(),
        challenge_sequence: 0,
        open_challenges: 0,
        last_challenge_slot: 0,
        consecutive_misses: 0,
        slash_epoch: 0,
        slashes_in_epoch: 0,
        status_changed_slot: clock.slot,
        registered_at: clock.unix_timestamp,
        bump: ctx.bumps.node,
    });
    emit!(NodeRegistered {
        node: node.key(),
        operator: node.operator,
        pool: node.pool,
        endpoint: node.endpoint.clone(),
        region: node.region,
        capacity_bytes: node.capacity_bytes,
        models: node.models,
        stake: pool.total_tokens,
        slot: clock.slot,
    });
    Ok(())
}
