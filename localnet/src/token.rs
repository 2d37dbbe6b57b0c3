//! SPL Token / Token-2022 account layouts, read by hand (the base layouts are fixed and tiny;
//! pulling spl-token in for them is not worth its dependency tree).
//!
//! Token-2022 extension data is not interpreted: accounts and mints expose their base fields.

use serde_json::{json, Map, Value};
use solana_pubkey::Pubkey;

pub const TOKEN_PROGRAM_ID: Pubkey = solana_pubkey::pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
pub const TOKEN_2022_PROGRAM_ID: Pubkey = solana_pubkey::pubkey!("TokenzQdBNbLqP5VEhdkAgSQ5cfbRGg4bJfHQcVdrSd");

const ACCOUNT_LEN: usize = 165;
const MINT_LEN: usize = 82;
/// Token-2022 stores an `AccountType` byte right after the base account length.
const ACCOUNT_TYPE_OFFSET: usize = ACCOUNT_LEN;
const ACCOUNT_TYPE_MINT: u8 = 1;
const ACCOUNT_TYPE_ACCOUNT: u8 = 2;

pub fn is_token_program(program: &Pubkey) -> bool {
    *program == TOKEN_PROGRAM_ID || *program == TOKEN_2022_PROGRAM_ID
}

/// The JSON `program` name the validator's parser uses.
pub fn program_name(program: &Pubkey) -> &'static str {
    if *program == TOKEN_2022_PROGRAM_ID {
        "spl-token-2022"
    } else {
        "spl-token"
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountState {
    Uninitialized,
    Initialized,
    Frozen,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAccount {
    pub mint: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub delegate: Option<Pubkey>,
    pub state: AccountState,
    pub is_native: Option<u64>,
    pub delegated_amount: u64,
    pub close_authority: Option<Pubkey>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mint {
    pub mint_authority: Option<Pubkey>,
    pub supply: u64,
    pub decimals: u8,
    pub is_initialized: bool,
    pub freeze_authority: Option<Pubkey>,
}

fn pubkey_at(data: &[u8], offset: usize) -> Option<Pubkey> {
    let bytes: [u8; 32] = data.get(offset..offset + 32)?.try_into().ok()?;
    Some(Pubkey::new_from_array(bytes))
}

fn u64_at(data: &[u8], offset: usize) -> Option<u64> {
    Some(u64::from_le_bytes(data.get(offset..offset + 8)?.try_into().ok()?))
}

/// `COption<T>`: a 4-byte little-endian tag (0 none, 1 some) then the value.
fn coption<T>(data: &[u8], offset: usize, read: impl Fn(&[u8], usize) -> Option<T>) -> Option<Option<T>> {
    match data.get(offset..offset + 4)? {
        [0, 0, 0, 0] => Some(None),
        [1, 0, 0, 0] => read(data, offset + 4).map(Some),
        _ => None,
    }
}

fn is_account_layout(owner: &Pubkey, data: &[u8]) -> bool {
    match data.len() {
        ACCOUNT_LEN => true,
        len if len > ACCOUNT_LEN => {
            *owner == TOKEN_2022_PROGRAM_ID && data[ACCOUNT_TYPE_OFFSET] == ACCOUNT_TYPE_ACCOUNT
        }
        _ => false,
    }
}

fn is_mint_layout(owner: &Pubkey, data: &[u8]) -> bool {
    match data.len() {
        MINT_LEN => true,
        len if len > ACCOUNT_LEN => {
            *owner == TOKEN_2022_PROGRAM_ID && data[ACCOUNT_TYPE_OFFSET] == ACCOUNT_TYPE_MINT
        }
        _ => false,
    }
}

/// Reads a token account owned by `owner` (a token program), or `None` if `data` is not one.
pub fn parse_account(owner: &Pubkey, data: &[u8]) -> Option<TokenAccount> {
    if !is_token_program(owner) || !is_account_layout(owner, data) {
        return None;
    }
    let state = match data[108] {
        0 => AccountState::Uninitialized,
        1 => AccountState::Initialized,
        2 => AccountState::Frozen,
        _ => return None,
    };
    Some(TokenAccount {
        mint: pubkey_at(data, 0)?,
        owner: pubkey_at(data, 32)?,
        amount: u64_at(data, 64)?,
        delegate: coption(data, 72, pubkey_at)?,
        state,
        is_native: coption(data, 109, u64_at)?,
        delegated_amount: u64_at(data, 121)?,
        close_authority: coption(data, 129, pubkey_at)?,
    })
}

/// Reads a mint owned by `owner` (a token program), or `None` if `data` is not one.
pub fn parse_mint(owner: &Pubkey, data: &[u8]) -> Option<Mint> {
    if !is_token_program(owner) || !is_mint_layout(owner, data) {
        return None;
    }
    Some(Mint {
        mint_authority: coption(data, 0, pubkey_at)?,
        supply: u64_at(data, 36)?,
        decimals: data[44],
        is_initialized: data[45] != 0,
        freeze_authority: coption(data, 46, pubkey_at)?,
    })
}

/// `amount` as a decimal string with `decimals` places, trailing zeros trimmed (the validator's
/// `real_number_string_trimmed`).
pub fn ui_amount_string(amount: u64, decimals: u8) -> String {
    let decimals = decimals as usize;
    if decimals == 0 {
        return amount.to_string();
    }
    let digits = format!("{amount:0>width$}", width = decimals + 1);
    let (whole, fraction) = digits.split_at(digits.len() - decimals);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    }
}

/// The validator's `UiTokenAmount`.
pub fn ui_token_amount(amount: u64, decimals: u8) -> Value {
    json!({
        "amount": amount.to_string(),
        "decimals": decimals,
        "uiAmount": amount as f64 / 10f64.powi(decimals as i32),
        "uiAmountString": ui_amount_string(amount, decimals),
    })
}

/// `{program, parsed: {info, type}, space}` for a token account or mint, as `jsonParsed`
/// encodes it; `None` when the account is neither (or its mint is unknown), so callers fall
/// back to base64 as the validator does.
pub fn parsed_json(owner: &Pubkey, data: &[u8], mint_decimals: impl Fn(&Pubkey) -> Option<u8>) -> Option<Value> {
    let parsed = if let Some(account) = parse_account(owner, data) {
        let decimals = mint_decimals(&account.mint)?;
        let mut info = Map::new();
        info.insert("isNative".into(), account.is_native.is_some().into());
        info.insert("mint".into(), account.mint.to_string().into());
        info.insert("owner".into(), account.owner.to_string().into());
        let state = match account.state {
            AccountState::Uninitialized => "uninitialized",
            AccountState::Initialized => "initialized",
            AccountState::Frozen => "frozen",
        };
        info.insert("state".into(), state.into());
        info.insert("tokenAmount".into(), ui_token_amount(account.amount, decimals));
        if let Some(delegate) = account.delegate {
            info.insert("delegate".into(), delegate.to_string().into());
            info.insert("delegatedAmount".into(), ui_token_amount(account.delegated_amount, decimals));
        }
        if let Some(reserve) = account.is_native {
            info.insert("rentExemptReserve".into(), ui_token_amount(reserve, decimals));
        }
        if let Some(close_authority) = account.close_authority {
            info.insert("closeAuthority".into(), close_authority.to_string().into());
        }
        json!({ "info": info, "type": "account" })
    } else if let Some(mint) = parse_mint(owner, data) {
        json!({
            "info": {
                "decimals": mint.decimals,
                "freezeAuthority": mint.freeze_authority.map(|key| key.to_string()),
                "isInitialized": mint.is_initialized,
                "mintAuthority": mint.mint_authority.map(|key| key.to_string()),
                "supply": mint.supply.to_string(),
            },
            "type": "mint",
        })
    } else {
        return None;
    };
    Some(json!({ "program": program_name(owner), "parsed": parsed, "space": data.len() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_amounts_are_trimmed_like_the_validator() {
        assert_eq!(ui_amount_string(0, 9), "0");
        assert_eq!(ui_amount_string(1_000_000_000, 9), "1");
        assert_eq!(ui_amount_string(1_500_000_000, 9), "1.5");
        assert_eq!(ui_amount_string(1, 9), "0.000000001");
        assert_eq!(ui_amount_string(42, 0), "42");
        assert_eq!(ui_token_amount(2_500_000, 6)["uiAmount"], json!(2.5));
    }

    #[test]
    fn reads_the_base_account_layout() {
        let mint = Pubkey::new_unique();
        let owner = Pubkey::new_unique();
        let mut data = vec![0u8; ACCOUNT_LEN];
        data[..32].copy_from_slice(mint.as_ref());
        data[32..64].copy_from_slice(owner.as_ref());
        data[64..72].copy_from_slice(&77u64.to_le_bytes());
        data[108] = 1;
        let account = parse_account(&TOKEN_PROGRAM_ID, &data).expect("a token account");
        assert_eq!((account.mint, account.owner, account.amount), (mint, owner, 77));
        assert_eq!(account.state, AccountState::Initialized);
        assert!(parse_account(&Pubkey::new_unique(), &data).is_none());
        assert!(parse_mint(&TOKEN_PROGRAM_ID, &data).is_none());
        data[72] = 7; // a COption tag that is neither 0 nor 1
        assert!(parse_account(&TOKEN_PROGRAM_ID, &data).is_none());
    }
}
