use anchor_lang::prelude::*;

use crate::{constants::*, errors::RegistryError};

/// How QoS moves. All values in basis points.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, InitSpace, PartialEq, Eq, Debug)]
pub struct QosParams {
    /// Weight of reported uptime in a report's QoS sample.
    pub uptime_weight_bps: u16,
    /// Weight of the lifetime challenge pass rate in a report's QoS sample.
    pub proof_weight_bps: u16,
    /// EWMA smoothing: qos = (alpha * sample + (10000 - alpha) * qos) / 10000.
    pub ewma_alpha_bps: u16,
    /// A missed challenge multiplies QoS by (10000 - miss_penalty) / 10000.
    pub miss_penalty_bps: u16,
    /// A missed challenge slashes this share of the node's pool (active + unbonding).
    pub slash_bps: u16,
    /// At most this many slashes per report epoch; later misses cost QoS only.
    pub max_slashes_per_epoch: u16,
    /// This many misses in a row jail the node (no more challenges, no earnings) until the
    /// authority releases it: an offline node loses a bounded share, not its whole pool.
    pub jail_after_misses: u16,
}

/// Registry-wide parameters. `authority` moves to the governance PDA at bootstrap.
#[account]
#[derive(InitSpace)]
pub struct RegistryConfig {
    pub authority: Pubkey,
    /// Tokens (base units) a node's staking pool must hold to register.
    pub min_stake: u64,
    pub challenge_interval_slots: u64,
    pub response_window_slots: u64,
    /// Report epochs are `unix_timestamp / report_epoch_seconds + epoch_offset`.
    pub report_epoch_seconds: u64,
    /// Set when `report_epoch_seconds` changes so that epoch numbers never go back (a longer
    /// epoch would otherwise restart numbering below nodes' last reports and lock them out).
    pub epoch_offset: u64,
    pub qos: QosParams,
    pub node_count: u64,
    pub created_at: i64,
    pub bump: u8,
    pub slasher_bump: u8,
}

impl RegistryConfig {
    /// The report epoch at `unix_timestamp`.
    pub fn report_epoch(&self, unix_timestamp: i64) -> Option<u64> {
        let now = u64::try_from(unix_timestamp).ok()?;
        (now / self.report_epoch_seconds.max(1)).checked_add(self.epoch_offset)
    }

    /// Changes the epoch length. Boundaries stay multiples of the length; the numbering moves
    /// up if needed so that the epoch from now on is past the current one.
    pub fn set_report_epoch_seconds(&mut self, seconds: u64, unix_timestamp: i64) -> Option<()> {
        let next = self.report_epoch(unix_timestamp)?.checked_add(1)?;
        let plain = u64::try_from(unix_timestamp).ok()? / seconds.max(1);
        self.epoch_offset = next.saturating_sub(plain);
        self.report_epoch_seconds = seconds;
        Some(())
    }

    /// A node may change its own status (pause or resume) this many slots after its last
    /// change: once resumed it can be challenged and must answer before it can pause again.
    pub fn status_cooldown_slots(&self) -> Option<u64> {
        self.challenge_interval_slots.checked_add(self.response_window_slots)
    }
}

/// Bounds shared by `initialize` and `set_params`: values outside them break the protocol.
pub fn validate_min_stake(min_stake: u64) -> Result<()> {
    require!(min_stake > 0, RegistryError::InvalidMinStake);
    Ok(())
}

pub fn validate_challenge_interval(slots: u64) -> Result<()> {
    require!(slots > 0, RegistryError::InvalidChallengeWindow);
    Ok(())
}

/// At least a few slots (the seed slot must be hashed first) and short enough that the seed
/// slot is still in SlotHashes when the window closes.
pub fn validate_response_window(slots: u64) -> Result<()> {
    require!((MIN_RESPONSE_WINDOW_SLOTS..=MAX_RESPONSE_WINDOW_SLOTS).contains(&slots), RegistryError::InvalidResponseWindow);
    Ok(())
}

pub fn validate_report_epoch_seconds(seconds: u64) -> Result<()> {
    require!((MIN_REPORT_EPOCH_SECONDS..=MAX_REPORT_EPOCH_SECONDS).contains(&seconds), RegistryError::InvalidEpochLength);
    Ok(())
}
