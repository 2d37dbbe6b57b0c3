//! PDA seeds (read by the SDK from the IDL constants) and protocol constants.
use anchor_lang::prelude::*;

#[constant]
pub const CONFIG_SEED: &[u8] = b"payment_config";
/// `[TREASURY_SEED, config]`: token account owned by the config PDA.
#[constant]
pub const TREASURY_SEED: &[u8] = b"treasury";
/// `[REWARD_VAULT_SEED, config]`: token account owned by the config PDA holding every open
/// epoch's operator share until it is claimed or clawed back.
#[constant]
pub const REWARD_VAULT_SEED: &[u8] = b"reward_vault";
/// `[CREDIT_SEED, owner]`: one credit account per developer wallet.
#[constant]
pub const CREDIT_SEED: &[u8] = b"credit_account";
/// `[CHANNEL_SEED, credit_account, node]`: the payment channel between a developer and a node.
#[constant]
pub const CHANNEL_SEED: &[u8] = b"channel";
/// `[EPOCH_SEED, number as u64 little-endian]`.
#[constant]
pub const EPOCH_SEED: &[u8] = b"epoch";
/// `[USAGE_SEED, epoch, node]`: a node's settled usage in one epoch.
#[constant]
pub const USAGE_SEED: &[u8] = b"node_usage";
/// `[CLAIM_SEED, epoch, node]`: created by the claim, so a second claim fails.
#[constant]
pub const CLAIM_SEED: &[u8] = b"claim";

/// Prefix of every signed usage receipt: the bytes signed are `RECEIPT_DOMAIN || mint ||
/// node || credit_account || cumulative_credits (u64 LE) || nonce (u64 LE)`, `mint` being the
/// deployment's $SYNQ mint (one deployment's receipts are worthless on another). The domain
/// keeps a receipt from ever being valid as any other signed message.
#[constant]
pub const RECEIPT_DOMAIN: &[u8] = b"synq-receipt-v2";
#[constant]
pub const RECEIPT_MESSAGE_LEN: u32 = 15 + 32 + 32 + 32 + 8 + 8;
// The 15 above is `RECEIPT_DOMAIN.len()`, spelled out so the IDL shows a plain number.
const _: () = assert!(RECEIPT_DOMAIN.len() == 15);

#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Epoch length bounds: an hour at least (each epoch costs an `advance_epoch` and a
/// distribution), thirty days at most (operators are paid at least monthly).
#[constant]
pub const MIN_EPOCH_SECONDS: u64 = 60 * 60;
#[constant]
pub const MAX_EPOCH_SECONDS: u64 = 30 * 24 * 60 * 60;
/// Claim window bounds: at least a day (an operator offline for a night still claims), at
/// most a year (unclaimed rewards return to the treasury eventually).
#[constant]
pub const MIN_CLAIM_WINDOW_SECONDS: u64 = 24 * 60 * 60;
#[constant]
pub const MAX_CLAIM_WINDOW_SECONDS: u64 = 365 * 24 * 60 * 60;
/// Channel settlement window bounds: at least an hour (a node settles its last receipts),
/// at most thirty days (a developer gets unused credits back).
#[constant]
pub const MIN_CHANNEL_CLOSE_SECONDS: u64 = 60 * 60;
#[constant]
pub const MAX_CHANNEL_CLOSE_SECONDS: u64 = 30 * 24 * 60 * 60;
