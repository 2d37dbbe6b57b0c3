use anchor_lang::prelude::*;

#[constant]
pub const VAULT_SEED: &[u8] = b"vault";
#[constant]
pub const VAULT_TOKENS_SEED: &[u8] = b"vault_tokens";
#[constant]
pub const MINT_AUTHORITY_SEED: &[u8] = b"mint_authority";
#[constant]
pub const BLOB_SEED: &[u8] = b"blob";
/// Largest blob: what one instruction may grow an account by (MAX_PERMITTED_DATA_INCREASE).
pub const MAX_BLOB_SIZE: u32 = 10 * 1024;
