//! Who may earn: the rule `settle_usage` and `claim` share (docs/payments.md).
use anchor_lang::prelude::*;
use registry::state::{Node, NodeStatus, RegistryConfig};
use staking::state::StakePool;

use crate::errors::PaymentError;

/// A node has usage settled and claims rewards only while it is Active, has a storage
/// commitment (so it can be challenged) and its pool holds at least the registry's minimum
/// stake. Without this a node could unstake everything, never commit, pause, and still earn.
pub fn require_earning(node: &Node, pool: &StakePool, registry_config: &RegistryConfig) -> Result<()> {
    require!(node.status == NodeStatus::Active, PaymentError::NodeNotActive);
    require!(node.commitment.size > 0, PaymentError::NodeUncommitted);
    require!(pool.total_tokens >= registry_config.min_stake, PaymentError::NodeUnderstaked);
    Ok(())
}
