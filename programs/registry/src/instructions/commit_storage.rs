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

/// Replaces the node's storage commitment.
///
/// Checks: signer is the node's operator (has_one, node PDA); node Active or Paused; size > 0
/// and at most `MAX_COMMITMENT_CHUNKS` chunks (what one response transaction can prove); no
/// challenge open (it was issued against the old root, which the node may be about to delete).
pub fn handler(ctx: Context<CommitStorage>, root: [u8; 32], size: u64) -> Result<()> {
    require!(size > 0, RegistryError::InvalidCommitment);
    let node = &mut ctx.accounts.node;
    require!(
        matches!(node.status, NodeStatus::Active | NodeStatus::Paused),
        RegistryError::NodeNotActive
    );
    require!(node.open_challenges == 0, RegistryError::ChallengeOpen);
    let chunk_count = size.div_ceil(CHUNK_SIZE);
    require!(chunk_count <= MAX_COMMITMENT_CHUNKS, RegistryError::CommitmentTooLarge);
    let clock = Clock::get()?;
    let epoch = ctx.accounts.config.report_epoch(clock.unix_timestamp).ok_or(RegistryError::Overflow)?;
    node.commitment = StorageCommitment { root, size, chunk_count, epoch, slot: clock.slot };
    emit!(StorageCommitted { node: node.key(), root, size, chunk_count, epoch, slot: clock.slot });
    Ok(())
}
