use anchor_lang::prelude::*;

// Same `value * bps / 10_000` (rounded down). Its overflow error is `StakingError::Overflow`,
// but that is unreachable here: a valid fee split keeps every share <= BPS_DENOMINATOR, so the
// result never exceeds `value`.
use staking::state::bps_of;

use crate::{constants::BPS_DENOMINATOR, errors::PaymentError};

/// Where each $SYNQ paid for credits goes, in basis points of the payment.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct FeeSplit {
    pub operators_bps: u16,
    pub treasury_bps: u16,
    pub burn_bps: u16,
}

/// One payment split into its three destinations; the operators get the rounding remainder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitAmounts {
    pub to_rewards: u64,
    pub to_treasury: u64,
    pub burned: u64,
}

impl FeeSplit {
    pub fn is_valid(&self) -> bool {
        u32::from(self.operators_bps) + u32::from(self.treasury_bps) + u32::from(self.burn_bps)
            == u32::from(BPS_DENOMINATOR)
    }

    pub fn split(&self, amount: u64) -> Result<SplitAmounts> {
        let burned = bps_of(amount, self.burn_bps)?;
        let to_treasury = bps_of(amount, self.treasury_bps)?;
        let to_rewards = amount
            .checked_sub(burned)
            .and_then(|rest| rest.checked_sub(to_treasury))
            .ok_or(PaymentError::Overflow)?;
        Ok(SplitAmounts { to_rewards, to_treasury, burned })
    }
}

/// A developer's pricing tier. Accounts that never bought credits are on `Free`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum Tier {
    Free,
    Standard,
    Premium,
}

/// One row of the price table. Quotas are free allowances per epoch; prices are in $SYNQ base
/// units (credits cost `price * credit_rate`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct TierPricing {
    pub free_storage_bytes: u64,
    pub free_queries: u64,
    pub free_vectors: u64,
    pub storage_per_gb_month: u64,
    pub per_million_queries: u64,
    pub per_million_vectors: u64,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct PriceTable {
    pub free: TierPricing,
    pub standard: TierPricing,
    pub premium: TierPricing,
}

#[account]
#[derive(InitSpace)]
pub struct Config {
    pub authority: Pubkey,
    pub mint: Pubkey,
    /// Token account (PDA `[TREASURY_SEED, config]`) owned by this config.
    pub treasury: Pubkey,
    /// Token account (PDA `[REWARD_VAULT_SEED, config]`) owned by this config.
    pub reward_vault: Pubkey,
    pub fee_split: FeeSplit,
    /// Credits granted per base unit of $SYNQ.
    pub credit_rate: u64,
    pub prices: PriceTable,
    pub epoch_length_seconds: u64,
    /// How long after its end an epoch's rewards can be claimed.
    pub claim_window_seconds: u64,
    /// The settlement window of a channel: how long a node has, after the developer asks for
    /// the unused deposit back, to settle what it served.
    pub channel_close_seconds: u64,
    /// May pause and unpause, nothing else.
    pub guardian: Pubkey,
    pub paused: bool,
    /// Number of the open epoch (`[EPOCH_SEED, current_epoch]`).
    pub current_epoch: u64,
    /// Lifetime totals in base units: paid = burned + to_treasury + to_rewards.
    pub total_paid: u128,
    pub total_burned: u128,
    pub total_to_treasury: u128,
    pub total_to_rewards: u128,
    pub created_at: i64,
    pub bump: u8,
    pub treasury_bump: u8,
    pub reward_vault_bump: u8,
}

impl Config {
    /// The bounds `initialize` and `set_params` enforce.
    pub fn validate(&self) -> Result<()> {
        require!(self.fee_split.is_valid(), PaymentError::InvalidFeeSplit);
        require!(self.credit_rate > 0, PaymentError::InvalidCreditRate);
        use crate::constants::*;
        require!((MIN_EPOCH_SECONDS..=MAX_EPOCH_SECONDS).contains(&self.epoch_length_seconds), PaymentError::InvalidEpochLength);
        require!(
            (MIN_CLAIM_WINDOW_SECONDS..=MAX_CLAIM_WINDOW_SECONDS).contains(&self.claim_window_seconds),
            PaymentError::InvalidClaimWindow
        );
        require!(
            (MIN_CHANNEL_CLOSE_SECONDS..=MAX_CHANNEL_CLOSE_SECONDS).contains(&self.channel_close_seconds),
            PaymentError::InvalidChannelCloseWindow
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_rounds_towards_operators_and_never_overflows() {
        let split = FeeSplit { operators_bps: 7_000, treasury_bps: 2_000, burn_bps: 1_000 };
        assert!(split.is_valid());
        let parts = split.split(999).unwrap();
        assert_eq!((parts.burned, parts.to_treasury, parts.to_rewards), (99, 199, 701));
        let max = split.split(u64::MAX).unwrap();
        assert_eq!(u128::from(max.burned) + u128::from(max.to_treasury) + u128::from(max.to_rewards), u128::from(u64::MAX));
        assert!(!FeeSplit { operators_bps: 7_000, treasury_bps: 2_000, burn_bps: 1_001 }.is_valid());
    }
}
