use anchor_lang::prelude::*;

use crate::state::{ProposalState, VoteChoice};

#[event]
pub struct GovernanceInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub guardian: Pubkey,
    pub quorum_bps: u16,
    pub approval_threshold_bps: u16,
    pub voting_period_seconds: u64,
    pub timelock_seconds: u64,
}

#[event]
pub struct GovernanceParamsUpdated {
    pub config: Pubkey,
    pub guardian: Pubkey,
    pub quorum_bps: u16,
    pub approval_threshold_bps: u16,
    pub voting_period_seconds: u64,
    pub timelock_seconds: u64,
    pub proposal_threshold: u64,
}

#[event]
pub struct ProposalCreated {
    pub proposal: Pubkey,
    pub index: u64,
    pub proposer: Pubkey,
    pub title: String,
}

#[event]
pub struct ActionAdded {
    pub proposal: Pubkey,
    pub index: u8,
    pub program_id: Pubkey,
}

#[event]
pub struct VotingStarted {
    pub proposal: Pubkey,
    pub voting_starts_at: i64,
    pub voting_ends_at: i64,
    pub total_stake_snapshot: u64,
}

#[event]
pub struct VoteCast {
    pub proposal: Pubkey,
    pub position: Pubkey,
    pub voter: Pubkey,
    pub choice: VoteChoice,
    pub weight: u64,
    pub yes_weight: u64,
    pub no_weight: u64,
    pub abstain_weight: u64,
}

#[event]
pub struct VoteRelinquished {
    pub proposal: Pubkey,
    pub position: Pubkey,
}

#[event]
pub struct ProposalFinalized {
    pub proposal: Pubkey,
    pub state: ProposalState,
    pub quorum_reached: bool,
    pub approved: bool,
    pub eta: i64,
}

#[event]
pub struct ProposalExecuted {
    pub proposal: Pubkey,
    pub actions: u8,
}

#[event]
pub struct ProposalCancelled {
    pub proposal: Pubkey,
    pub by: Pubkey,
}
