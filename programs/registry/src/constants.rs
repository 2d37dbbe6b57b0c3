//! PDA seeds (read by the SDK from the IDL constants) and protocol constants.
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"registry_config";
/// Signs slashing CPIs into the staking program.
#[constant]
pub const SLASHER_SEED: &[u8] = b"slasher";
/// `[NODE_SEED, operator]`: one node per operator.
#[constant]
pub const NODE_SEED: &[u8] = b"node";
/// `[CHALLENGE_SEED, node, sequence as u64 little-endian]`.
#[constant]
pub const CHALLENGE_SEED: &[u8] = b"challenge";

#[constant]
pub const MAX_ENDPOINT_LEN: u32 = 128;
#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;

/// Storage commitments: data is cut into chunks of `CHUNK_SIZE` bytes (the last one zero
/// padded); each chunk into `SEGMENTS_PER_CHUNK` segments of `SEGMENT_SIZE` bytes. A challenge
/// asks for one segment of one chunk.
#[constant]
pub const CHUNK_SIZE: u64 = 4_096;
#[constant]
pub const SEGMENT_SIZE: u64 = 64;
#[constant]
pub const SEGMENTS_PER_CHUNK: u64 = 64;
/// Depth of a chunk's segment tree (log2 of `SEGMENTS_PER_CHUNK`).
pub const SEGMENT_PROOF_LEN: usize = 6;
/// Longest chunk-level proof accepted: what one `respond_challenge` transaction carries within
/// the 1232-byte packet limit (2^20 chunks = 4 GiB; `commit_storage` refuses more).
pub const MAX_CHUNK_PROOF_LEN: usize = 20;
#[constant]
pub const MAX_COMMITMENT_CHUNKS: u64 = 1_048_576;
const _: () = assert!(MAX_COMMITMENT_CHUNKS == 1 << MAX_CHUNK_PROOF_LEN);

/// Merkle domain separation: leaf = sha256(0x00 || data), node = sha256(0x01 || min || max).
pub const LEAF_PREFIX: u8 = 0x00;
pub const NODE_PREFIX: u8 = 0x01;

/// Parameter bounds (`initialize`, `set_params`). The response window must leave the seed slot
/// (the first after the issue slot) in SlotHashes, which keeps 512 slots.
#[constant]
pub const MIN_RESPONSE_WINDOW_SLOTS: u64 = 4;
#[constant]
pub const MAX_RESPONSE_WINDOW_SLOTS: u64 = 256;
#[constant]
pub const MIN_REPORT_EPOCH_SECONDS: u64 = 3_600;
#[constant]
pub const MAX_REPORT_EPOCH_SECONDS: u64 = 30 * 24 * 60 * 60;
/// One miss burns at most 10% of a pool.
#[constant]
pub const MAX_SLASH_BPS: u16 = 1_000;
#[constant]
pub const MAX_SLASHES_PER_EPOCH: u16 = 10;
#[constant]
pub const MAX_JAIL_AFTER_MISSES: u16 = 100;

/// QoS a fresh node starts at (50%).
#[constant]
pub const INITIAL_QOS_BPS: u16 = 5_000;

/// Defaults set by `initialize`; governance changes them with `set_params`.
pub const DEFAULT_REPORT_EPOCH_SECONDS: u64 = 24 * 60 * 60;
pub const DEFAULT_UPTIME_WEIGHT_BPS: u16 = 7_000;
pub const DEFAULT_PROOF_WEIGHT_BPS: u16 = 3_000;
pub const DEFAULT_EWMA_ALPHA_BPS: u16 = 2_000;
pub const DEFAULT_MISS_PENALTY_BPS: u16 = 2_000;
pub const DEFAULT_SLASH_BPS: u16 = 100;
pub const DEFAULT_MAX_SLASHES_PER_EPOCH: u16 = 3;
pub const DEFAULT_JAIL_AFTER_MISSES: u16 = 3;
