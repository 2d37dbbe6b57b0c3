use anchor_lang::prelude::*;

use crate::state::FeeSplit;

#[event]
pub struct PaymentConfigInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub mint: Pubkey,
    pub treasury: Pubkey,
    pub fee_split: FeeSplit,
    pub credit_rate: u64,
    pub epoch_length_seconds: u64,
}
