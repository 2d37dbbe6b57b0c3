use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum EpochState {
    /// Current epoch: settlements add to its usage and, with the escrow they release, its pool.
    Open,
    /// Over (advance_epoch ran): usage is final; nodes claim until `claim_expires_at`.
    Ended,
    /// Unclaimed funds returned to the treasury.
    Closed,
}

#[account]
#[derive(InitSpace)]
pub struct Epoch {
    pub number: u64,
    pub state: EpochState,
    /// Operator share of the $SYNQ paid for the credits consumed (settled) during this epoch:
    /// the escrow `settle_usage` released (base units).
    pub pool: u64,
    /// Credits settled to nodes during this epoch.
    pub usage_total: u64,
    /// Nodes with settled usage this epoch (`NodeUsage` accounts).
    pub node_count: u32,
    /// Σ `NodeUsage::weight` of the epoch: a node's reward is `pool * weight / total_weight`.
    pub total_weight: u64,
    pub claimed: u64,
    pub claim_count: u32,
    /// Sent to the treasury by `clawback`.
    pub clawed_back: u64,
    pub started_at: i64,
    pub ended_at: i64,
    pub claim_expires_at: i64,
    pub bump: u8,
}

impl Epoch {
    /// A fresh epoch `number`, open from `now`.
    pub fn open(number: u64, now: i64, bump: u8) -> Self {
        Epoch {
            number,
            state: EpochState::Open,
            pool: 0,
            usage_total: 0,
            node_count: 0,
            total_weight: 0,
            claimed: 0,
            claim_count: 0,
            clawed_back: 0,
            started_at: now,
            ended_at: 0,
            claim_expires_at: 0,
            bump,
        }
    }
}

/// One node's settled usage in one epoch, with the QoS it had at its latest settlement and the
/// weight they give it: `claim` pays from these alone, no one posts or vouches for a reward.
#[account]
#[derive(InitSpace)]
pub struct NodeUsage {
    pub epoch: Pubkey,
    pub epoch_number: u64,
    pub node: Pubkey,
    pub credits: u64,
    pub receipts: u32,
    pub qos_bps: u16,
    /// `usage_weight(credits, qos_bps)`, kept in step with the epoch's `total_weight`.
    pub weight: u64,
    pub bump: u8,
}

/// A node's share weight in its epoch: its settled credits scaled by its QoS
/// (`credits * qos_bps / 10_000`, rounded down). Never above `credits`, so an epoch's total
/// never exceeds its `usage_total` (a u64).
pub fn usage_weight(credits: u64, qos_bps: u16) -> u64 {
    let scaled = u128::from(credits) * u128::from(qos_bps.min(crate::constants::BPS_DENOMINATOR)) / 10_000;
    // At most `credits`, so it fits.
    scaled as u64
}

/// `floor(pool * weight / total_weight)`: what a node of `weight` claims from an epoch's pool.
/// Claims of all nodes sum to at most `pool` (every term rounds down); 0 when nothing weighs.
pub fn reward_share(pool: u64, weight: u64, total_weight: u64) -> u64 {
    if total_weight == 0 || weight == 0 {
        return 0;
    }
    let share = u128::from(pool) * u128::from(weight.min(total_weight)) / u128::from(total_weight);
    // weight <= total_weight, so share <= pool.
    share as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_never_exceed_the_pool_and_follow_weight() {
        assert_eq!(usage_weight(3_000_000, 10_000), 3_000_000);
        assert_eq!(usage_weight(1_000_000, 5_000), 500_000);
        assert_eq!(usage_weight(u64::MAX, 10_000), u64::MAX);
        assert_eq!(usage_weight(u64::MAX, u16::MAX), u64::MAX, "QoS above 100% counts as 100%");
        assert_eq!(usage_weight(1, 9_999), 0);
        // 1000 split 3e6 : 0.5e6 -> 857 + 142, the unit of dust stays in the pool.
        let (a, b) = (usage_weight(3_000_000, 10_000), usage_weight(1_000_000, 5_000));
        assert_eq!((reward_share(1_000, a, a + b), reward_share(1_000, b, a + b)), (857, 142));
        assert_eq!(reward_share(u64::MAX, u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(reward_share(u64::MAX, 1, u64::MAX), 1);
        assert_eq!(reward_share(5, 0, 0), 0);
        assert_eq!(reward_share(5, 7, 3), 5, "a weight above the total is capped, never more than the pool");
        let weights = [1u64, 7, 13, 1_000_003, u64::MAX / 4];
        let total: u64 = weights.iter().sum();
        let paid: u128 = weights.iter().map(|w| u128::from(reward_share(u64::MAX - 3, *w, total))).sum();
        assert!(paid <= u128::from(u64::MAX - 3));
    }
}

/// Exists once the node has claimed its reward of the epoch.
#[account]
#[derive(InitSpace)]
pub struct ClaimStatus {
    pub epoch: Pubkey,
    pub node: Pubkey,
    pub amount: u64,
    pub claimed_at: i64,
    pub bump: u8,
}
