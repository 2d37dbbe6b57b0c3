//! Account reads: getAccountInfo, getMultipleAccounts, getProgramAccounts, getBalance,
//! getMinimumBalanceForRentExemption.

use super::{parse_list, with_context, ContextConfig};
use crate::{
    encoding::{check_slice_and_encoding, encode_account, parse_pubkey, AccountEncoding, AccountFilters, DataSlice, Filter},
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    state::Node,
};
use serde::Deserialize;
use serde_json::{json, Value};
use solana_pubkey::Pubkey;

const MAX_MULTIPLE_ACCOUNTS: usize = 100;
/// Largest account data a program may allocate (`MAX_PERMITTED_DATA_LENGTH`).
const MAX_PERMITTED_DATA_LENGTH: usize = 10 * 1024 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountConfig {
    pub encoding: Option<AccountEncoding>,
    pub data_slice: Option<DataSlice>,
    #[serde(flatten)]
    pub context: ContextConfig,
}

impl AccountConfig {
    /// Checks the configuration and returns the encoding to use (`binary` unless asked).
    pub fn prepare(&self, node: &Node) -> RpcResult<AccountEncoding> {
        self.context.check(node)?;
        let encoding = self.encoding.unwrap_or(AccountEncoding::Binary).check_supported()?;
        check_slice_and_encoding(encoding, self.data_slice)?;
        Ok(encoding)
    }
}

/// `UiAccount` or `null`.
pub fn encoded_account_or_null(node: &Node, pubkey: &Pubkey, encoding: AccountEncoding, slice: Option<DataSlice>) -> RpcResult<Value> {
    match node.account(pubkey) {
        Some(account) => encode_account(&account, encoding, slice, &|mint| node.mint_decimals(mint), true),
        None => Ok(Value::Null),
    }
}

pub fn get_account_info(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let pubkey = parse_pubkey(&params.required::<String>(0)?)?;
    let config: AccountConfig = params.optional(1)?;
    let encoding = config.prepare(node)?;
    let value = encoded_account_or_null(node, &pubkey, encoding, config.data_slice)?;
    Ok(with_context(node, value))
}

pub fn get_multiple_accounts(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let pubkeys = parse_list(params, 0, MAX_MULTIPLE_ACCOUNTS, parse_pubkey)?;
    let config: AccountConfig = params.optional(1)?;
    let encoding = config.prepare(node)?;
    let values = pubkeys
        .iter()
        .map(|pubkey| encoded_account_or_null(node, pubkey, encoding, config.data_slice))
        .collect::<RpcResult<Vec<_>>>()?;
    Ok(with_context(node, Value::Array(values)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramAccountsConfig {
    filters: Option<Vec<Filter>>,
    with_context: Option<bool>,
    #[serde(flatten)]
    account: AccountConfig,
}

/// `[{pubkey, account}]` for the accounts `program` owns that pass `filters`, sorted by pubkey.
pub fn keyed_accounts(
    node: &Node,
    program: &Pubkey,
    filters: &AccountFilters,
    extra: impl Fn(&solana_account::Account) -> bool,
    encoding: AccountEncoding,
    slice: Option<DataSlice>,
) -> RpcResult<Value> {
    let mut matching: Vec<_> = node
        .accounts_owned_by(program)
        .filter(|(_, account)| filters.matches(account) && extra(account))
        .collect();
    matching.sort_unstable_by_key(|(pubkey, _)| *pubkey);
    matching
        .into_iter()
        .map(|(pubkey, account)| {
            let account = encode_account(&account, encoding, slice, &|mint| node.mint_decimals(mint), true)?;
            Ok(json!({ "pubkey": pubkey.to_string(), "account": account }))
        })
        .collect::<RpcResult<Vec<_>>>()
        .map(Value::Array)
}

pub fn get_program_accounts(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let program = parse_pubkey(&params.required::<String>(0)?)?;
    let config: ProgramAccountsConfig = params.optional(1)?;
    let encoding = config.account.prepare(node)?;
    let filters = AccountFilters::compile(config.filters.as_deref().unwrap_or_default())?;
    let accounts = keyed_accounts(node, &program, &filters, |_| true, encoding, config.account.data_slice)?;
    Ok(if config.with_context.unwrap_or(false) { with_context(node, accounts) } else { accounts })
}

pub fn get_balance(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let pubkey = parse_pubkey(&params.required::<String>(0)?)?;
    let config: ContextConfig = params.optional(1)?;
    config.check(node)?;
    let lamports = node.account(&pubkey).map_or(0, |account| account.lamports);
    Ok(with_context(node, json!(lamports)))
}

pub fn get_minimum_balance_for_rent_exemption(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let data_len: usize = params.required(0)?;
    let config: ContextConfig = params.optional(1)?;
    config.check(node)?;
    if data_len > MAX_PERMITTED_DATA_LENGTH {
        return Err(RpcError::invalid_request_with(format!(
            "Invalid param: data_len must be at most {MAX_PERMITTED_DATA_LENGTH}"
        )));
    }
    Ok(json!(node.svm().minimum_balance_for_rent_exemption(data_len)))
}
