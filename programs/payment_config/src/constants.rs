//! PDA seeds and protocol constants, shared with the SDK (`sdk/src/pda.ts`).
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"payment_config";
#[constant]
pub const TREASURY_SEED: &[u8] = b"treasury";
#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;
