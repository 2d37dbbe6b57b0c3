use anchor_lang::prelude::*;

use crate::state::{NodeStatus, QosParams};

#[event]
pub struct RegistryInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub min_stake: u64,
    pub challenge_interval_slots: u64,
    pub response_window_slots: u64,
    pub slot: u64,
}

#[event]
pub struct RegistryParamsUpdated {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub min_stake: u64,
    pub challenge_interval_slots: u64,
    pub response_window_slots: u64,
    pub report_epoch_seconds: u64,
    pub qos: QosParams,
}

#[event]
pub struct NodeRegistered {
    pub node: Pubkey,
    pub operator: Pubkey,
    pub pool: Pubkey,
    pub endpoint: String,
    pub region: u16,
    pub capacity_bytes: u64,
    pub models: u32,
    pub stake: u64,
    pub slot: u64,
}

#[event]
pub struct NodeUpdated {
    pub node: Pubkey,
    pub endpoint: String,
    pub region: u16,
    pub capacity_bytes: u64,
    pub models: u32,
    pub slot: u64,
}

#[event]
pub struct NodeStatusChanged {
    pub node: Pubkey,
    pub by: Pubkey,
    pub from: NodeStatus,
    pub to: NodeStatus,
    pub slot: u64,
}

#[event]
pub struct ReportSubmitted {
    pub node: Pubkey,
    pub epoch: u64,
    pub bytes_transferred: u64,
    pub sessions_served: u64,
    pub uptime_seconds: u64,
    pub sample_bps: u16,
    pub qos_bps: u16,
    pub slot: u64,
}

#[event]
pub struct StorageCommitted {
    pub node: Pubkey,
    pub root: [u8; 32],
    pub size: u64,
    pub chunk_count: u64,
    pub epoch: u64,
    pub slot: u64,
}

#[event]
pub struct ChallengeIssued {
    pub node: Pubkey,
    pub challenge: Pubkey,
    pub challenger: Pubkey,
    pub sequence: u64,
    pub root: [u8; 32],
    pub chunk_count: u64,
    pub deadline_slot: u64,
    pub slot: u64,
}

#[event]
pub struct ChallengeResponded {
    pub node: Pubkey,
    pub challenge: Pubkey,
    pub sequence: u64,
    /// The slot whose hash fixed the segment asked for, the seed and the indices.
    pub seed_slot: u64,
    pub seed: [u8; 32],
    pub chunk_index: u64,
    pub segment_index: u64,
    pub proofs_passed: u64,
    pub slot: u64,
}

#[event]
pub struct ChallengeExpired {
    pub node: Pubkey,
    pub challenge: Pubkey,
    pub sequence: u64,
    pub qos_bps: u16,
    pub slashed: u64,
    pub proofs_failed: u64,
    /// Set when this miss jailed the node (`jail_after_misses` in a row).
    pub jailed: bool,
    pub slot: u64,
}

#[event]
pub struct NodeDeregistered {
    pub node: Pubkey,
    pub operator: Pubkey,
    pub slot: u64,
}
