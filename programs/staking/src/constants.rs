//! PDA seeds (read by the SDK from the IDL constants) and protocol constants.
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"stake_config";
/// `[POOL_SEED, operator]`: one pool per node operator.
#[constant]
pub const POOL_SEED: &[u8] = b"stake_pool";
/// `[VAULT_SEED, pool]`: the pool's token account, its authority is the pool PDA.
#[constant]
pub const VAULT_SEED: &[u8] = b"stake_vault";
/// `[POSITION_SEED, pool, owner]`: one position per (pool, staker).
#[constant]
pub const POSITION_SEED: &[u8] = b"stake_position";

/// Shortest unbonding period: one day, so stake stays slashable well past any challenge's
/// response window and a vote's outcome (stake is locked while it votes anyway).
#[constant]
pub const MIN_COOLDOWN_SECONDS: u64 = 24 * 60 * 60;
/// Warm-up bounds: new stake earns rewards (and counts as stake) only after `warmup_seconds`,
/// so stake placed just before a reward claim cannot share rewards earned before it. At least
/// an hour; at most thirty days. Governance keeps it at least one payment epoch long.
#[constant]
pub const MIN_WARMUP_SECONDS: u64 = 60 * 60;
#[constant]
pub const MAX_WARMUP_SECONDS: u64 = 30 * 24 * 60 * 60;
/// Longest unbonding period governance may set: one year.
#[constant]
pub const MAX_COOLDOWN_SECONDS: u64 = 365 * 24 * 60 * 60;
/// 100% in basis points.
#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Virtual shares and tokens added to each share class (ERC-4626 style offset): a pool starts
/// at `VIRTUAL_SHARES / VIRTUAL_TOKENS` shares per token, and a donation to a near-empty pool
/// is shared with these phantom holders, which makes first-depositor inflation unprofitable.
#[constant]
pub const VIRTUAL_SHARES: u64 = 1_000;
#[constant]
pub const VIRTUAL_TOKENS: u64 = 1;
