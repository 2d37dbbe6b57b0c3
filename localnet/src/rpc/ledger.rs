//! Ledger reads over the kept transaction history: getTransaction, getSignaturesForAddress,
//! getBlock, getBlockTime, getBlocks, getBlocksWithLimit, getFirstAvailableBlock,
//! getTransactionCount. Also the transaction encodings (`json`, `jsonParsed`, `base64`,
//! `base58`) they share.

use super::{Commitment, ContextConfig};
use crate::{
    encoding::{parse_pubkey, parse_signature, transaction_error_json},
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    state::{
        history::{TokenBalance, TxRecord},
        Node,
    },
    token,
};
use base64::{prelude::BASE64_STANDARD, Engine};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use solana_message::{compiled_instruction::CompiledInstruction, inner_instruction::InnerInstructionsList, VersionedMessage};
use solana_pubkey::Pubkey;

const MAX_SIGNATURES_FOR_ADDRESS: usize = 1000;
const MAX_BLOCK_RANGE: u64 = 500_000;
const MEMO_V1: Pubkey = solana_pubkey::pubkey!("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");
const MEMO_V2: Pubkey = solana_pubkey::pubkey!("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TransactionEncoding {
    #[default]
    Json,
    JsonParsed,
    Base64,
    Base58,
    /// Legacy alias of base58 (a bare string rather than `[data, encoding]`).
    Binary,
}

/// Ledger methods read rooted data only: `processed` is refused as by the validator.
fn refuse_processed(commitment: Option<Commitment>) -> RpcResult<()> {
    if commitment == Some(Commitment::Processed) {
        return Err(RpcError::invalid_params("Method does not support commitment below `confirmed`"));
    }
    Ok(())
}

fn compiled_instruction_json(instruction: &CompiledInstruction, stack_height: Option<u8>) -> Value {
    json!({
        "programIdIndex": instruction.program_id_index,
        "accounts": instruction.accounts,
        "data": bs58::encode(&instruction.data).into_string(),
        "stackHeight": stack_height,
    })
}

fn partially_decoded_json(instruction: &CompiledInstruction, keys: &[Pubkey], stack_height: Option<u8>) -> Value {
    let key = |index: u8| keys.get(usize::from(index)).map(Pubkey::to_string).unwrap_or_default();
    json!({
        "programId": key(instruction.program_id_index),
        "accounts": instruction.accounts.iter().map(|index| key(*index)).collect::<Vec<_>>(),
        "data": bs58::encode(&instruction.data).into_string(),
        "stackHeight": stack_height,
    })
}

fn inner_instructions_json(list: &InnerInstructionsList, encode: impl Fn(&CompiledInstruction, Option<u8>) -> Value) -> Value {
    list.iter()
        .enumerate()
        .filter(|(_, instructions)| !instructions.is_empty())
        .map(|(index, instructions)| {
            let instructions: Vec<Value> =
                instructions.iter().map(|inner| encode(&inner.instruction, Some(inner.stack_height))).collect();
            json!({ "index": index, "instructions": instructions })
        })
        .collect()
}

/// Inner instructions in the `jsonParsed` shape, every instruction partially decoded (program
/// and account keys resolved; no program-specific parsing).
pub fn ui_inner_instructions_partially_decoded(list: &InnerInstructionsList, keys: &[Pubkey]) -> Value {
    inner_instructions_json(list, |instruction, height| partially_decoded_json(instruction, keys, height))
}

fn token_balances_json(balances: &[TokenBalance]) -> Value {
    balances
        .iter()
        .map(|balance| {
            json!({
                "accountIndex": balance.account_index,
                "mint": balance.mint.to_string(),
                "owner": balance.owner.to_string(),
                "programId": balance.program_id.to_string(),
                "uiTokenAmount": token::ui_token_amount(balance.amount, balance.decimals),
            })
        })
        .collect()
}

fn pubkeys_json(keys: &[Pubkey]) -> Vec<String> {
    keys.iter().map(Pubkey::to_string).collect()
}

