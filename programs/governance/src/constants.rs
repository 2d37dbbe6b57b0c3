//! PDA seeds, shared with the SDK (`sdk/src/pda.ts`).
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"governance_config";
/// The PDA that signs executed proposals; every program's config authority after bootstrap.
#[constant]
pub const AUTHORITY_SEED: &[u8] = b"governance_authority";
#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;
