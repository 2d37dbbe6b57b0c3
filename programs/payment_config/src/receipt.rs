//! Usage receipts: what a developer signs, and how `settle_usage` finds that signature. The
//! runtime's Ed25519 precompile verifies the signature when the transaction executes; this
//! program only checks, through the instructions sysvar, that the instruction right before it
//! is that precompile, with exactly one signature whose key, signature and message all live in
//! that instruction's own data, and reads which key signed which bytes.
use anchor_lang::{
    prelude::*,
    solana_program::sysvar::instructions::{load_current_index_checked, load_instruction_at_checked},
};

use crate::{
    constants::{RECEIPT_DOMAIN, RECEIPT_MESSAGE_LEN},
    errors::PaymentError,
};

/// The Ed25519 signature-verify precompile (`Ed25519SigVerify111111111111111111111111111`).
pub const ED25519_PROGRAM_ID: Pubkey = pubkey!("Ed25519SigVerify111111111111111111111111111");

/// Offsets header of one signature in the precompile's data (after the 2-byte count).
const OFFSETS_START: usize = 2;
const OFFSETS_LEN: usize = 14;
/// `instruction_index` value meaning "this instruction's own data".
const THIS_INSTRUCTION: u16 = u16::MAX;

/// The exact bytes a developer signs for a receipt. `mint` is the deployment's $SYNQ mint
/// (`Config::mint`): it binds the receipt to one deployment, so a receipt signed on devnet
/// cannot be settled on mainnet (or any other deployment) under the same program ids.
pub fn receipt_message(mint: &Pubkey, node: &Pubkey, credit_account: &Pubkey, cumulative_credits: u64, nonce: u64) -> Vec<u8> {
    let mut message = Vec::with_capacity(RECEIPT_MESSAGE_LEN as usize);
    message.extend_from_slice(RECEIPT_DOMAIN);
    message.extend_from_slice(mint.as_ref());
    message.extend_from_slice(node.as_ref());
    message.extend_from_slice(credit_account.as_ref());
    message.extend_from_slice(&cumulative_credits.to_le_bytes());
    message.extend_from_slice(&nonce.to_le_bytes());
    message
}

/// The signer and message of the Ed25519 instruction directly before the current one.
pub fn previous_ed25519_signature(instructions_sysvar: &AccountInfo) -> Result<(Pubkey, Vec<u8>)> {
    let current = load_current_index_checked(instructions_sysvar)?;
    let previous = current.checked_sub(1).ok_or(PaymentError::MissingReceiptSignature)?;
    let ix = load_instruction_at_checked(usize::from(previous), instructions_sysvar)?;
    require_keys_eq!(ix.program_id, ED25519_PROGRAM_ID, PaymentError::MissingReceiptSignature);
    let data = ix.data.as_slice();
    require!(data.len() >= OFFSETS_START + OFFSETS_LEN && data[0] == 1, PaymentError::MissingReceiptSignature);
    let field = |i: usize| -> u16 {
        let at = OFFSETS_START + 2 * i;
        u16::from_le_bytes([data[at], data[at + 1]])
    };
    let (signature_ix, key_offset, key_ix) = (field(1), usize::from(field(2)), field(3));
    let (message_offset, message_len, message_ix) = (usize::from(field(4)), usize::from(field(5)), field(6));
    require!(
        signature_ix == THIS_INSTRUCTION && key_ix == THIS_INSTRUCTION && message_ix == THIS_INSTRUCTION,
        PaymentError::MissingReceiptSignature
    );
    let key = data.get(key_offset..key_offset + 32).ok_or(PaymentError::MissingReceiptSignature)?;
    let message = data.get(message_offset..message_offset + message_len).ok_or(PaymentError::MissingReceiptSignature)?;
    let key = Pubkey::try_from(key).map_err(|_| PaymentError::MissingReceiptSignature)?;
    Ok((key, message.to_vec()))
}
