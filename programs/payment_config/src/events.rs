use anchor_lang::prelude::*;

use crate::state::{FeeSplit, PriceTable, Tier};

#[event]
pub struct PaymentConfigInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub mint: Pubkey,
    pub treasury: Pubkey,
    pub reward_vault: Pubkey,
    pub fee_split: FeeSplit,
    pub credit_rate: u64,
    pub epoch_length_seconds: u64,
    pub claim_window_seconds: u64,
}

#[event]
pub struct PaymentParamsUpdated {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub fee_split: FeeSplit,
    pub credit_rate: u64,
    pub prices: PriceTable,
    pub epoch_length_seconds: u64,
    pub claim_window_seconds: u64,
    pub channel_close_seconds: u64,
    pub guardian: Pubkey,
}

#[event]
pub struct PauseChanged {
    pub config: Pubkey,
    pub paused: bool,
    pub by: Pubkey,
}

#[event]
pub struct CreditsPurchased {
    pub owner: Pubkey,
    pub credit_account: Pubkey,
    pub tier: Tier,
    pub amount: u64,
    pub credits: u64,
    pub burned: u64,
    pub to_treasury: u64,
    /// Into the credit account's escrow (the reward vault), not into any epoch's pool.
    pub to_rewards: u64,
    pub balance: u64,
    pub escrow: u64,
}

#[event]
pub struct UsageSettled {
    pub node: Pubkey,
    pub credit_account: Pubkey,
    pub epoch: u64,
    pub cumulative_credits: u64,
    pub nonce: u64,
    /// Credits deducted by this receipt (cumulative minus the last settled).
    pub delta: u64,
    /// What the channel's deposit holds after it.
    pub deposit: u64,
    /// Escrow the consumed credits paid for, moved into the epoch's pool.
    pub released: u64,
    pub epoch_pool: u64,
}

/// `ended`'s rewards can be claimed until `claim_expires_at`.
#[event]
pub struct EpochAdvanced {
    pub ended: u64,
    pub pool: u64,
    pub usage_total: u64,
    pub node_count: u32,
    /// Σ of the nodes' usage weights: each node claims `pool * weight / total_weight`.
    pub total_weight: u64,
    pub claim_expires_at: i64,
    pub started: u64,
    pub started_at: i64,
}

#[event]
pub struct RewardClaimed {
    pub epoch: u64,
    pub node: Pubkey,
    pub pool: Pubkey,
    pub amount: u64,
    pub weight: u64,
    pub total_weight: u64,
}

#[event]
pub struct RewardsClawedBack {
    pub epoch: u64,
    pub amount: u64,
    pub treasury: Pubkey,
}

/// The treasury paid out by the config authority (after the handover: an executed proposal).
#[event]
pub struct TreasurySpent {
    pub authority: Pubkey,
    pub destination: Pubkey,
    pub amount: u64,
}

/// `amount` credits (and `escrow`) locked for one node; `deposit` is the channel's total.
#[event]
pub struct ChannelFunded {
    pub channel: Pubkey,
    pub credit_account: Pubkey,
    pub node: Pubkey,
    pub amount: u64,
    pub escrow: u64,
    pub deposit: u64,
}

#[event]
pub struct ChannelCloseRequested {
    pub channel: Pubkey,
    pub deposit: u64,
    pub withdrawable_at: i64,
}

/// The unused deposit (and its escrow) went back to the credit account.
#[event]
pub struct ChannelWithdrawn {
    pub channel: Pubkey,
    pub credits: u64,
    pub escrow: u64,
}
