use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::StorageCommitted,
    state::{Node, NodeStatus, RegistryConfig, StorageCommitment},
};

#[derive(Accounts)]
pub struct CommitStorage<'info> {
    pub operator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, has_one = operator, seeds = [NODE_SEED, operator.key().as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
}

/// Replaces the node's storage commitment. An open challenge keeps the root it was issued
/// against, so a new commitment cannot dodge it.
pub fn handler(ctx: Context<CommitStorage>, root: [u8; 32], size: u64) -> Result<()> {
    require!(size > 0, RegistryError::InvalidCommitment);
    let node = &mut ctx.accounts.node;
    require!(
        matches!(node.status, NodeStatus::Active | NodeStatus::Paused),
        RegistryError::NodeNotActive
    );
    let chunk_count = size.div_ceil(CHUNK_SIZE);
    let clock = Clock::get()?;
    let now = u64::try_from(clock.unix_timestamp).map_err(|_| RegistryError::Overflow)?;
    let epoch = now / ctx.accounts.config.report_epoch_seconds;
    node.commitment = StorageCommitment { root, size, chunk_count, epoch, slot: clock.slot };
    emit!(StorageCommitted { node: node.key(), root, size, chunk_count, epoch, slot: clock.slot });
    Ok(())
}
