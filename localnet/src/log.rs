//! Structured logging: one JSON object per line on stderr.
//!
//! Never stdout: while a hosted program runs, the bridge points fd 1 at that program's log
//! buffer, so anything printed there from another thread would become a `Program log:` line.

use serde_json::{Map, Value};
use std::{
    io::Write,
    sync::atomic::{AtomicBool, Ordering},
    time::{SystemTime, UNIX_EPOCH},
};

static QUIET: AtomicBool = AtomicBool::new(false);
static TRANSACTION_LOGS: AtomicBool = AtomicBool::new(false);

/// Warnings and errors only (solana-test-validator's `--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether each transaction's line carries its program logs (solana-test-validator's `--log`).
pub fn set_transaction_logs(enabled: bool) {
    TRANSACTION_LOGS.store(enabled, Ordering::Relaxed);
}

pub fn transaction_logs() -> bool {
    TRANSACTION_LOGS.load(Ordering::Relaxed)
}

pub fn info(event: &str, fields: Value) {
    if !QUIET.load(Ordering::Relaxed) {
        emit("info", event, fields);
    }
}

pub fn warn(event: &str, fields: Value) {
    emit("warn", event, fields);
}

pub fn error(event: &str, fields: Value) {
    emit("error", event, fields);
}

fn emit(level: &str, event: &str, fields: Value) {
    let mut line = Map::new();
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    line.insert("ts".into(), Value::from(millis as u64));
    line.insert("level".into(), Value::from(level));
    line.insert("event".into(), Value::from(event));
    if let Value::Object(fields) = fields {
        line.extend(fields);
    }
    let mut text = Value::Object(line).to_string();
    text.push('\n');
    // One write call per line keeps lines from concurrent threads whole.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
