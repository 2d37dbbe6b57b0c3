//! Live PubSub subscriptions and the fan-out of chain events to them.
//!
//! Lives inside the node state (under its one lock) so that a subscription made right after a
//! transaction cannot miss it, and a signature subscription for a processed transaction can be
//! answered at once. Notifications are queued on each connection's bounded outbox and written
//! by that connection's thread; a connection that stops reading loses notifications rather than
//! growing memory without bound.

use crate::{
    encoding::{encode_account, AccountEncoding, AccountFilters, DataSlice},
    log,
    state::history::TxRecord,
};
use serde_json::{json, Value};
use solana_account::Account;
use solana_pubkey::Pubkey;
use solana_signature::Signature;
use std::{
    collections::HashMap,
    sync::mpsc::{SyncSender, TrySendError},
};

pub type ConnectionId = u64;
pub type SubscriptionId = u64;

/// Messages a connection's outbox may hold before notifications are dropped.
pub const OUTBOX_CAPACITY: usize = 16_384;

#[derive(Clone, Debug)]
pub enum LogsFilter {
    All,
    AllWithVotes,
    Mentions(Pubkey),
}

#[derive(Clone, Debug)]
pub enum SubscriptionKind {
    Account { pubkey: Pubkey, encoding: AccountEncoding, slice: Option<DataSlice> },
    Program { program: Pubkey, encoding: AccountEncoding, slice: Option<DataSlice>, filters: AccountFilters },
    /// One-shot: removed once the transaction's result is sent. With `enable_received`, a
    /// `receivedSignature` notification precedes the result.
    Signature { signature: Signature, enable_received: bool },
    Logs(LogsFilter),
    Slot,
    Root,
}

struct Subscription {
    connection: ConnectionId,
    outbox: SyncSender<String>,
    kind: SubscriptionKind,
}

#[derive(Default)]
pub struct Subscriptions {
    next_id: SubscriptionId,
    active: HashMap<SubscriptionId, Subscription>,
}

/// The context object of PubSub notifications (no `apiVersion`, unlike HTTP responses).
fn context(slot: u64) -> Value {
    json!({ "slot": slot })
}

fn transaction_error_json(record: &TxRecord) -> Value {
    record.err.as_ref().map_or(Value::Null, crate::encoding::transaction_error_json)
}

impl Subscriptions {
    pub fn add(&mut self, connection: ConnectionId, outbox: SyncSender<String>, kind: SubscriptionKind) -> SubscriptionId {
        let id = self.next_id;
        self.next_id += 1;
        self.active.insert(id, Subscription { connection, outbox, kind });
        id
    }

    /// Removes a subscription of `connection`; false if it has no such subscription.
    pub fn remove(&mut self, connection: ConnectionId, id: SubscriptionId) -> bool {
        match self.active.get(&id) {
            Some(subscription) if subscription.connection == connection => {
                self.active.remove(&id);
                true
            }
            _ => false,
        }
    }

    pub fn remove_connection(&mut self, connection: ConnectionId) {
        self.active.retain(|_, subscription| subscription.connection != connection);
    }

    pub fn has_account_watchers(&self) -> bool {
        self.active
            .values()
            .any(|s| matches!(s.kind, SubscriptionKind::Account { .. } | SubscriptionKind::Program { .. }))
    }

    /// Queues a notification; returns false when the connection is gone.
    fn send(id: SubscriptionId, subscription: &Subscription, method: &str, result: Value) -> bool {
        let message = json!({
            "jsonrpc": "2.0",
            "method": method,
            "params": { "result": result, "subscription": id },
        });
        match subscription.outbox.try_send(message.to_string()) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                log::warn("pubsub_notification_dropped", json!({ "subscription": id, "reason": "outbox full" }));
                true
            }
            Err(TrySendError::Disconnected(_)) => false,
        }
    }

    /// Sends `notify(kind)`'s notification to every subscription it yields one for, dropping
    /// subscriptions whose connection is gone and one-shot subscriptions that fired.
    fn fan_out(&mut self, method: &str, notify: impl Fn(&SubscriptionKind) -> Option<Value>) {
        let mut finished = Vec::new();
        for (id, subscription) in &self.active {
            let Some(result) = notify(&subscription.kind) else { continue };
            let delivered = Self::send(*id, subscription, method, result);
            if !delivered || matches!(subscription.kind, SubscriptionKind::Signature { .. }) {
                finished.push(*id);
            }
        }
        for id in finished {
            self.active.remove(&id);
        }
    }

    /// Signature and logs notifications for a processed transaction.
    pub fn notify_transaction(&mut self, record: &TxRecord) {
        self.notify_signature(record);
        let err = transaction_error_json(record);
        let logs = json!({
            "context": context(record.slot),
            "value": { "signature": record.signature.to_string(), "err": err, "logs": record.logs },
        });
        self.fan_out("logsNotification", |kind| match kind {
            SubscriptionKind::Logs(LogsFilter::All | LogsFilter::AllWithVotes) => Some(logs.clone()),
            SubscriptionKind::Logs(LogsFilter::Mentions(key)) if record.account_keys().any(|k| k == key) => {
                Some(logs.clone())
            }
            _ => None,
        });
    }

    /// Completes the signature subscriptions waiting for `record`.
    pub fn notify_signature(&mut self, record: &TxRecord) {
        let err = transaction_error_json(record);
        for (id, subscription) in &self.active {
            if let SubscriptionKind::Signature { signature, enable_received: true } = subscription.kind {
                if signature == record.signature {
                    let received = json!({ "context": context(record.slot), "value": "receivedSignature" });
                    Self::send(*id, subscription, "signatureNotification", received);
                }
            }
        }
        self.fan_out("signatureNotification", |kind| match kind {
            SubscriptionKind::Signature { signature, .. } if *signature == record.signature => {
                Some(json!({ "context": context(record.slot), "value": { "err": err } }))
            }
            _ => None,
        });
    }

    /// Account and program notifications for accounts whose state changed in `slot`.
    pub fn notify_accounts(&mut self, slot: u64, changed: &[(Pubkey, Account)], mint_decimals: &dyn Fn(&Pubkey) -> Option<u8>) {
        for (pubkey, account) in changed {
            let encode = |encoding, slice| encode_account(account, encoding, slice, mint_decimals, false).ok();
            self.fan_out("accountNotification", |kind| match kind {
                SubscriptionKind::Account { pubkey: watched, encoding, slice } if watched == pubkey => {
                    Some(json!({ "context": context(slot), "value": encode(*encoding, *slice)? }))
                }
                _ => None,
            });
            self.fan_out("programNotification", |kind| match kind {
                SubscriptionKind::Program { program, encoding, slice, filters }
                    if *program == account.owner && filters.matches(account) =>
                {
                    Some(json!({
                        "context": context(slot),
                        "value": { "pubkey": pubkey.to_string(), "account": encode(*encoding, *slice)? },
                    }))
                }
                _ => None,
            });
        }
    }

    /// Slot and root notifications for a new slot (localnet roots every slot at once).
    pub fn notify_slot(&mut self, parent: u64, slot: u64) {
        self.fan_out("slotNotification", |kind| {
            matches!(kind, SubscriptionKind::Slot).then(|| json!({ "parent": parent, "root": slot, "slot": slot }))
        });
        self.fan_out("rootNotification", |kind| matches!(kind, SubscriptionKind::Root).then(|| json!(slot)));
    }
}
