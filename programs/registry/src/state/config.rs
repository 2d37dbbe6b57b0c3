use anchor_lang::prelude::*;

/// Registry-wide parameters. `authority` moves to the governance PDA at bootstrap.
#[account]
#[derive(InitSpace)]
pub struct RegistryConfig {
    pub authority: Pubkey,
    /// Tokens (base units) a node's staking pool must hold to register.
    pub min_stake: u64,
    pub challenge_interval_slots: u64,
    pub response_window_slots: u64,
    pub node_count: u64,
    pub created_at: i64,
    pub bump: u8,
    pub slasher_bump: u8,
}
