//! JSON-RPC errors with the codes and messages an Agave validator answers with, so clients that
//! match on them (web3.js, kit, Anchor) behave as they would against a real cluster.

use serde_json::{json, Value};

pub type RpcResult<T> = Result<T, RpcError>;

#[derive(Clone, Debug, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    fn new(code: i64, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), data: None }
    }

    pub fn parse_error() -> Self {
        Self::new(-32700, "Parse error")
    }

    pub fn invalid_request() -> Self {
        Self::new(-32600, "Invalid request")
    }

    /// `InvalidRequest` with a specific message, as the validator uses for encoding limits.
    pub fn invalid_request_with(message: impl Into<String>) -> Self {
        Self::new(-32600, message)
    }

    pub fn method_not_found() -> Self {
        Self::new(-32601, "Method not found")
    }

    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(-32602, message)
    }

    pub fn internal() -> Self {
        Self::new(-32603, "Internal error")
    }

    /// `RpcCustomError::SendTransactionPreflightFailure`: `data` is the simulation result.
    pub fn preflight_failure(message: String, simulation: Value) -> Self {
        Self { code: -32002, message, data: Some(simulation) }
    }

    pub fn signature_verification_failure() -> Self {
        Self::new(-32003, "Transaction signature verification failure")
    }

    pub fn block_not_available(slot: u64) -> Self {
        Self::new(-32004, format!("Block not available for slot {slot}"))
    }

    pub fn unsupported_transaction_version(version: u8) -> Self {
        Self::new(
            -32015,
            format!(
                "Transaction version ({version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: \"maxSupportedTransactionVersion\": {version}"
            ),
        )
    }

    pub fn min_context_slot_not_reached(context_slot: u64) -> Self {
        Self {
            code: -32016,
            message: "Minimum context slot has not been reached".into(),
            data: Some(json!({ "contextSlot": context_slot })),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(data) = &self.data {
            error["data"] = data.clone();
        }
        error
    }
}
