use anchor_lang::prelude::*;

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
