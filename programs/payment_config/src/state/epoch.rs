use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum EpochState {
    /// Current epoch: settlements add to its usage and, with the escrow they release, its pool.
    Open,
    /// Over (advance_epoch ran): usage is final, awaiting the distribution root.
    Ended,
    /// Root posted: nodes claim until `claim_expires_at`.
    Distributed,
    /// Unclaimed funds returned to the treasury.
    Closed,
}

#[account]
#[derive(InitSpace)]
pub struct Epoch {
    pub number: u64,
    pub state: EpochState,
    /// Operator share of the $SYNQ paid for the credits consumed (settled) during this epoch:
    /// the escrow `settle_usage` released (base units).
    pub pool: u64,
    /// Credits settled to nodes during this epoch.
    pub usage_total: u64,
    /// Nodes with settled usage this epoch (`NodeUsage` accounts).
    pub node_count: u32,
    pub merkle_root: [u8; 32],
    /// Sum of the leaves under `merkle_root` (<= pool).
    pub distribution_total: u64,
    pub claimed: u64,
    pub claim_count: u32,
    /// Sent to the treasury by `clawback`.
    pub clawed_back: u64,
    pub started_at: i64,
    pub ended_at: i64,
    pub claim_expires_at: i64,
    pub bump: u8,
}

impl Epoch {
    /// A fresh epoch `number`, open from `now`.
    pub fn open(number: u64, now: i64, bump: u8) -> Self {
        Epoch {
            number,
            state: EpochState::Open,
            pool: 0,
            usage_total: 0,
            node_count: 0,
            merkle_root: [0; 32],
            distribution_total: 0,
            claimed: 0,
            claim_count: 0,
            clawed_back: 0,
            started_at: now,
            ended_at: 0,
            claim_expires_at: 0,
            bump,
        }
    }
}

/// One node's settled usage in one epoch, with the QoS it had at its latest settlement: the
/// inputs of the reward formula, so anyone can recompute the distribution from chain data.
#[account]
#[derive(InitSpace)]
pub struct NodeUsage {
    pub epoch: Pubkey,
    pub epoch_number: u64,
    pub node: Pubkey,
    pub credits: u64,
    pub receipts: u32,
    pub qos_bps: u16,
    pub bump: u8,
}

/// Exists once the node has claimed its reward of the epoch.
#[account]
#[derive(InitSpace)]
pub struct ClaimStatus {
    pub epoch: Pubkey,
    pub node: Pubkey,
    pub amount: u64,
    pub claimed_at: i64,
    pub bump: u8,
}
