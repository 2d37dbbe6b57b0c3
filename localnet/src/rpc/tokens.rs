//! SPL Token reads: getTokenAccountBalance, getTokenSupply, getTokenAccountsByOwner and
//! getTokenAccountsByDelegate, with the validator's "Invalid param: ..." errors.

use super::{accounts::{keyed_accounts, AccountConfig}, with_context, ContextConfig};
use crate::{
    encoding::{parse_pubkey, AccountFilters},
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    state::Node,
    token::{self, TokenAccount},
};
use serde::Deserialize;
use serde_json::Value;
use solana_account::Account;
use solana_pubkey::Pubkey;

fn mint_decimals_or_error(node: &Node, mint: &Pubkey) -> RpcResult<u8> {
    let account = node.account(mint).ok_or_else(|| RpcError::invalid_params("Invalid param: could not find mint"))?;
    token::parse_mint(&account.owner, &account.data)
        .map(|mint| mint.decimals)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: mint could not be unpacked"))
}

/// The account named by the first parameter, which a token program must own (`not_token` is
/// the validator's message otherwise).
fn token_program_account(node: &Node, params: &Params, not_token: &str) -> RpcResult<Account> {
    let pubkey = parse_pubkey(&params.required::<String>(0)?)?;
    params.optional::<ContextConfig>(1)?.check(node)?;
    let account = node.account(&pubkey).ok_or_else(|| RpcError::invalid_params("Invalid param: could not find account"))?;
    if !token::is_token_program(&account.owner) {
        return Err(RpcError::invalid_params(not_token));
    }
    Ok(account)
}

pub fn get_token_account_balance(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let account = token_program_account(node, params, "Invalid param: not a Token account")?;
    let token_account = token::parse_account(&account.owner, &account.data)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: not a v2.0 Token account"))?;
    let decimals = mint_decimals_or_error(node, &token_account.mint)?;
    Ok(with_context(node, token::ui_token_amount(token_account.amount, decimals)))
}

pub fn get_token_supply(node: &mut Node, params: &Params) -> RpcResult<Value> {
    let account = token_program_account(node, params, "Invalid param: not a Token mint")?;
    let mint = token::parse_mint(&account.owner, &account.data)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: mint could not be unpacked"))?;
    Ok(with_context(node, token::ui_token_amount(mint.supply, mint.decimals)))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
enum TokenAccountsFilter {
    Mint(String),
    ProgramId(String),
}

/// The token program to scan and the mint to require, from the request's filter.
fn program_and_mint(node: &Node, filter: &TokenAccountsFilter) -> RpcResult<(Pubkey, Option<Pubkey>)> {
    match filter {
        TokenAccountsFilter::Mint(mint) => {
            let mint = parse_pubkey(mint)?;
            let account = node.account(&mint).ok_or_else(|| RpcError::invalid_params("Invalid param: could not find mint"))?;
            if !token::is_token_program(&account.owner) {
                return Err(RpcError::invalid_params("Invalid param: not a Token mint"));
            }
            Ok((account.owner, Some(mint)))
        }
        TokenAccountsFilter::ProgramId(program) => {
            let program = parse_pubkey(program)?;
            if !token::is_token_program(&program) {
                return Err(RpcError::invalid_params("Invalid param: unrecognized Token program id"));
            }
            Ok((program, None))
        }
    }
}

/// Token accounts selected by `holder` (owner or delegate) and the request's mint/program filter.
fn token_accounts_by(node: &Node, params: &Params, holder: impl Fn(&TokenAccount, &Pubkey) -> bool) -> RpcResult<Value> {
    let wanted = parse_pubkey(&params.required::<String>(0)?)?;
    let filter: TokenAccountsFilter = params.required(1)?;
    let config: AccountConfig = params.optional(2)?;
    let encoding = config.prepare(node)?;
    let (program, mint) = program_and_mint(node, &filter)?;
    let selects = |account: &solana_account::Account| {
        token::parse_account(&account.owner, &account.data)
            .is_some_and(|parsed| holder(&parsed, &wanted) && mint.is_none_or(|mint| parsed.mint == mint))
    };
    let accounts = keyed_accounts(node, &program, &AccountFilters::default(), selects, encoding, config.data_slice)?;
    Ok(with_context(node, accounts))
}

pub fn get_token_accounts_by_owner(node: &mut Node, params: &Params) -> RpcResult<Value> {
    token_accounts_by(node, params, |account, owner| account.owner == *owner)
}

pub fn get_token_accounts_by_delegate(node: &mut Node, params: &Params) -> RpcResult<Value> {
    token_accounts_by(node, params, |account, delegate| account.delegate == Some(*delegate))
}
