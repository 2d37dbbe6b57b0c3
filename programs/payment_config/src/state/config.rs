use anchor_lang::prelude::*;

use crate::constants::BPS_DENOMINATOR;

/// Where each $SYNQ paid for credits goes, in basis points of the payment.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct FeeSplit {
    pub operators_bps: u16,
    pub treasury_bps: u16,
    pub burn_bps: u16,
}

impl FeeSplit {
    pub fn is_valid(&self) -> bool {
        u32::from(self.operators_bps) + u32::from(self.treasury_bps) + u32::from(self.burn_bps)
            == u32::from(BPS_DENOMINATOR)
    }
}

#[account]
#[derive(InitSpace)]
pub struct Config {
    pub authority: Pubkey,
    pub mint: Pubkey,
    /// Token account (PDA) owned by this config that receives the treasury share.
    pub treasury: Pubkey,
    pub fee_split: FeeSplit,
    /// Credits granted per base unit of $SYNQ.
    pub credit_rate: u64,
    pub epoch_length_seconds: u64,
    /// Posts each epoch's reward merkle root.
    pub settlement_authority: Pubkey,
    /// May pause and unpause, nothing else.
    pub guardian: Pubkey,
    pub paused: bool,
    pub created_at: i64,
    pub bump: u8,
    pub treasury_bump: u8,
}
