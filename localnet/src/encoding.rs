//! Wire encodings shared by RPC and PubSub: accounts (`UiAccount`), data slices, program-account
//! filters and encoded transactions, with the validator's limits and error messages.

use crate::{
    errors::{RpcError, RpcResult},
    token,
};
use base64::{prelude::BASE64_STANDARD, Engine};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::{json, Value};
use solana_account::Account;
use solana_pubkey::Pubkey;
use std::str::FromStr;

/// Largest account data the legacy base58 encodings may return (validator's `MAX_BASE58_BYTES`).
const MAX_BASE58_BYTES: usize = 128;
/// Largest wire transaction (`PACKET_DATA_SIZE`) and its encoded sizes.
pub const PACKET_DATA_SIZE: usize = 1232;
const MAX_BASE58_SIZE: usize = 1683;
const MAX_BASE64_SIZE: usize = 1644;
/// Program-account filters: at most 4 per request, memcmp bytes at most 128.
const MAX_FILTERS: usize = 4;
const MAX_MEMCMP_BYTES: usize = 128;
const MAX_MEMCMP_BASE58: usize = 175;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AccountEncoding {
    /// Legacy: a bare base58 string.
    Binary,
    Base58,
    Base64,
    JsonParsed,
    #[serde(rename = "base64+zstd")]
    Base64Zstd,
}

