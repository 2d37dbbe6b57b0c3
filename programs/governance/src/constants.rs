//! PDA seeds, shared with the SDK (`sdk/src/pda.ts`), and proposal bounds.
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"governance_config";
/// The PDA that signs executed proposals; every program's config authority after bootstrap.
#[constant]
pub const AUTHORITY_SEED: &[u8] = b"governance_authority";
/// `[PROPOSAL_SEED, config, index u64 LE]`.
#[constant]
pub const PROPOSAL_SEED: &[u8] = b"proposal";
/// `[VOTE_SEED, proposal, stake position]`: one vote per position per proposal.
#[constant]
pub const VOTE_SEED: &[u8] = b"vote_record";
#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;

/// Stored instructions per proposal (all executed in one `execute` transaction).
#[constant]
pub const MAX_ACTIONS: u8 = 4;
/// Account metas per stored instruction.
#[constant]
pub const MAX_ACTION_ACCOUNTS: u8 = 8;
/// Instruction data bytes per stored instruction.
#[constant]
pub const MAX_ACTION_DATA: u16 = 512;
#[constant]
pub const MAX_TITLE_LEN: u8 = 64;
#[constant]
pub const MAX_URI_LEN: u8 = 200;
/// A queued proposal may be executed from its `eta` until `eta + EXECUTION_GRACE_SECONDS`;
/// after that it can only be marked `Expired`.
#[constant]
pub const EXECUTION_GRACE_SECONDS: u64 = 14 * 24 * 60 * 60;
/// Shortest voting period: one day, so holders anywhere get to vote.
#[constant]
pub const MIN_VOTING_PERIOD_SECONDS: u64 = 24 * 60 * 60;
/// Shortest timelock: one day between a vote's end and its execution, for everyone to see
/// what passed (and the guardian to pause payments) before it takes effect.
#[constant]
pub const MIN_TIMELOCK_SECONDS: u64 = 24 * 60 * 60;
/// Longest voting period and timelock governance may set: one year each.
#[constant]
pub const MAX_PERIOD_SECONDS: u64 = 365 * 24 * 60 * 60;
