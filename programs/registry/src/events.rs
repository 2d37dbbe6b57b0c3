use anchor_lang::prelude::*;

#[event]
pub struct RegistryInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub min_stake: u64,
    pub challenge_interval_slots: u64,
    pub response_window_slots: u64,
    pub slot: u64,
}