impl AccountEncoding {
    /// Rejects what this node cannot produce, with a message that says so.
    pub fn check_supported(self) -> RpcResult<Self> {
        if self == Self::Base64Zstd {
            return Err(RpcError::invalid_params(
                "Invalid params: base64+zstd encoding is not supported by synq-localnet; use base64.",
            ));
        }
        Ok(self)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub struct DataSlice {
    pub offset: usize,
    pub length: usize,
}

fn sliced(data: &[u8], slice: Option<DataSlice>) -> &[u8] {
    match slice {
        Some(DataSlice { offset, length }) => {
            let start = offset.min(data.len());
            &data[start..start.saturating_add(length).min(data.len())]
        }
        None => data,
    }
}

/// The validator's `check_slice_and_encoding`.
pub fn check_slice_and_encoding(encoding: AccountEncoding, slice: Option<DataSlice>) -> RpcResult<()> {
    if encoding == AccountEncoding::JsonParsed && slice.is_some() {
        return Err(RpcError::invalid_request_with(
            "Sliced account data can only be encoded using binary (base 58) or base64 encoding.",
        ));
    }
    Ok(())
}

/// Encodes an account as the validator's `UiAccount`. `mint_decimals` resolves token mints
/// for `jsonParsed`; accounts no parser knows fall back to base64, as on a validator.
/// `enforce_base58_limit` is the RPC behaviour (PubSub notifications have no limit).
pub fn encode_account(
    account: &Account,
    encoding: AccountEncoding,
    slice: Option<DataSlice>,
    mint_decimals: &dyn Fn(&Pubkey) -> Option<u8>,
    enforce_base58_limit: bool,
) -> RpcResult<Value> {
    let data = sliced(&account.data, slice);
    let encoded = match encoding {
        AccountEncoding::Binary | AccountEncoding::Base58 if enforce_base58_limit && data.len() > MAX_BASE58_BYTES => {
            return Err(RpcError::invalid_request_with(format!(
                "Encoded binary (base 58) data should be less than {MAX_BASE58_BYTES} bytes, please use Base64 encoding."
            )));
        }
        AccountEncoding::Binary => Value::from(bs58::encode(data).into_string()),
        AccountEncoding::Base58 => json!([bs58::encode(data).into_string(), "base58"]),
        AccountEncoding::Base64 | AccountEncoding::Base64Zstd => json!([BASE64_STANDARD.encode(data), "base64"]),
        AccountEncoding::JsonParsed => token::parsed_json(&account.owner, &account.data, mint_decimals)
            .unwrap_or_else(|| json!([BASE64_STANDARD.encode(data), "base64"])),
    };
    Ok(json!({
        "data": encoded,
        "executable": account.executable,
        "lamports": account.lamports,
        "owner": account.owner.to_string(),
        "rentEpoch": account.rent_epoch,
        "space": account.data.len(),
    }))
}

/// A `getProgramAccounts` / `programSubscribe` filter.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Filter {
    DataSize(u64),
    Memcmp(Memcmp),
    TokenAccountState,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Memcmp {
    pub offset: usize,
    pub bytes: String,
    #[serde(default)]
    pub encoding: Option<MemcmpEncoding>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum MemcmpEncoding {
    Base58,
    Base64,
}

/// Filters checked and decoded once, then matched against many accounts.
#[derive(Clone, Debug, Default)]
pub struct AccountFilters(Vec<CompiledFilter>);

#[derive(Clone, Debug)]
enum CompiledFilter {
    DataSize(u64),
    Memcmp { offset: usize, bytes: Vec<u8> },
    TokenAccountState,
}

impl AccountFilters {
    pub fn compile(filters: &[Filter]) -> RpcResult<Self> {
        if filters.len() > MAX_FILTERS {
            return Err(RpcError::invalid_params(format!("Too many filters provided; max {MAX_FILTERS}")));
        }
        filters
            .iter()
            .map(|filter| match filter {
                Filter::DataSize(size) => Ok(CompiledFilter::DataSize(*size)),
                Filter::TokenAccountState => Ok(CompiledFilter::TokenAccountState),
                Filter::Memcmp(memcmp) => {
                    let bytes = match memcmp.encoding.unwrap_or(MemcmpEncoding::Base58) {
                        MemcmpEncoding::Base58 => {
                            if memcmp.bytes.len() > MAX_MEMCMP_BASE58 {
                                return Err(RpcError::invalid_params("Invalid param: DataTooLarge"));
                            }
                            bs58::decode(&memcmp.bytes)
                                .into_vec()
                                .map_err(|err| RpcError::invalid_params(format!("Invalid param: Base58DecodeError({err:?})")))?
                        }
                        MemcmpEncoding::Base64 => BASE64_STANDARD
                            .decode(&memcmp.bytes)
                            .map_err(|err| RpcError::invalid_params(format!("Invalid param: Base64DecodeError({err:?})")))?,
                    };
                    if bytes.len() > MAX_MEMCMP_BYTES {
                        return Err(RpcError::invalid_params("Invalid param: DataTooLarge"));
                    }
                    Ok(CompiledFilter::Memcmp { offset: memcmp.offset, bytes })
                }
            })
            .collect::<RpcResult<Vec<_>>>()
            .map(Self)
    }

    pub fn matches(&self, account: &Account) -> bool {
        self.0.iter().all(|filter| match filter {
            CompiledFilter::DataSize(size) => account.data.len() as u64 == *size,
            CompiledFilter::Memcmp { offset, bytes } => offset
                .checked_add(bytes.len())
                .and_then(|end| account.data.get(*offset..end))
                .is_some_and(|window| window == bytes.as_slice()),
            CompiledFilter::TokenAccountState => token::parse_account(&account.owner, &account.data)
                .is_some_and(|token| token.state != token::AccountState::Uninitialized),
        })
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum BinaryEncoding {
    Base58,
    Base64,
}

/// Decodes and deserializes a wire transaction or message with the validator's size limits and
/// messages (`decode_and_deserialize`); the type name in messages is the Rust one, as there.
pub fn decode_wire<T: DeserializeOwned>(encoded: &str, encoding: BinaryEncoding) -> RpcResult<(Vec<u8>, T)> {
    let type_name = std::any::type_name::<T>();
    let wire = match encoding {
        BinaryEncoding::Base58 => {
            if encoded.len() > MAX_BASE58_SIZE {
                return Err(RpcError::invalid_params(format!(
                    "base58 encoded {type_name} too large: {} bytes (max: encoded/raw {MAX_BASE58_SIZE}/{PACKET_DATA_SIZE})",
                    encoded.len()
                )));
            }
            bs58::decode(encoded)
                .into_vec()
                .map_err(|err| RpcError::invalid_params(format!("invalid base58 encoding: {err:?}")))?
        }
        BinaryEncoding::Base64 => {
            if encoded.len() > MAX_BASE64_SIZE {
                return Err(RpcError::invalid_params(format!(
                    "base64 encoded {type_name} too large: {} bytes (max: encoded/raw {MAX_BASE64_SIZE}/{PACKET_DATA_SIZE})",
                    encoded.len()
                )));
            }
            BASE64_STANDARD
                .decode(encoded)
                .map_err(|err| RpcError::invalid_params(format!("invalid base64 encoding: {err:?}")))?
        }
    };
    if wire.len() > PACKET_DATA_SIZE {
        return Err(RpcError::invalid_params(format!(
            "decoded {type_name} too large: {} bytes (max: {PACKET_DATA_SIZE} bytes)",
            wire.len()
        )));
    }
    use bincode::Options;
    let value = bincode::options()
        .with_limit(PACKET_DATA_SIZE as u64)
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .deserialize_from(&wire[..])
        .map_err(|err| RpcError::invalid_params(format!("failed to deserialize {type_name}: {err}")))?;
    Ok((wire, value))
}

/// A `TransactionError` as the validator's JSON shows it (`"BlockhashNotFound"`,
/// `{"InstructionError":[0,{"Custom":6000}]}`).
pub fn transaction_error_json(err: &solana_transaction_error::TransactionError) -> Value {
    serde_json::to_value(err).unwrap_or(Value::Null)
}

/// The validator's `verify_pubkey`.
pub fn parse_pubkey(text: &str) -> RpcResult<Pubkey> {
    Pubkey::from_str(text).map_err(|err| RpcError::invalid_params(format!("Invalid param: {err:?}")))
}

/// The validator's `verify_signature`.
pub fn parse_signature(text: &str) -> RpcResult<solana_signature::Signature> {
    solana_signature::Signature::from_str(text).map_err(|err| RpcError::invalid_params(format!("Invalid param: {err:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(data: &[u8]) -> Account {
        Account { lamports: 1, data: data.to_vec(), owner: Pubkey::default(), executable: false, rent_epoch: 0 }
    }

    #[test]
    fn memcmp_matches_in_both_encodings_and_never_reads_out_of_bounds() {
        let base58 = Filter::Memcmp(Memcmp { offset: 1, bytes: bs58::encode([2, 3]).into_string(), encoding: None });
        let base64 = Filter::Memcmp(Memcmp {
            offset: 1,
            bytes: BASE64_STANDARD.encode([2, 3]),
            encoding: Some(MemcmpEncoding::Base64),
        });
        for filter in [base58, base64] {
            let filters = AccountFilters::compile(&[filter, Filter::DataSize(4)]).expect("valid");
            assert!(filters.matches(&account(&[1, 2, 3, 4])));
            assert!(!filters.matches(&account(&[1, 2, 4, 4])));
            assert!(!filters.matches(&account(&[1, 2])));
        }
        let far = Filter::Memcmp(Memcmp { offset: usize::MAX, bytes: "2".into(), encoding: None });
        assert!(!AccountFilters::compile(&[far]).expect("valid").matches(&account(&[1])));
    }

    #[test]
    fn bad_filters_and_slices_are_rejected() {
        let bad = Filter::Memcmp(Memcmp { offset: 0, bytes: "0OIl".into(), encoding: None });
        assert_eq!(AccountFilters::compile(&[bad]).unwrap_err().code, -32602);
        assert_eq!(AccountFilters::compile(&vec![Filter::DataSize(1); 5]).unwrap_err().code, -32602);
        let slice = Some(DataSlice { offset: 1, length: 2 });
        assert_eq!(check_slice_and_encoding(AccountEncoding::JsonParsed, slice).unwrap_err().code, -32600);
        assert_eq!(sliced(&[1, 2, 3, 4], slice), &[2, 3]);
        assert_eq!(sliced(&[1], Some(DataSlice { offset: 5, length: usize::MAX })), &[] as &[u8]);
    }

    #[test]
    fn base58_account_data_is_capped_like_the_validator() {
        let none = |_: &Pubkey| None;
        let big = account(&[0; 200]);
        let err = encode_account(&big, AccountEncoding::Binary, None, &none, true).unwrap_err();
        assert_eq!(err.code, -32600);
        assert!(encode_account(&big, AccountEncoding::Base64, None, &none, true).is_ok());
        let encoded = encode_account(&account(&[1, 2]), AccountEncoding::Base64, None, &none, true).expect("ok");
        assert_eq!(encoded["data"], json!(["AQI=", "base64"]));
        assert_eq!(encoded["space"], json!(2));
    }
}
