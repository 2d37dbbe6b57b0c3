//! JSON-RPC 2.0 framing shared by the HTTP and WebSocket endpoints, with jsonrpc-core's
//! behaviour (which the validator uses): batches, notifications without replies, and its error
//! objects for malformed input. Handler panics are caught and answered as internal errors.

use crate::{
    errors::{RpcError, RpcResult},
    log,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Positional parameters of one call.
#[derive(Debug, Default)]
pub struct Params(Vec<Value>);

impl Params {
    fn from_json(params: Option<Value>) -> RpcResult<Self> {
        match params {
            None | Some(Value::Null) => Ok(Self::default()),
            Some(Value::Array(values)) => Ok(Self(values)),
            Some(_) => Err(RpcError::invalid_params("Invalid params: invalid type: map, expected a sequence.")),
        }
    }

    fn parse<T: DeserializeOwned>(value: Value) -> RpcResult<T> {
        serde_json::from_value(value).map_err(|err| RpcError::invalid_params(format!("Invalid params: {err}.")))
    }

    /// The parameter at `index`, which must be present.
    pub fn required<T: DeserializeOwned>(&self, index: usize) -> RpcResult<T> {
        match self.0.get(index) {
            Some(value) => Self::parse(value.clone()),
            None => Err(RpcError::invalid_params(format!(
                "Invalid params: invalid length {}, expected at least {} parameter(s).",
                self.0.len(),
                index + 1
            ))),
        }
    }

    /// The parameter at `index`; absent or `null` gives `T::default()` (configuration objects).
    pub fn optional<T: DeserializeOwned + Default>(&self, index: usize) -> RpcResult<T> {
        match self.0.get(index) {
            None | Some(Value::Null) => Ok(T::default()),
            Some(value) => Self::parse(value.clone()),
        }
    }
}

fn response(id: Value, outcome: RpcResult<Value>) -> Value {
    match outcome {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(error) => json!({ "jsonrpc": "2.0", "error": error.to_json(), "id": id }),
    }
}

/// Handles one call object; `None` for a notification (no `id`), which gets no reply.
fn handle_call(call: Value, handler: &mut dyn FnMut(&str, Params) -> RpcResult<Value>) -> Option<Value> {
    let Value::Object(mut call) = call else {
        return Some(response(Value::Null, Err(RpcError::invalid_request())));
    };
    let id = call.remove("id");
    let version_ok = call.get("jsonrpc").is_none_or(|version| *version == "2.0");
    let method = match call.remove("method") {
        Some(Value::String(method)) if version_ok => method,
        _ => return Some(response(id.unwrap_or(Value::Null), Err(RpcError::invalid_request()))),
    };
    let outcome = Params::from_json(call.remove("params")).and_then(|params| {
        catch_unwind(AssertUnwindSafe(|| handler(&method, params))).unwrap_or_else(|panic| {
            let reason = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown");
            log::error("handler_panic", json!({ "method": method, "reason": reason }));
            Err(RpcError::internal())
        })
    });
    let id = id?;
    Some(response(id, outcome))
}

/// Handles a request body (one call or a batch) and returns the reply body, if any.
pub fn handle_payload(payload: &[u8], handler: &mut dyn FnMut(&str, Params) -> RpcResult<Value>) -> Option<String> {
    let request: Value = match serde_json::from_slice(payload) {
        Ok(request) => request,
        Err(_) => return Some(response(Value::Null, Err(RpcError::parse_error())).to_string()),
    };
    match request {
        Value::Array(calls) if calls.is_empty() => Some(response(Value::Null, Err(RpcError::invalid_request())).to_string()),
        Value::Array(calls) => {
            let replies: Vec<Value> = calls.into_iter().filter_map(|call| handle_call(call, handler)).collect();
            (!replies.is_empty()).then(|| Value::Array(replies).to_string())
        }
        call => handle_call(call, handler).map(|reply| reply.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo(method: &str, params: Params) -> RpcResult<Value> {
        match method {
            "echo" => params.required::<Value>(0),
            "boom" => panic!("handler bug"),
            _ => Err(RpcError::method_not_found()),
        }
    }

    fn run(body: &str) -> Option<Value> {
        handle_payload(body.as_bytes(), &mut echo).map(|reply| serde_json::from_str(&reply).expect("reply is JSON"))
    }

    #[test]
    fn framing_follows_jsonrpc_core() {
        assert_eq!(run("{oops").unwrap()["error"]["code"], -32700);
        assert_eq!(run("[]").unwrap()["error"]["code"], -32600);
        assert_eq!(run("42").unwrap()["error"]["code"], -32600);
        assert_eq!(run(r#"{"jsonrpc":"2.0","id":1,"method":"nope"}"#).unwrap()["error"]["code"], -32601);
        assert_eq!(run(r#"{"jsonrpc":"2.0","id":"a","method":"echo","params":[7]}"#).unwrap()["result"], 7);
        assert_eq!(run(r#"{"jsonrpc":"2.0","id":1,"method":"echo","params":{}}"#).unwrap()["error"]["code"], -32602);
        assert_eq!(run(r#"{"jsonrpc":"2.0","id":1,"method":"echo"}"#).unwrap()["error"]["code"], -32602);
        assert!(run(r#"{"jsonrpc":"2.0","method":"ping"}"#).is_none());
        let batch = run(r#"[{"jsonrpc":"2.0","id":1,"method":"echo","params":[1]},{"jsonrpc":"2.0","method":"ping"},7]"#);
        let batch = batch.unwrap();
        assert_eq!(batch.as_array().map(Vec::len), Some(2));
        assert_eq!(batch[1]["error"]["code"], -32600);
    }

    #[test]
    fn a_panicking_handler_is_an_internal_error() {
        assert_eq!(run(r#"{"jsonrpc":"2.0","id":1,"method":"boom"}"#).unwrap()["error"]["code"], -32603);
    }
}
