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

/// Longest unbonding period governance may set: one year.
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
