//! PDA seeds, shared with the SDK (`sdk/src/pda.ts`).
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"stake_config";
/// Longest unbonding period governance may set: one year.
pub const MAX_COOLDOWN_SECONDS: u64 = 365 * 24 * 60 * 60;
