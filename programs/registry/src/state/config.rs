use anchor_lang::prelude::*;

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
    /// Report epochs are `unix_timestamp / report_epoch_seconds`.
    pub report_epoch_seconds: u64,
    pub qos: QosParams,
    pub node_count: u64,
    pub created_at: i64,
    pub bump: u8,
    pub slasher_bump: u8,
}
