//! Submitting and simulating: sendTransaction, simulateTransaction, requestAirdrop,
//! getSignatureStatuses, getFeeForMessage.

use super::{parse_list, with_context, Commitment, ContextConfig};
use crate::{
    encoding::{
        decode_wire, encode_account, parse_pubkey, parse_signature, transaction_error_json, AccountEncoding, BinaryEncoding,
    },
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    log,
    rpc::ledger::ui_inner_instructions_partially_decoded,
    state::{
        execute::{fee_for_message, verify_signatures, Rejection, Simulation, Submission},
        lock, Node, SharedNode,
    },
};
use base64::{prelude::BASE64_STANDARD, Engine};
use serde::Deserialize;
use serde_json::{json, Value};
use solana_message::VersionedMessage;
use solana_pubkey::Pubkey;
use solana_transaction::versioned::VersionedTransaction;

const MAX_SIGNATURE_STATUSES: usize = 256;
/// Slots the status cache covers; older statuses need `searchTransactionHistory`.
const STATUS_CACHE_SLOTS: u64 = 300;

/// The `encoding` of a submitted transaction: `base58` (the default) or `base64`.
fn binary_encoding(encoding: Option<&str>) -> RpcResult<BinaryEncoding> {
    match encoding.unwrap_or("base58") {
        "base58" | "binary" => Ok(BinaryEncoding::Base58),
        "base64" => Ok(BinaryEncoding::Base64),
        other => Err(RpcError::invalid_params(format!(
            "unsupported encoding: {other}. Supported encodings: base58, base64"
        ))),
    }
}

fn decode_transaction(params: &Params, encoding: Option<&str>) -> RpcResult<VersionedTransaction> {
    let encoded: String = params.required(0)?;
    decode_wire::<VersionedTransaction>(&encoded, binary_encoding(encoding)?).map(|(_, tx)| tx)
}

fn return_data_json(return_data: &Option<(Pubkey, Vec<u8>)>) -> Value {
    match return_data {
        Some((program, data)) => json!({ "programId": program.to_string(), "data": [BASE64_STANDARD.encode(data), "base64"] }),
        None => Value::Null,
    }
}

