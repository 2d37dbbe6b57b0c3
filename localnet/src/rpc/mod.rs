//! The JSON-RPC methods, answered with the validator's result shapes.

mod accounts;
mod cluster;
pub mod http;
mod ledger;
mod tokens;
mod transactions;

use crate::{
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    state::{lock, Node, SharedNode},
};
use serde::Deserialize;
use serde_json::{json, Value};

/// The Agave release whose crates run the SVM; reported by getVersion and in `apiVersion`.
pub const SOLANA_CORE_VERSION: &str = "2.3.13";

type Handler = fn(&mut Node, &Params) -> RpcResult<Value>;

/// Answers one call. Every method runs under the node lock (sendTransaction takes it itself,
/// after the work that needs no chain state).
pub fn dispatch(node: &SharedNode, method: &str, params: Params) -> RpcResult<Value> {
    let handler: Handler = match method {
        "sendTransaction" => return transactions::send_transaction(node, &params),
        "getAccountInfo" => accounts::get_account_info,
        "getMultipleAccounts" => accounts::get_multiple_accounts,
        "getProgramAccounts" => accounts::get_program_accounts,
        "getBalance" => accounts::get_balance,
        "getMinimumBalanceForRentExemption" => accounts::get_minimum_balance_for_rent_exemption,
        "getTokenAccountBalance" => tokens::get_token_account_balance,
        "getTokenSupply" => tokens::get_token_supply,
        "getTokenAccountsByOwner" => tokens::get_token_accounts_by_owner,
        "getTokenAccountsByDelegate" => tokens::get_token_accounts_by_delegate,
        "simulateTransaction" => transactions::simulate_transaction,
        "requestAirdrop" => transactions::request_airdrop,
        "getSignatureStatuses" => transactions::get_signature_statuses,
        "getFeeForMessage" => transactions::get_fee_for_message,
        "getTransaction" => ledger::get_transaction,
        "getSignaturesForAddress" => ledger::get_signatures_for_address,
        "getBlock" => ledger::get_block,
        "getBlockTime" => ledger::get_block_time,
        "getBlocks" => ledger::get_blocks,
        "getBlocksWithLimit" => ledger::get_blocks_with_limit,
        "getFirstAvailableBlock" => ledger::get_first_available_block,
        "minimumLedgerSlot" => ledger::get_first_available_block,
        "getTransactionCount" => ledger::get_transaction_count,
        "getSlot" => cluster::get_slot,
        "getBlockHeight" => cluster::get_block_height,
        "getLatestBlockhash" => cluster::get_latest_blockhash,
        "isBlockhashValid" => cluster::is_blockhash_valid,
        "getEpochInfo" => cluster::get_epoch_info,
        "getEpochSchedule" => cluster::get_epoch_schedule,
        "getVersion" => cluster::get_version,
        "getHealth" => cluster::get_health,
        "getGenesisHash" => cluster::get_genesis_hash,
        "getIdentity" => cluster::get_identity,
        "getSlotLeader" => cluster::get_slot_leader,
        "getSlotLeaders" => cluster::get_slot_leaders,
        "getRecentPrioritizationFees" => cluster::get_recent_prioritization_fees,
        "synqWarpClock" => cluster::warp_clock,
        _ => return Err(RpcError::method_not_found()),
    };
    handler(&mut lock(node), &params)
}

/// The validator's commitment levels (including the deprecated aliases it still accepts).
/// Localnet finalizes every slot at once, so all of them read the same state.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Commitment {
    Processed,
    Confirmed,
    Finalized,
    Recent,
    Single,
    SingleGossip,
    Root,
    Max,
}

/// Fields every read configuration may carry.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextConfig {
    #[allow(dead_code)] // validated, then irrelevant: every commitment sees the same state
    pub commitment: Option<Commitment>,
    pub min_context_slot: Option<u64>,
}

impl ContextConfig {
    pub fn check(&self, node: &Node) -> RpcResult<()> {
        match self.min_context_slot {
            Some(min) if min > node.slot() => Err(RpcError::min_context_slot_not_reached(node.slot())),
            _ => Ok(()),
        }
    }
}

/// The list parameter at `index` (at most `max` entries, as the validator limits them), each
/// entry parsed with `parse`.
pub fn parse_list<T>(params: &Params, index: usize, max: usize, parse: impl Fn(&str) -> RpcResult<T>) -> RpcResult<Vec<T>> {
    let texts: Vec<String> = params.required(index)?;
    if texts.len() > max {
        return Err(RpcError::invalid_params(format!("Too many inputs provided; max {max}")));
    }
    texts.iter().map(|text| parse(text)).collect()
}

/// `{context: {slot, apiVersion}, value}`, the wrapper of the validator's `RpcResponse`.
pub fn with_context(node: &Node, value: Value) -> Value {
    json!({ "context": { "apiVersion": SOLANA_CORE_VERSION, "slot": node.slot() }, "value": value })
}
