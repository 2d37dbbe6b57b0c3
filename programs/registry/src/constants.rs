//! PDA seeds, shared with the SDK (`sdk/src/pda.ts`).
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"registry_config";
/// Signs slashing CPIs into the staking program.
#[constant]
pub const SLASHER_SEED: &[u8] = b"slasher";
