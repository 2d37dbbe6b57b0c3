use anchor_lang::prelude::*;

use super::QosParams;
use crate::constants::{MAX_JAIL_AFTER_MISSES, MAX_SLASHES_PER_EPOCH, MAX_SLASH_BPS};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, InitSpace, PartialEq, Eq, Debug)]
pub enum NodeStatus {
    /// Reserved for a registration awaiting activation (not used by this version).
    Pending,
    Active,
    Paused,
    Jailed,
    Deregistered,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Default, InitSpace, PartialEq, Eq, Debug)]
pub struct NodeMetrics {
    pub bytes_transferred: u64,
    pub sessions_served: u64,
    pub uptime_seconds: u64,
    pub proofs_passed: u64,
    pub proofs_failed: u64,
    pub reports: u64,
}

/// The data a node commits to (see `merkle.rs` for the tree layout).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Default, InitSpace, PartialEq, Eq, Debug)]
pub struct StorageCommitment {
    pub root: [u8; 32],
    pub size: u64,
    pub chunk_count: u64,
    /// Report epoch and slot of the commitment.
    pub epoch: u64,
    pub slot: u64,
}

#[account]
#[derive(InitSpace)]
pub struct Node {
    pub operator: Pubkey,
    /// The operator's staking pool (`staking` PDA `[POOL_SEED, operator]`).
    pub pool: Pubkey,
    #[max_len(128)]
    pub endpoint: String,
    /// Region code (e.g. UN M49), chosen by the operator.
    pub region: u16,
    pub capacity_bytes: u64,
    /// Data models served: bit 0 KV, 1 documents, 2 vectors, 3 time series.
    pub models: u32,
    pub status: NodeStatus,
    pub qos_bps: u16,
    pub metrics: NodeMetrics,
    /// Epoch of the last report; meaningful when `metrics.reports > 0`.
    pub last_report_epoch: u64,
    pub commitment: StorageCommitment,
    /// Sequence number the next challenge gets.
    pub challenge_sequence: u64,
    pub open_challenges: u32,
    pub last_challenge_slot: u64,
    /// Challenges missed since the last one answered; `jail_after_misses` of them jail.
    pub consecutive_misses: u16,
    /// Report epoch of `slashes_in_epoch`.
    pub slash_epoch: u64,
    pub slashes_in_epoch: u16,
    /// Slot of the last status change (pause / resume cooldown).
    pub status_changed_slot: u64,
    pub registered_at: i64,
    pub bump: u8,
}

#[account]
#[derive(InitSpace)]
pub struct Challenge {
    pub node: Pubkey,
    /// Paid the rent; refunded when the challenge is answered or expired.
    pub challenger: Pubkey,
    pub sequence: u64,
    /// The commitment challenged (a later commit_storage does not change it).
    pub root: [u8; 32],
    pub chunk_count: u64,
    /// The segment asked for follows from the hash of the first slot after this one
    /// (`respond_challenge` reads it from SlotHashes), so nobody knows it when the challenge opens.
    pub issued_slot: u64,
    pub deadline_slot: u64,
    pub bump: u8,
}

/// `value * bps / 10_000` in u128, rounded down.
pub fn bps_of(value: u64, bps: u16) -> Option<u64> {
    let product = u128::from(value).checked_mul(u128::from(bps))?;
    u64::try_from(product / 10_000).ok()
}

/// One report's QoS sample: weighted uptime share of the epoch and lifetime pass rate.
///
/// A node without a storage commitment cannot be challenged, so it has no proof score (0), not
/// a perfect one; and self-reported uptime counts only as far as the proof score supports it
/// (uptime share capped at the pass rate), so QoS cannot rise on the node's word alone.
pub fn qos_sample(params: &QosParams, uptime_seconds: u64, epoch_seconds: u64, metrics: &NodeMetrics, committed: bool) -> Option<u16> {
    let uptime_bps = u128::from(uptime_seconds).checked_mul(10_000)? / u128::from(epoch_seconds.max(1));
    let challenged = metrics.proofs_passed.checked_add(metrics.proofs_failed)?;
    let proof_bps = if !committed {
        0
    } else if challenged == 0 {
        10_000
    } else {
        u128::from(metrics.proofs_passed).checked_mul(10_000)? / u128::from(challenged)
    };
    let uptime_bps = uptime_bps.min(10_000).min(proof_bps);
    let weighted = uptime_bps
        .checked_mul(u128::from(params.uptime_weight_bps))?
        .checked_add(proof_bps.checked_mul(u128::from(params.proof_weight_bps))?)?
        / 10_000;
    u16::try_from(weighted.min(10_000)).ok()
}

/// qos' = (alpha * sample + (10000 - alpha) * qos) / 10000, rounded down.
pub fn qos_ewma(qos: u16, sample: u16, alpha_bps: u16) -> Option<u16> {
    let keep = 10_000u32.checked_sub(u32::from(alpha_bps))?;
    let mixed = u32::from(sample).checked_mul(u32::from(alpha_bps))?.checked_add(u32::from(qos).checked_mul(keep)?)? / 10_000;
    u16::try_from(mixed).ok()
}

impl QosParams {
    /// Weights sum to 10000; QoS can move (alpha > 0); a miss slashes at most `MAX_SLASH_BPS`,
    /// at most `MAX_SLASHES_PER_EPOCH` times an epoch, and enough misses in a row jail.
    pub fn is_valid(&self) -> bool {
        u32::from(self.uptime_weight_bps) + u32::from(self.proof_weight_bps) == 10_000
            && (1..=10_000).contains(&self.ewma_alpha_bps)
            && self.miss_penalty_bps <= 10_000
            && self.slash_bps <= MAX_SLASH_BPS
            && (1..=MAX_SLASHES_PER_EPOCH).contains(&self.max_slashes_per_epoch)
            && (1..=MAX_JAIL_AFTER_MISSES).contains(&self.jail_after_misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_commitment_no_score_and_uptime_capped_by_proofs() {
        let params = QosParams { uptime_weight_bps: 7_000, proof_weight_bps: 3_000, ewma_alpha_bps: 2_000, miss_penalty_bps: 0, slash_bps: 0, max_slashes_per_epoch: 1, jail_after_misses: 1 };
        let clean = NodeMetrics::default();
        assert_eq!(qos_sample(&params, 100, 100, &clean, false), Some(0), "full uptime claimed, nothing committed");
        assert_eq!(qos_sample(&params, 100, 100, &clean, true), Some(10_000));
        let half = NodeMetrics { proofs_passed: 1, proofs_failed: 1, ..clean };
        // Uptime 100% claimed, half the challenges answered: both count as 50%.
        assert_eq!(qos_sample(&params, 100, 100, &half, true), Some(5_000));
        assert_eq!(qos_sample(&params, 20, 100, &half, true), Some(2_000 * 7 / 10 + 5_000 * 3 / 10));
    }

    #[test]
    fn ewma_moves_towards_the_sample() {
        assert_eq!(qos_ewma(5_000, 10_000, 2_000), Some(6_000));
        assert_eq!(qos_ewma(5_000, 0, 2_000), Some(4_000));
        assert_eq!(qos_ewma(10_000, 10_000, 10_000), Some(10_000));
    }
}
