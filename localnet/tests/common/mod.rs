//! A real `synq-localnet` process for end-to-end tests, plus tiny HTTP / WebSocket clients.
//!
//! The binary runs as a child process (not in-process): hosted programs redirect fd 1 while they
//! run, which must not interfere with the test harness.
#![allow(dead_code)]

use base64::{prelude::BASE64_STANDARD, Engine};
use serde_json::{json, Value};
use solana_hash::Hash;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::{versioned::VersionedTransaction, Transaction};
use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    str::FromStr,
    time::{Duration, Instant},
};

pub const LAMPORTS_PER_SOL: u64 = 1_000_000_000;

pub struct Localnet {
    pub child: Child,
    pub rpc_addr: String,
    pub ws_url: String,
    pub banner: Value,
}

impl Localnet {
    /// Starts the binary on free ports with fast slots and waits for its banner.
    pub fn start() -> Self {
        Self::start_with(&["--rpc-port", "0", "--slot-ms", "50"])
    }

    pub fn start_with(args: &[&str]) -> Self {
        let stderr = if std::env::var_os("SYNQ_TEST_LOGS").is_some() { Stdio::inherit() } else { Stdio::null() };
        let mut child = Command::new(env!("CARGO_BIN_EXE_synq-localnet"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the localnet binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the banner is readable");
        let banner: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("banner is JSON: {line:?}"));
        assert_eq!(banner["event"], "ready");
        let rpc_url = banner["rpcUrl"].as_str().expect("rpcUrl").to_owned();
        let ws_url = banner["wsUrl"].as_str().expect("wsUrl").to_owned();
        Self { child, rpc_addr: rpc_url.trim_start_matches("http://").to_owned(), ws_url, banner }
    }

    /// Sends a raw HTTP request and returns (status, headers, body).
    pub fn http(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.rpc_addr).expect("connect to RPC");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.rpc_addr,
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).expect("write request");
        stream.write_all(body).expect("write body");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read response");
        let response = String::from_utf8(response).expect("UTF-8 response");
        let (head, body) = response.split_once("\r\n\r\n").expect("HTTP response");
        let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).expect("status code");
        let chunked = head.lines().any(|line| line.eq_ignore_ascii_case("transfer-encoding: chunked"));
        let body = if chunked { dechunk(body) } else { body.to_owned() };
        (status, head.to_owned(), body)
    }

    /// POSTs a raw body and parses the JSON reply.
    pub fn post(&self, body: &str) -> Value {
        let (status, _, reply) = self.http("POST", "/", &[("Content-Type", "application/json")], body.as_bytes());
        assert_eq!(status, 200, "reply: {reply}");
        serde_json::from_str(&reply).unwrap_or_else(|_| panic!("reply is JSON: {reply:?}"))
    }

    /// A JSON-RPC call; returns the whole response object.
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.post(&json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string())
    }

    /// A JSON-RPC call that must succeed; returns its `result`.
    pub fn result(&self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// A JSON-RPC call that must fail; returns its `error`.
    pub fn error(&self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("result").is_none(), "{method} should fail: {response}");
        response["error"].clone()
    }

    pub fn latest_blockhash(&self) -> Hash {
        let result = self.result("getLatestBlockhash", json!([]));
        Hash::from_str(result["value"]["blockhash"].as_str().expect("blockhash")).expect("a hash")
    }

    pub fn balance(&self, pubkey: &solana_pubkey::Pubkey) -> u64 {
        self.result("getBalance", json!([pubkey.to_string()]))["value"].as_u64().expect("lamports")
    }

    pub fn airdrop(&self, pubkey: &solana_pubkey::Pubkey, lamports: u64) -> String {
        let signature = self.result("requestAirdrop", json!([pubkey.to_string(), lamports]));
        signature.as_str().expect("a signature").to_owned()
    }

    /// Signs `instructions` with the latest blockhash and returns the base64 wire transaction.
    pub fn signed(&self, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> (String, String) {
        let tx = Transaction::new_signed_with_payer(instructions, Some(&payer.pubkey()), signers, self.latest_blockhash());
        let signature = tx.signatures[0].to_string();
        (encode_tx(&VersionedTransaction::from(tx)), signature)
    }

    /// Sends and expects success; returns the signature.
    pub fn send(&self, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> String {
        let (wire, signature) = self.signed(instructions, payer, signers);
        let sent = self.result("sendTransaction", json!([wire, { "encoding": "base64" }]));
        assert_eq!(sent, json!(signature));
        signature
    }

    /// Waits until the slot has advanced past `slot`.
    pub fn wait_for_slot_after(&self, slot: u64) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.result("getSlot", json!([])).as_u64().expect("slot") <= slot {
            assert!(Instant::now() < deadline, "slots do not advance");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (e.g. "TERM") and waits for the exit code.
    pub fn stop_with(mut self, signal: &str) -> Option<i32> {
        let sent = Command::new("kill").arg(format!("-{signal}")).arg(self.pid().to_string()).status();
        assert!(sent.is_ok_and(|status| status.success()), "kill -{signal} failed");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "localnet did not stop on SIG{signal}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a `Transfer-Encoding: chunked` response (large replies come that way).
fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    loop {
        let (size, after) = rest.split_once("\r\n").expect("a chunk size line");
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16).expect("a hex chunk size");
        if size == 0 {
            return body;
        }
        body.push_str(&after[..size]);
        rest = after[size..].strip_prefix("\r\n").expect("CRLF after a chunk");
    }
}

pub fn encode_tx(tx: &VersionedTransaction) -> String {
    BASE64_STANDARD.encode(bincode::serialize(tx).expect("a transaction serializes"))
}

/// A WebSocket client for the PubSub port.
pub struct PubSub {
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Messages read while looking for another one, in arrival order.
    pending: std::collections::VecDeque<Value>,
}

impl PubSub {
    pub fn connect(localnet: &Localnet) -> Self {
        let (socket, _) = tungstenite::connect(localnet.ws_url.as_str()).expect("WebSocket connects");
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        }
        Self { socket, next_id: 1, pending: Default::default() }
    }

    pub fn send_text(&mut self, text: &str) {
        self.socket.send(tungstenite::Message::text(text)).expect("send");
    }

    /// The next text message, as JSON (pongs and other control frames are skipped).
    pub fn next(&mut self) -> Value {
        match self.pending.pop_front() {
            Some(message) => message,
            None => self.read_socket(),
        }
    }

    /// The next message or `None` if nothing arrives within `timeout`.
    pub fn next_within(&mut self, timeout: Duration) -> Option<Value> {
        if let Some(message) = self.pending.pop_front() {
            return Some(message);
        }
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = self.socket.get_ref() {
            stream.set_read_timeout(Some(timeout)).expect("timeout");
        }
        let message = loop {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(text)) => break Some(serde_json::from_str(text.as_str()).expect("JSON")),
                Ok(_) => continue,
                Err(_) => break None,
            }
        };
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = self.socket.get_ref() {
            stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        }
        message
    }

    /// Sends a call and returns its reply (notifications arriving meanwhile stay pending).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send_text(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string());
        self.wait_for(|message| message["id"] == json!(id))
    }

    /// The first message (pending or new) that `wanted` accepts; others stay pending.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.pending.iter().position(&wanted) {
            return self.pending.remove(index).expect("index is in range");
        }
        loop {
            let message = self.read_socket();
            if wanted(&message) {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    fn read_socket(&mut self) -> Value {
        loop {
            match self.socket.read().expect("a message before the timeout") {
                tungstenite::Message::Text(text) => return serde_json::from_str(text.as_str()).expect("JSON"),
                _ => continue,
            }
        }
    }

    /// Subscribes and returns the subscription id.
    pub fn subscribe(&mut self, method: &str, params: Value) -> u64 {
        let reply = self.call(method, params);
        reply["result"].as_u64().unwrap_or_else(|| panic!("{method} failed: {reply}"))
    }

    /// Waits for a notification of `method` for `subscription`.
    pub fn notification(&mut self, method: &str, subscription: u64) -> Value {
        self.wait_for(|message| message["method"] == method && message["params"]["subscription"] == json!(subscription))
    }
}