/// The validator's `RpcSimulateTransactionResult`.
fn simulation_json(simulation: &Simulation, accounts: Value, inner_instructions: Value, replacement: Value) -> Value {
    json!({
        "err": simulation.result.as_ref().err().map(transaction_error_json),
        "logs": simulation.logs,
        "accounts": accounts,
        "unitsConsumed": simulation.units_consumed,
        "returnData": return_data_json(&simulation.return_data),
        "innerInstructions": inner_instructions,
        "replacementBlockhash": replacement,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SendConfig {
    #[serde(default)]
    skip_preflight: bool,
    #[allow(dead_code)] // every commitment sees the same state here
    preflight_commitment: Option<Commitment>,
    encoding: Option<String>,
    #[allow(dead_code)] // localnet never needs to retry: a transaction lands or is rejected at once
    max_retries: Option<usize>,
    min_context_slot: Option<u64>,
}

/// sendTransaction. Decoding and the signature check (the costly part: ed25519) run before the
/// node lock is taken, so concurrent senders verify in parallel; everything that reads or
/// changes the chain runs under it.
pub fn send_transaction(node: &SharedNode, params: &Params) -> RpcResult<Value> {
    let config: SendConfig = params.optional(1)?;
    let tx = decode_transaction(params, config.encoding.as_deref())?;
    let signatures_verified = verify_signatures(&tx);
    let mut node = lock(node);
    ContextConfig { commitment: None, min_context_slot: config.min_context_slot }.check(&node)?;
    node.sanitize(&tx).map_err(|err| RpcError::invalid_params(format!("invalid transaction: {err}")))?;
    let signature = tx.signatures.first().copied().unwrap_or_default();
    let preflight = !config.skip_preflight;
    if preflight && !signatures_verified {
        return Err(RpcError::signature_verification_failure());
    }
    match node.submit(tx, Submission { signatures_verified, preflight }) {
        Ok(_) => {}
        Err(Rejection::Preflight(simulation)) => {
            let err = simulation.result.as_ref().err().map(ToString::to_string).unwrap_or_default();
            let message = format!("Transaction simulation failed: {err}");
            return Err(RpcError::preflight_failure(message, simulation_json(&simulation, Value::Null, Value::Null, Value::Null)));
        }
        // Without preflight a transaction that cannot land is dropped silently, as by a leader;
        // the client learns it from the missing status.
        Err(Rejection::Dropped(reason)) => {
            log::warn("transaction_dropped", json!({ "signature": signature.to_string(), "reason": reason.to_string() }));
        }
    }
    Ok(json!(signature.to_string()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SimulateAccounts {
    addresses: Vec<String>,
    encoding: Option<AccountEncoding>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SimulateConfig {
    #[serde(default)]
    sig_verify: bool,
    #[serde(default)]
    replace_recent_blockhash: bool,
    encoding: Option<String>,
    accounts: Option<SimulateAccounts>,
    #[serde(default)]
    inner_instructions: bool,
    #[serde(flatten)]
    context: ContextConfig,
}

pub fn simulate_transaction(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let config: SimulateConfig = params.optional(1)?;
    let mut tx = decode_transaction(params, config.encoding.as_deref())?;
    config.context.check(node)?;
    let mut replacement = Value::Null;
    if config.replace_recent_blockhash {
        if config.sig_verify {
            return Err(RpcError::invalid_params("sigVerify may not be used with replaceRecentBlockhash"));
        }
        let (blockhash, last_valid_block_height) = node.latest_blockhash();
        tx.message.set_recent_blockhash(blockhash);
        replacement = json!({ "blockhash": blockhash.to_string(), "lastValidBlockHeight": last_valid_block_height });
    }
    let keys = node.sanitize(&tx).map_err(|err| RpcError::invalid_params(format!("invalid transaction: {err}")))?;
    if config.sig_verify && !verify_signatures(&tx) {
        return Err(RpcError::signature_verification_failure());
    }
    let simulation = node.simulate(&tx);

    let accounts = match &config.accounts {
        None => Value::Null,
        Some(requested) => {
            let encoding = requested.encoding.unwrap_or(AccountEncoding::Base64).check_supported()?;
            if matches!(encoding, AccountEncoding::Binary | AccountEncoding::Base58) {
                return Err(RpcError::invalid_params("base58 encoding not supported"));
            }
            if requested.addresses.len() > keys.all.len() {
                return Err(RpcError::invalid_params(format!("Too many accounts provided; max {}", keys.all.len())));
            }
            let pubkeys = requested.addresses.iter().map(|a| parse_pubkey(a)).collect::<RpcResult<Vec<_>>>()?;
            let values = pubkeys
                .iter()
                .map(|pubkey| {
                    if simulation.result.is_err() {
                        return Ok(Value::Null);
                    }
                    let account = simulation.post_accounts.get(pubkey).cloned().or_else(|| node.account(pubkey));
                    match account.filter(|account| account.lamports > 0) {
                        Some(account) => encode_account(&account, encoding, None, &|mint| node.mint_decimals(mint), true),
                        None => Ok(Value::Null),
                    }
                })
                .collect::<RpcResult<Vec<_>>>()?;
            Value::Array(values)
        }
    };
    let inner_instructions = if config.inner_instructions {
        ui_inner_instructions_partially_decoded(&simulation.inner_instructions, &keys.all)
    } else {
        Value::Null
    };
    Ok(with_context(node, simulation_json(&simulation, accounts, inner_instructions, replacement)))
}

pub fn request_airdrop(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let pubkey = parse_pubkey(&params.required::<String>(0)?)?;
    let lamports: u64 = params.required(1)?;
    params.optional::<ContextConfig>(2)?;
    match node.airdrop(&pubkey, lamports) {
        Ok(record) => Ok(json!(record.signature.to_string())),
        Err(reason) => {
            log::warn("airdrop_failed", json!({ "to": pubkey.to_string(), "lamports": lamports, "reason": reason.to_string() }));
            Err(RpcError::internal())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignatureStatusConfig {
    #[serde(default)]
    search_transaction_history: bool,
}

pub fn get_signature_statuses(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let signatures = parse_list(params, 0, MAX_SIGNATURE_STATUSES, parse_signature)?;
    let config: SignatureStatusConfig = params.optional(1)?;
    let statuses: Vec<Value> = signatures
        .iter()
        .map(|signature| {
            let Some(record) = node.history.get(signature) else { return Value::Null };
            if !config.search_transaction_history && node.slot().saturating_sub(record.slot) > STATUS_CACHE_SLOTS {
                return Value::Null;
            }
            let err = record.err.as_ref().map(transaction_error_json);
            let status = match &err {
                Some(err) => json!({ "Err": err }),
                None => json!({ "Ok": null }),
            };
            // Localnet roots every slot at once: everything processed is finalized.
            json!({ "slot": record.slot, "confirmations": null, "err": err, "status": status, "confirmationStatus": "finalized" })
        })
        .collect();
    Ok(with_context(node, Value::Array(statuses)))
}

pub fn get_fee_for_message(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let encoded: String = params.required(0)?;
    params.optional::<ContextConfig>(1)?.check(node)?;
    let (_, message) = decode_wire::<VersionedMessage>(&encoded, BinaryEncoding::Base64)?;
    message
        .sanitize()
        .map_err(|err| RpcError::invalid_params(format!("invalid transaction message: {err}")))?;
    let fee = node.blockhash_last_valid_height(message.recent_blockhash()).map(|_| fee_for_message(&message));
    Ok(with_context(node, json!(fee)))
}