/// The validator's `UiTransactionStatusMeta`.
fn meta_json(record: &TxRecord, encoding: TransactionEncoding) -> Value {
    let keys: Vec<Pubkey> = record.account_keys().copied().collect();
    let err = record.err.as_ref().map(transaction_error_json);
    let status = match &err {
        Some(err) => json!({ "Err": err }),
        None => json!({ "Ok": null }),
    };
    let inner = match encoding {
        TransactionEncoding::JsonParsed => ui_inner_instructions_partially_decoded(&record.inner_instructions, &keys),
        _ => inner_instructions_json(&record.inner_instructions, compiled_instruction_json),
    };
    let mut meta = json!({
        "err": err,
        "status": status,
        "fee": record.fee,
        "preBalances": record.pre_balances,
        "postBalances": record.post_balances,
        "innerInstructions": inner,
        "logMessages": record.logs,
        "preTokenBalances": token_balances_json(&record.pre_token_balances),
        "postTokenBalances": token_balances_json(&record.post_token_balances),
        "rewards": [],
        "computeUnitsConsumed": record.compute_units_consumed,
    });
    if encoding != TransactionEncoding::JsonParsed {
        meta["loadedAddresses"] = json!({
            "writable": pubkeys_json(&record.loaded_writable),
            "readonly": pubkeys_json(&record.loaded_readonly),
        });
    }
    if let Some((program, data)) = &record.return_data {
        meta["returnData"] = json!({ "programId": program.to_string(), "data": [BASE64_STANDARD.encode(data), "base64"] });
    }
    meta
}

fn message_json(record: &TxRecord, encoding: TransactionEncoding) -> Value {
    let message = &record.transaction.message;
    let header = message.header();
    let static_keys = message.static_account_keys();
    let mut json = Map::new();
    if encoding == TransactionEncoding::JsonParsed {
        let all_keys: Vec<Pubkey> = record.account_keys().copied().collect();
        let account_keys: Vec<Value> = all_keys
            .iter()
            .enumerate()
            .map(|(index, key)| {
                json!({
                    "pubkey": key.to_string(),
                    "signer": message.is_signer(index),
                    "writable": message.is_maybe_writable(index, None) || index_is_loaded_writable(record, index),
                    "source": if index < static_keys.len() { "transaction" } else { "lookupTable" },
                })
            })
            .collect();
        json.insert("accountKeys".into(), account_keys.into());
        let instructions: Vec<Value> =
            message.instructions().iter().map(|ix| partially_decoded_json(ix, &all_keys, None)).collect();
        json.insert("instructions".into(), instructions.into());
    } else {
        json.insert("accountKeys".into(), pubkeys_json(static_keys).into());
        json.insert(
            "header".into(),
            json!({
                "numRequiredSignatures": header.num_required_signatures,
                "numReadonlySignedAccounts": header.num_readonly_signed_accounts,
                "numReadonlyUnsignedAccounts": header.num_readonly_unsigned_accounts,
            }),
        );
        let instructions: Vec<Value> = message.instructions().iter().map(|ix| compiled_instruction_json(ix, None)).collect();
        json.insert("instructions".into(), instructions.into());
    }
    json.insert("recentBlockhash".into(), message.recent_blockhash().to_string().into());
    if let Some(lookups) = message.address_table_lookups() {
        let lookups: Vec<Value> = lookups
            .iter()
            .map(|lookup| {
                json!({
                    "accountKey": lookup.account_key.to_string(),
                    "writableIndexes": lookup.writable_indexes,
                    "readonlyIndexes": lookup.readonly_indexes,
                })
            })
            .collect();
        json.insert("addressTableLookups".into(), lookups.into());
    }
    Value::Object(json)
}

/// Loaded addresses follow the static keys: writable ones first.
fn index_is_loaded_writable(record: &TxRecord, index: usize) -> bool {
    let first_loaded = record.transaction.message.static_account_keys().len();
    index >= first_loaded && index - first_loaded < record.loaded_writable.len()
}

fn transaction_json(record: &TxRecord, encoding: TransactionEncoding) -> Value {
    let wire = || bincode::serialize(&record.transaction).unwrap_or_default();
    match encoding {
        TransactionEncoding::Base64 => json!([BASE64_STANDARD.encode(wire()), "base64"]),
        TransactionEncoding::Base58 => json!([bs58::encode(wire()).into_string(), "base58"]),
        TransactionEncoding::Binary => json!(bs58::encode(wire()).into_string()),
        TransactionEncoding::Json | TransactionEncoding::JsonParsed => json!({
            "signatures": record.transaction.signatures.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "message": message_json(record, encoding),
        }),
    }
}

