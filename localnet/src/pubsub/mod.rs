//! The PubSub (WebSocket) methods: account, program, signature, logs, slot and root
//! subscriptions, with the validator's parameter checks and errors.

pub mod server;
pub mod subscriptions;

use crate::{
    encoding::{check_slice_and_encoding, AccountEncoding, AccountFilters, DataSlice, Filter},
    errors::{RpcError, RpcResult},
    jsonrpc::Params,
    rpc::Commitment,
    state::{lock, SharedNode},
};
use serde::Deserialize;
use serde_json::{json, Value};
use solana_pubkey::Pubkey;
use solana_signature::Signature;
use std::{str::FromStr, sync::mpsc::SyncSender};
use subscriptions::{ConnectionId, LogsFilter, SubscriptionKind};

/// One WebSocket client: where its notifications go.
pub struct Connection {
    pub id: ConnectionId,
    pub outbox: SyncSender<String>,
}

/// The pubsub server's wording for unparsable keys and signatures.
fn parse_param<T: FromStr>(text: &str, what: &str) -> RpcResult<T> {
    text.parse().map_err(|_| RpcError::invalid_params(format!("Invalid Request: Invalid {what} provided")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountSubscribeConfig {
    encoding: Option<AccountEncoding>,
    data_slice: Option<DataSlice>,
    #[allow(dead_code)] // every commitment notifies at once here
    commitment: Option<Commitment>,
}

impl AccountSubscribeConfig {
    fn encoding(&self) -> RpcResult<AccountEncoding> {
        let encoding = self.encoding.unwrap_or(AccountEncoding::Binary).check_supported()?;
        check_slice_and_encoding(encoding, self.data_slice)?;
        Ok(encoding)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramSubscribeConfig {
    filters: Option<Vec<Filter>>,
    #[serde(flatten)]
    account: AccountSubscribeConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignatureSubscribeConfig {
    #[allow(dead_code)] // every commitment notifies at once here
    commitment: Option<Commitment>,
    #[serde(default)]
    enable_received_notification: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
enum LogsMentions {
    Mentions(Vec<String>),
}

fn logs_filter(params: &Params) -> RpcResult<LogsFilter> {
    match params.required::<Value>(0)? {
        Value::String(kind) if kind == "all" => Ok(LogsFilter::All),
        Value::String(kind) if kind == "allWithVotes" => Ok(LogsFilter::AllWithVotes),
        _ => {
            let LogsMentions::Mentions(keys) = params.required(0)?;
            match keys.as_slice() {
                [key] => parse_param::<Pubkey>(key, "pubkey").map(LogsFilter::Mentions),
                _ => Err(RpcError::invalid_params("Invalid Request: Only 1 address supported")),
            }
        }
    }
}

/// How long after its subscription id an already-processed signature is notified.
const ALREADY_PROCESSED_NOTIFY_DELAY: std::time::Duration = std::time::Duration::from_millis(50);

/// Answers one PubSub call from `connection`.
pub fn dispatch(node: &SharedNode, connection: &Connection, method: &str, params: Params) -> RpcResult<Value> {
    let kind = match method {
        "accountSubscribe" => {
            let pubkey = parse_param(&params.required::<String>(0)?, "pubkey")?;
            let config: AccountSubscribeConfig = params.optional(1)?;
            SubscriptionKind::Account { pubkey, encoding: config.encoding()?, slice: config.data_slice }
        }
        "programSubscribe" => {
            let program = parse_param(&params.required::<String>(0)?, "pubkey")?;
            let config: ProgramSubscribeConfig = params.optional(1)?;
            SubscriptionKind::Program {
                program,
                encoding: config.account.encoding()?,
                slice: config.account.data_slice,
                filters: AccountFilters::compile(config.filters.as_deref().unwrap_or_default())?,
            }
        }
        "signatureSubscribe" => {
            let signature: Signature = parse_param(&params.required::<String>(0)?, "signature")?;
            let config: SignatureSubscribeConfig = params.optional(1)?;
            SubscriptionKind::Signature { signature, enable_received: config.enable_received_notification }
        }
        "logsSubscribe" => {
            let filter = logs_filter(&params)?;
            params.optional::<SignatureSubscribeConfig>(1)?;
            SubscriptionKind::Logs(filter)
        }
        "slotSubscribe" => SubscriptionKind::Slot,
        "rootSubscribe" => SubscriptionKind::Root,
        "accountUnsubscribe" | "programUnsubscribe" | "signatureUnsubscribe" | "logsUnsubscribe" | "slotUnsubscribe"
        | "rootUnsubscribe" => {
            let id: u64 = params.required(0)?;
            return if lock(node).subscriptions.remove(connection.id, id) {
                Ok(json!(true))
            } else {
                Err(RpcError::invalid_params("Invalid subscription id."))
            };
        }
        _ => return Err(RpcError::method_not_found()),
    };
    let shared_node = node;
    let mut node = lock(node);
    let node = &mut *node;
    // A signature already processed is answered at once (after the subscription id, which the
    // connection sends first), as the validator does from its status cache.
    let processed = match &kind {
        SubscriptionKind::Signature { signature, .. } => node.history.get(signature).cloned(),
        _ => None,
    };
    let kind = match (kind, &processed) {
        (SubscriptionKind::Signature { signature, .. }, Some(_)) => SubscriptionKind::Signature { signature, enable_received: false },
        (kind, _) => kind,
    };
    let id = node.subscriptions.add(connection.id, connection.outbox.clone(), kind);
    if let Some(record) = processed {
        // Not in the same breath as the id: clients such as @solana/kit attach their
        // notification listener only once the id has arrived and drop what came before, and a
        // validator answers from its notification thread a moment later anyway.
        let shared = SharedNode::clone(shared_node);
        std::thread::spawn(move || {
            std::thread::sleep(ALREADY_PROCESSED_NOTIFY_DELAY);
            lock(&shared).subscriptions.notify_signature(&record);
        });
    }
    Ok(json!(id))
}
