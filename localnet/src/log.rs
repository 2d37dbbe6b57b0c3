//! Structured logging: one JSON object per line on stderr.
//!
//! Never stdout: while a hosted program runs, the bridge points fd 1 at that program's log
//! buffer, so anything printed there from another thread would become a `Program log:` line.

use serde_json::{Map, Value};
use std::{
    io::Write,
    time::{SystemTime, UNIX_EPOCH},
};

pub fn info(event: &str, fields: Value) {
    emit("info", event, fields);
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