/// The `version` field: absent unless the client sent `maxSupportedTransactionVersion`, and
/// versioned transactions are refused without it.
fn version_json(record: &TxRecord, max_supported: Option<u8>) -> RpcResult<Option<Value>> {
    match (&record.transaction.message, max_supported) {
        (VersionedMessage::Legacy(_), None) => Ok(None),
        (VersionedMessage::Legacy(_), Some(_)) => Ok(Some(json!("legacy"))),
        (VersionedMessage::V0(_), Some(_)) => Ok(Some(json!(0))),
        (VersionedMessage::V0(_), _) => Err(RpcError::unsupported_transaction_version(0)),
    }
}

/// `{transaction, meta, version?}` as in getBlock's `transactions`.
fn transaction_with_meta_json(record: &TxRecord, encoding: TransactionEncoding, max_supported: Option<u8>) -> RpcResult<Value> {
    let mut value = json!({ "transaction": transaction_json(record, encoding), "meta": meta_json(record, encoding) });
    if let Some(version) = version_json(record, max_supported)? {
        value["version"] = version;
    }
    Ok(value)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransactionConfig {
    #[serde(default)]
    encoding: TransactionEncoding,
    commitment: Option<Commitment>,
    max_supported_transaction_version: Option<u8>,
}

/// The config parameter, which older clients send as a bare encoding string.
fn transaction_config(params: &Params, index: usize) -> RpcResult<TransactionConfig> {
    match params.optional::<Value>(index)? {
        Value::String(_) => Ok(TransactionConfig { encoding: params.required(index)?, ..Default::default() }),
        _ => params.optional(index),
    }
}

pub fn get_transaction(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let signature = parse_signature(&params.required::<String>(0)?)?;
    let config = transaction_config(params, 1)?;
    refuse_processed(config.commitment)?;
    let Some(record) = node.history.get(&signature) else { return Ok(Value::Null) };
    let mut value = transaction_with_meta_json(record, config.encoding, config.max_supported_transaction_version)?;
    value["slot"] = json!(record.slot);
    value["blockTime"] = json!(record.block_time);
    Ok(value)
}

/// The validator's memo column: every SPL Memo instruction's text as `[len] text`.
fn memo_of(record: &TxRecord) -> Option<String> {
    let keys = record.transaction.message.static_account_keys();
    let memos: Vec<String> = record
        .transaction
        .message
        .instructions()
        .iter()
        .filter(|ix| keys.get(usize::from(ix.program_id_index)).is_some_and(|p| *p == MEMO_V1 || *p == MEMO_V2))
        .map(|ix| {
            let text = String::from_utf8_lossy(&ix.data);
            format!("[{}] {}", text.len(), text)
        })
        .collect();
    (!memos.is_empty()).then(|| memos.join("; "))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignaturesForAddressConfig {
    limit: Option<usize>,
    before: Option<String>,
    until: Option<String>,
    #[serde(flatten)]
    context: ContextConfig,
}

pub fn get_signatures_for_address(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let address = parse_pubkey(&params.required::<String>(0)?)?;
    let config: SignaturesForAddressConfig = params.optional(1)?;
    config.context.check(node)?;
    refuse_processed(config.context.commitment)?;
    let limit = config.limit.unwrap_or(MAX_SIGNATURES_FOR_ADDRESS);
    if !(1..=MAX_SIGNATURES_FOR_ADDRESS).contains(&limit) {
        return Err(RpcError::invalid_params(format!("Invalid limit; max {MAX_SIGNATURES_FOR_ADDRESS}")));
    }
    let before = config.before.as_deref().map(parse_signature).transpose()?;
    let until = config.until.as_deref().map(parse_signature).transpose()?;
    let entries: Vec<Value> = node
        .history
        .for_address(&address, before.as_ref(), until.as_ref(), limit)
        .iter()
        .map(|record| {
            json!({
                "signature": record.signature.to_string(),
                "slot": record.slot,
                "err": record.err.as_ref().map(transaction_error_json),
                "memo": memo_of(record),
                "blockTime": record.block_time,
                "confirmationStatus": "finalized",
            })
        })
        .collect();
    Ok(Value::Array(entries))
}

/// Refuses slots this node has no block for: future ones, and ones whose transactions were
/// dropped from the bounded history.
fn check_block_available(node: &Node, slot: u64) -> RpcResult<()> {
    if slot > node.slot() {
        return Err(RpcError::block_not_available(slot));
    }
    let first = node.history.first_available_slot();
    if slot < first {
        return Err(RpcError {
            code: -32001,
            message: format!("Block {slot} cleaned up, does not exist on node. First available block: {first}"),
            data: None,
        });
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
enum TransactionDetails {
    #[default]
    Full,
    Signatures,
    Accounts,
    None,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BlockConfig {
    #[serde(default)]
    encoding: TransactionEncoding,
    #[serde(default)]
    transaction_details: TransactionDetails,
    rewards: Option<bool>,
    commitment: Option<Commitment>,
    max_supported_transaction_version: Option<u8>,
}

/// `transactionDetails: "accounts"`: signatures plus account keys and the balance-level meta.
fn accounts_details_json(record: &TxRecord, max_supported: Option<u8>) -> RpcResult<Value> {
    let parsed = message_json(record, TransactionEncoding::JsonParsed);
    let meta = meta_json(record, TransactionEncoding::Json);
    let mut value = json!({
        "transaction": {
            "signatures": record.transaction.signatures.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "accountKeys": parsed["accountKeys"],
        },
        "meta": {
            "err": meta["err"], "status": meta["status"], "fee": meta["fee"],
            "preBalances": meta["preBalances"], "postBalances": meta["postBalances"],
            "preTokenBalances": meta["preTokenBalances"], "postTokenBalances": meta["postTokenBalances"],
        },
    });
    if let Some(version) = version_json(record, max_supported)? {
        value["version"] = version;
    }
    Ok(value)
}

pub fn get_block(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let slot: u64 = params.required(0)?;
    let config: BlockConfig = match params.optional::<Value>(1)? {
        Value::String(_) => BlockConfig { encoding: params.required(1)?, ..Default::default() },
        _ => params.optional(1)?,
    };
    refuse_processed(config.commitment)?;
    check_block_available(node, slot)?;
    let records = node.history.in_slot(slot);
    let parent = slot.saturating_sub(1);
    let mut block = json!({
        "blockHeight": slot,
        "blockTime": node.block_time(slot),
        "blockhash": node.blockhash_of(slot).to_string(),
        "parentSlot": parent,
        "previousBlockhash": node.blockhash_of(parent).to_string(),
    });
    let max = config.max_supported_transaction_version;
    match config.transaction_details {
        TransactionDetails::Full => {
            let transactions = records
                .iter()
                .map(|record| transaction_with_meta_json(record, config.encoding, max))
                .collect::<RpcResult<Vec<_>>>()?;
            block["transactions"] = Value::Array(transactions);
        }
        TransactionDetails::Accounts => {
            let transactions =
                records.iter().map(|record| accounts_details_json(record, max)).collect::<RpcResult<Vec<_>>>()?;
            block["transactions"] = Value::Array(transactions);
        }
        TransactionDetails::Signatures => {
            block["signatures"] = records.iter().map(|record| record.signature.to_string()).collect();
        }
        TransactionDetails::None => {}
    }
    if config.rewards.unwrap_or(true) {
        block["rewards"] = json!([]);
    }
    Ok(block)
}

pub fn get_block_time(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let slot: u64 = params.required(0)?;
    check_block_available(node, slot)?;
    Ok(json!(node.block_time(slot)))
}

/// Every slot has a block here, so block lists are plain ranges.
fn block_range(node: &Node, start: u64, end: u64) -> Value {
    let first = start.max(node.history.first_available_slot());
    let last = end.min(node.slot());
    if first > last {
        return json!([]);
    }
    Value::Array((first..=last).map(Value::from).collect())
}

pub fn get_blocks(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let start: u64 = params.required(0)?;
    let end = match params.optional::<Value>(1)? {
        Value::Number(_) => params.required::<u64>(1)?,
        _ => node.slot(),
    };
    if end.saturating_sub(start) > MAX_BLOCK_RANGE {
        return Err(RpcError::invalid_params(format!("Slot range too large; max {MAX_BLOCK_RANGE}")));
    }
    Ok(block_range(node, start, end))
}

pub fn get_blocks_with_limit(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let start: u64 = params.required(0)?;
    let limit: u64 = params.required(1)?;
    if limit > MAX_BLOCK_RANGE {
        return Err(RpcError::invalid_params(format!("Limit too large; max {MAX_BLOCK_RANGE}")));
    }
    if limit == 0 {
        return Ok(json!([]));
    }
    Ok(block_range(node, start, start.saturating_add(limit - 1)))
}

pub fn get_first_available_block(node: &mut Node, _params: &Params) -> RpcResult<Value> {
    Ok(json!(node.history.first_available_slot()))
}

pub fn get_transaction_count(node: &mut Node, params: &Params) -> RpcResult<Value> {
    params.optional::<ContextConfig>(0)?.check(node)?;
    Ok(json!(node.history.total()))
}
