//! JSON-RPC over real HTTP against the real binary.

mod common;

use base64::{prelude::BASE64_STANDARD, Engine};
use common::{encode_tx, Localnet, LAMPORTS_PER_SOL};
use serde_json::{json, Value};
use solana_hash::Hash;
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_system_interface::instruction as system;
use solana_transaction::{versioned::VersionedTransaction, Transaction};
use std::{
    io::{Read, Write},
    net::TcpStream,
    time::Duration,
};

const TOKEN_PROGRAM: Pubkey = solana_pubkey::pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

fn assert_serving(localnet: &Localnet) {
    assert_eq!(localnet.result("getHealth", json!([])), "ok");
}

#[test]
fn bad_input_gets_the_validators_errors_and_the_server_keeps_serving() {
    let localnet = Localnet::start();

    let parse = localnet.post("{\"jsonrpc\":\"2.0\",\"id\":1,");
    assert_eq!(parse, json!({ "jsonrpc": "2.0", "error": { "code": -32700, "message": "Parse error" }, "id": null }));
    assert_serving(&localnet);

    let invalid = localnet.post("{\"jsonrpc\":\"2.0\",\"id\":3}");
    assert_eq!(invalid["error"], json!({ "code": -32600, "message": "Invalid request" }));
    assert_eq!(invalid["id"], 3);

    let unknown = localnet.call("getNothing", json!([]));
    assert_eq!(unknown["error"], json!({ "code": -32601, "message": "Method not found" }));
    assert_serving(&localnet);

    let bad_key = localnet.error("getAccountInfo", json!(["not-a-key"]));
    assert_eq!(bad_key, json!({ "code": -32602, "message": "Invalid param: Invalid" }));
    let short_key = localnet.error("getBalance", json!(["abc"]));
    assert_eq!(short_key, json!({ "code": -32602, "message": "Invalid param: WrongSize" }));
    let bad_signature = localnet.error("getSignatureStatuses", json!([["xyz"]]));
    assert_eq!(bad_signature["code"], -32602);

    let bad_base64 = localnet.error("sendTransaction", json!(["!!!not base64", { "encoding": "base64" }]));
    assert_eq!(bad_base64["code"], -32602);
    assert!(bad_base64["message"].as_str().unwrap().starts_with("invalid base64 encoding"), "{bad_base64}");
    let bad_base58 = localnet.error("sendTransaction", json!(["0OIl"]));
    assert!(bad_base58["message"].as_str().unwrap().starts_with("invalid base58 encoding"), "{bad_base58}");
    let garbage = localnet.error("sendTransaction", json!([BASE64_STANDARD.encode([1u8, 2, 3]), { "encoding": "base64" }]));
    assert!(garbage["message"].as_str().unwrap().starts_with("failed to deserialize"), "{garbage}");

    let oversized = BASE64_STANDARD.encode(vec![0u8; 1300]);
    let too_large = localnet.error("sendTransaction", json!([oversized, { "encoding": "base64" }]));
    assert_eq!(too_large["code"], -32602);
    assert_eq!(
        too_large["message"],
        "base64 encoded solana_transaction::versioned::VersionedTransaction too large: 1736 bytes (max: encoded/raw 1644/1232)"
    );
    assert_serving(&localnet);

    // Well-formed but unsigned: the validator's sigverify failure.
    let payer = Keypair::new();
    let transfer = system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1);
    let mut unsigned = Transaction::new_with_payer(&[transfer], Some(&payer.pubkey()));
    unsigned.message.recent_blockhash = localnet.latest_blockhash();
    let unsigned = encode_tx(&VersionedTransaction::from(unsigned));
    let sigverify = localnet.error("sendTransaction", json!([unsigned, { "encoding": "base64" }]));
    assert_eq!(sigverify, json!({ "code": -32003, "message": "Transaction signature verification failure" }));

    let object_params = localnet.call("getSlot", json!({ "commitment": "processed" }));
    assert_eq!(object_params["error"]["code"], -32602);
    let bad_config = localnet.error("getAccountInfo", json!([Pubkey::new_unique().to_string(), { "encoding": "hex" }]));
    assert_eq!(bad_config["code"], -32602);
    assert_serving(&localnet);

    let batch = localnet.post(r#"[{"jsonrpc":"2.0","id":1,"method":"getHealth"},{"jsonrpc":"2.0","id":2,"method":"nope"}]"#);
    assert_eq!(batch[0]["result"], "ok");
    assert_eq!(batch[1]["error"]["code"], -32601);
}

#[test]
fn http_extras_health_cors_and_limits() {
    let localnet = Localnet::start();
    let (status, _, body) = localnet.http("GET", "/health", &[], b"");
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, head, _) = localnet.http(
        "OPTIONS",
        "/",
        &[("Origin", "http://app.test"), ("Access-Control-Request-Headers", "content-type, solana-client")],
        b"",
    );
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    assert!(head.contains("access-control-allow-headers: content-type, solana-client"), "{head}");
    let (status, _, _) = localnet.http("POST", "/", &[], &vec![b' '; 60 * 1024]);
    assert_eq!(status, 413);
    assert_serving(&localnet);
}

/// Writes `request` on `stream` and reads back `replies` HTTP responses (head, body) by
/// Content-Length.
fn read_replies(stream: &mut TcpStream, request: &[u8], replies: usize) -> Vec<(String, String)> {
    stream.write_all(request).expect("write");
    let mut buffer = Vec::new();
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    while out.len() < replies {
        let text = String::from_utf8_lossy(&buffer).into_owned();
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.parse().expect("length")))
                .unwrap_or(0);
            if head.starts_with("HTTP/1.1 100 ") {
                buffer.drain(..head.len() + 4);
                continue;
            }
            if rest.len() >= length {
                out.push((head.to_owned(), rest[..length].to_owned()));
                buffer.drain(..head.len() + 4 + length);
                continue;
            }
        }
        let read = stream.read(&mut chunk).expect("read");
        assert!(read > 0, "connection closed after {} replies: {text}", out.len());
        buffer.extend_from_slice(&chunk[..read]);
    }
    out
}

fn post_request(body: &str) -> String {
    format!("POST / HTTP/1.1\r\nHost: localnet\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
}

#[test]
fn http_keep_alive_bursts_pipelining_chunked_and_expect() {
    let localnet = Localnet::start();
    let slot = r#"{"jsonrpc":"2.0","id":1,"method":"getSlot"}"#;
    // Many keep-alive connections opened at once are all served, each for several requests
    // (a pooled server could leave all but a few of them waiting for good).
    let mut streams: Vec<TcpStream> = (0..64).map(|_| TcpStream::connect(&localnet.rpc_addr).expect("connect")).collect();
    for stream in &mut streams {
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        stream.write_all(post_request(slot).as_bytes()).expect("write");
    }
    for _ in 0..3 {
        for stream in &mut streams {
            let replies = read_replies(stream, b"", 1);
            assert!(replies[0].0.starts_with("HTTP/1.1 200"), "{:?}", replies[0]);
            assert!(replies[0].1.contains("\"result\""), "{:?}", replies[0]);
            stream.write_all(post_request(slot).as_bytes()).expect("write");
        }
    }
    drop(streams);

    // Pipelined requests on one connection are answered in order.
    let mut stream = TcpStream::connect(&localnet.rpc_addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let pipelined: String = (1..=3).map(|id| post_request(&format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"getHealth"}}"#))).collect();
    let replies = read_replies(&mut stream, pipelined.as_bytes(), 3);
    for (index, (_, body)) in replies.iter().enumerate() {
        assert_eq!(serde_json::from_str::<Value>(body).expect("JSON")["id"], json!(index + 1), "{body}");
    }

    // A chunked body, and Expect: 100-continue (curl sends it for larger bodies).
    let chunked = format!("POST / HTTP/1.1\r\nHost: l\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n", &slot[..5], slot.len() - 5, &slot[5..]);
    let reply = &read_replies(&mut stream, chunked.as_bytes(), 1)[0];
    assert!(reply.1.contains("\"result\""), "{reply:?}");
    let head = format!("POST / HTTP/1.1\r\nHost: l\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n", slot.len());
    stream.write_all(head.as_bytes()).expect("write");
    let mut continued = [0u8; 25];
    stream.read_exact(&mut continued).expect("100 Continue");
    assert_eq!(&continued, b"HTTP/1.1 100 Continue\r\n\r\n");
    let reply = &read_replies(&mut stream, slot.as_bytes(), 1)[0];
    assert!(reply.1.contains("\"result\""), "{reply:?}");

    // Bad framing is answered and the connection closed; the server keeps serving.
    for (request, status) in [
        ("GARBAGE\r\n\r\n".to_owned(), "400"),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n".to_owned(), "413"),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd".to_owned(), "400"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n".to_owned(), "400"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_owned(), "400"),
        (format!("POST / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(20_000)), "431"),
        ("POST / HTTP/1.1\r\nExpect: something-else\r\n\r\n".to_owned(), "417"),
    ] {
        let mut stream = TcpStream::connect(&localnet.rpc_addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        stream.write_all(request.as_bytes()).expect("write");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap_or_else(|err| panic!("{request:.60}: the server answers and closes: {err}"));
        assert!(reply.starts_with(&format!("HTTP/1.1 {status} ")), "{request:.60}: {reply}");
        assert!(reply.to_ascii_lowercase().contains("connection: close"), "{reply}");
    }
    // HTTP/1.0 without keep-alive: answered, then closed.
    let mut stream = TcpStream::connect(&localnet.rpc_addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream.write_all(format!("POST / HTTP/1.0\r\nContent-Length: {}\r\n\r\n{slot}", slot.len()).as_bytes()).expect("write");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("answered and closed");
    assert!(reply.starts_with("HTTP/1.1 200 ") && reply.contains("\"result\""), "{reply}");
    assert_serving(&localnet);
}

#[test]
fn airdrop_transfer_balance_and_history() {
    let localnet = Localnet::start();
    let payer = Keypair::new();
    let recipient = Pubkey::new_unique();

    let airdrop = localnet.airdrop(&payer.pubkey(), 2 * LAMPORTS_PER_SOL);
    assert_eq!(localnet.balance(&payer.pubkey()), 2 * LAMPORTS_PER_SOL);
    let statuses = localnet.result("getSignatureStatuses", json!([[airdrop], { "searchTransactionHistory": true }]));
    let status = &statuses["value"][0];
    assert_eq!(status["confirmationStatus"], "finalized");
    assert_eq!(status["confirmations"], Value::Null);
    assert_eq!(status["status"], json!({ "Ok": null }));
    assert_eq!(statuses["context"]["apiVersion"], "2.3.13");

    let transfer = localnet.send(&[system::transfer(&payer.pubkey(), &recipient, LAMPORTS_PER_SOL)], &payer, &[&payer]);
    assert_eq!(localnet.balance(&recipient), LAMPORTS_PER_SOL);
    assert_eq!(localnet.balance(&payer.pubkey()), LAMPORTS_PER_SOL - 5_000);

    let tx = localnet.result("getTransaction", json!([transfer, { "encoding": "json", "maxSupportedTransactionVersion": 0 }]));
    assert_eq!(tx["version"], "legacy");
    assert_eq!(tx["meta"]["err"], Value::Null);
    assert_eq!(tx["meta"]["status"], json!({ "Ok": null }));
    assert_eq!(tx["meta"]["fee"], 5_000);
    assert_eq!(tx["meta"]["preBalances"], json!([2 * LAMPORTS_PER_SOL, 0, 1]));
    assert_eq!(tx["meta"]["postBalances"], json!([LAMPORTS_PER_SOL - 5_000, LAMPORTS_PER_SOL, 1]));
    assert_eq!(tx["meta"]["loadedAddresses"], json!({ "writable": [], "readonly": [] }));
    assert_eq!(tx["meta"]["rewards"], json!([]));
    assert!(tx["meta"]["logMessages"][0].as_str().unwrap().starts_with("Program 11111111111111111111111111111111 invoke [1]"));
    assert_eq!(tx["transaction"]["signatures"], json!([transfer]));
    assert_eq!(tx["transaction"]["message"]["instructions"][0]["programIdIndex"], 2);
    assert!(tx["blockTime"].as_i64().is_some() && tx["slot"].as_u64().is_some());
    let base64 = localnet.result("getTransaction", json!([transfer, { "encoding": "base64" }]));
    assert_eq!(base64["transaction"][1], "base64");
    assert!(base64.get("version").is_none(), "no version without maxSupportedTransactionVersion");

    let signatures = localnet.result("getSignaturesForAddress", json!([payer.pubkey().to_string()]));
    let listed: Vec<&str> = signatures.as_array().unwrap().iter().map(|s| s["signature"].as_str().unwrap()).collect();
    assert_eq!(listed, vec![transfer.as_str(), airdrop.as_str()], "newest first");
    assert_eq!(signatures[0]["memo"], Value::Null);
    assert_eq!(signatures[0]["confirmationStatus"], "finalized");
    let limited = localnet.result("getSignaturesForAddress", json!([payer.pubkey().to_string(), { "limit": 1, "before": transfer }]));
    assert_eq!(limited[0]["signature"], json!(airdrop));

    let slot = tx["slot"].as_u64().unwrap();
    let block = localnet.result("getBlock", json!([slot, { "transactionDetails": "signatures", "maxSupportedTransactionVersion": 0 }]));
    assert!(block["signatures"].as_array().unwrap().contains(&json!(transfer)));
    assert_eq!(localnet.result("getBlockTime", json!([slot])), tx["blockTime"]);
}

#[test]
fn preflight_failures_carry_logs_and_skip_preflight_records_the_failure() {
    let localnet = Localnet::start();
    let payer = Keypair::new();
    localnet.airdrop(&payer.pubkey(), LAMPORTS_PER_SOL);
    let too_much = system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 5 * LAMPORTS_PER_SOL);

    let (wire, _) = localnet.signed(std::slice::from_ref(&too_much), &payer, &[&payer]);
    let error = localnet.error("sendTransaction", json!([wire, { "encoding": "base64" }]));
    assert_eq!(error["code"], -32002);
    assert_eq!(error["message"], "Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1");
    assert_eq!(error["data"]["err"], json!({ "InstructionError": [0, { "Custom": 1 }] }));
    assert_eq!(error["data"]["accounts"], Value::Null);
    let logs: Vec<&str> = error["data"]["logs"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert!(logs.iter().any(|line| line.contains("insufficient lamports")), "{logs:?}");

    // The same failure without preflight lands, with its error, logs and fee.
    let memo = Instruction::new_with_bytes(solana_pubkey::pubkey!("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr"), b"hello", vec![]);
    let (wire, signature) = localnet.signed(&[memo, too_much], &payer, &[&payer]);
    let sent = localnet.result("sendTransaction", json!([wire, { "encoding": "base64", "skipPreflight": true }]));
    assert_eq!(sent, json!(signature));
    let tx = localnet.result("getTransaction", json!([signature]));
    assert_eq!(tx["meta"]["err"], json!({ "InstructionError": [1, { "Custom": 1 }] }));
    assert_eq!(tx["meta"]["status"], json!({ "Err": { "InstructionError": [1, { "Custom": 1 }] } }));
    assert!(tx["meta"]["logMessages"].as_array().unwrap().len() > 2);
    assert_eq!(localnet.balance(&payer.pubkey()), LAMPORTS_PER_SOL - 5_000);
    let listed = localnet.result("getSignaturesForAddress", json!([payer.pubkey().to_string(), { "limit": 1 }]));
    assert_eq!(listed[0]["memo"], "[5] hello");
    assert_eq!(listed[0]["err"], json!({ "InstructionError": [1, { "Custom": 1 }] }));

    // Resending it: already processed.
    let again = localnet.error("sendTransaction", json!([wire, { "encoding": "base64" }]));
    assert_eq!(again["message"], "Transaction simulation failed: This transaction has already been processed");
    assert_eq!(again["data"]["err"], "AlreadyProcessed");

    // A blockhash the node never produced.
    let transfer = system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1);
    let stale = Transaction::new_signed_with_payer(&[transfer], Some(&payer.pubkey()), &[&payer], Hash::new_unique());
    let stale = encode_tx(&VersionedTransaction::from(stale));
    let error = localnet.error("sendTransaction", json!([stale, { "encoding": "base64" }]));
    assert_eq!(error["message"], "Transaction simulation failed: Blockhash not found");
    assert_eq!(error["data"]["err"], "BlockhashNotFound");
    let simulated = localnet.result("simulateTransaction", json!([stale, { "encoding": "base64", "replaceRecentBlockhash": true }]));
    assert_eq!(simulated["value"]["err"], Value::Null);
    assert!(simulated["value"]["replacementBlockhash"]["blockhash"].is_string());
}

#[test]
fn simulate_returns_accounts_logs_and_units() {
    let localnet = Localnet::start();
    let payer = Keypair::new();
    let recipient = Pubkey::new_unique();
    localnet.airdrop(&payer.pubkey(), LAMPORTS_PER_SOL);
    let (wire, _) = localnet.signed(&[system::transfer(&payer.pubkey(), &recipient, 1_000_000)], &payer, &[&payer]);
    let config = json!({ "encoding": "base64", "sigVerify": true, "accounts": { "addresses": [recipient.to_string()], "encoding": "base64" }, "innerInstructions": true });
    let simulated = localnet.result("simulateTransaction", json!([wire, config]));
    let value = &simulated["value"];
    assert_eq!(value["err"], Value::Null);
    assert_eq!(value["accounts"][0]["lamports"], 1_000_000);
    assert_eq!(value["accounts"][0]["data"], json!(["", "base64"]));
    assert!(value["unitsConsumed"].as_u64().unwrap() > 0);
    assert_eq!(value["returnData"], Value::Null);
    assert_eq!(value["innerInstructions"], json!([]));
    assert!(value["logs"].as_array().unwrap().len() >= 2);
    assert_eq!(localnet.balance(&recipient), 0, "simulation commits nothing");
}

fn token_instruction(data: Vec<u8>, accounts: Vec<AccountMeta>) -> Instruction {
    Instruction { program_id: TOKEN_PROGRAM, accounts, data }
}

#[test]
fn token_accounts_program_accounts_filters_and_token_balances() {
    let localnet = Localnet::start();
    let payer = Keypair::new();
    let (mint, holder, other) = (Keypair::new(), Keypair::new(), Keypair::new());
    localnet.airdrop(&payer.pubkey(), 10 * LAMPORTS_PER_SOL);
    let rent = |len: usize| localnet.result("getMinimumBalanceForRentExemption", json!([len])).as_u64().unwrap();

    let mut init_mint = vec![20, 6];
    init_mint.extend_from_slice(payer.pubkey().as_ref());
    init_mint.push(0);
    let init_account = |account: &Keypair| {
        let mut data = vec![18];
        data.extend_from_slice(payer.pubkey().as_ref());
        vec![
            system::create_account(&payer.pubkey(), &account.pubkey(), rent(165), 165, &TOKEN_PROGRAM),
            token_instruction(data, vec![AccountMeta::new(account.pubkey(), false), AccountMeta::new_readonly(mint.pubkey(), false)]),
        ]
    };
    let mut instructions = vec![
        system::create_account(&payer.pubkey(), &mint.pubkey(), rent(82), 82, &TOKEN_PROGRAM),
        token_instruction(init_mint, vec![AccountMeta::new(mint.pubkey(), false)]),
    ];
    instructions.extend(init_account(&holder));
    localnet.send(&instructions, &payer, &[&payer, &mint, &holder]);
    let mut owned_elsewhere = init_account(&other);
    if let Some(init) = owned_elsewhere.last_mut() {
        init.data[1..33].copy_from_slice(Pubkey::new_unique().as_ref());
    }
    localnet.send(&owned_elsewhere, &payer, &[&payer, &other]);
    let mut mint_to = vec![7];
    mint_to.extend_from_slice(&2_500_000u64.to_le_bytes());
    let minted = localnet.send(
        &[token_instruction(mint_to, vec![
            AccountMeta::new(mint.pubkey(), false),
            AccountMeta::new(holder.pubkey(), false),
            AccountMeta::new_readonly(payer.pubkey(), true),
        ])],
        &payer,
        &[&payer],
    );

    let balance = localnet.result("getTokenAccountBalance", json!([holder.pubkey().to_string()]));
    assert_eq!(balance["value"], json!({ "amount": "2500000", "decimals": 6, "uiAmount": 2.5, "uiAmountString": "2.5" }));
    let supply = localnet.result("getTokenSupply", json!([mint.pubkey().to_string()]));
    assert_eq!(supply["value"]["amount"], "2500000");
    let not_token = localnet.error("getTokenAccountBalance", json!([payer.pubkey().to_string()]));
    assert_eq!(not_token["message"], "Invalid param: not a Token account");

    let owner_filter = |encoding: &str, bytes: String| {
        json!([TOKEN_PROGRAM.to_string(), {
            "encoding": "base64",
            "filters": [{ "dataSize": 165 }, { "memcmp": { "offset": 32, "bytes": bytes, "encoding": encoding } }],
        }])
    };
    let base58 = localnet.result("getProgramAccounts", owner_filter("base58", payer.pubkey().to_string()));
    let base64 = localnet.result("getProgramAccounts", owner_filter("base64", BASE64_STANDARD.encode(payer.pubkey())));
    for found in [&base58, &base64] {
        let keys: Vec<&str> = found.as_array().unwrap().iter().map(|a| a["pubkey"].as_str().unwrap()).collect();
        assert_eq!(keys, vec![holder.pubkey().to_string()]);
        assert_eq!(found[0]["account"]["owner"], TOKEN_PROGRAM.to_string());
        assert_eq!(found[0]["account"]["space"], 165);
    }
    let with_context = localnet.result(
        "getProgramAccounts",
        json!([TOKEN_PROGRAM.to_string(), { "encoding": "base64", "withContext": true, "filters": [{ "dataSize": 82 }], "dataSlice": { "offset": 44, "length": 1 } }]),
    );
    assert_eq!(with_context["value"][0]["account"]["data"], json!(["Bg==", "base64"]));
    assert!(with_context["context"]["slot"].is_u64());

    let by_owner = localnet.result(
        "getTokenAccountsByOwner",
        json!([payer.pubkey().to_string(), { "mint": mint.pubkey().to_string() }, { "encoding": "jsonParsed" }]),
    );
    let parsed = &by_owner["value"][0]["account"]["data"];
    assert_eq!(parsed["program"], "spl-token");
    assert_eq!(parsed["parsed"]["type"], "account");
    assert_eq!(parsed["parsed"]["info"]["tokenAmount"]["uiAmountString"], "2.5");
    assert_eq!(parsed["parsed"]["info"]["state"], "initialized");

    let tx = localnet.result("getTransaction", json!([minted]));
    assert_eq!(tx["meta"]["preTokenBalances"][0]["uiTokenAmount"]["amount"], "0");
    assert_eq!(tx["meta"]["postTokenBalances"][0]["uiTokenAmount"]["amount"], "2500000");
    assert_eq!(tx["meta"]["postTokenBalances"][0]["owner"], payer.pubkey().to_string());
    assert_eq!(tx["meta"]["postTokenBalances"][0]["programId"], TOKEN_PROGRAM.to_string());
}

#[test]
fn clock_blockhashes_and_cluster_info() {
    let localnet = Localnet::start();
    let first = localnet.result("getLatestBlockhash", json!([{ "commitment": "finalized" }]));
    let slot = first["context"]["slot"].as_u64().unwrap();
    assert_eq!(first["value"]["lastValidBlockHeight"], slot + 150);
    localnet.wait_for_slot_after(slot);
    let second = localnet.result("getLatestBlockhash", json!([]));
    assert_ne!(first["value"]["blockhash"], second["value"]["blockhash"]);
    let valid = localnet.result("isBlockhashValid", json!([first["value"]["blockhash"], { "commitment": "processed" }]));
    assert_eq!(valid["value"], true);
    let unknown = localnet.result("isBlockhashValid", json!([Hash::new_unique().to_string()]));
    assert_eq!(unknown["value"], false);
    assert!(localnet.result("getBlockHeight", json!([])).as_u64().unwrap() > slot);

    let version = localnet.result("getVersion", json!([]));
    assert_eq!(version["solana-core"], "2.3.13");
    assert!(version["feature-set"].is_u64());
    let epoch = localnet.result("getEpochInfo", json!([]));
    for field in ["absoluteSlot", "blockHeight", "epoch", "slotIndex", "slotsInEpoch", "transactionCount"] {
        assert!(epoch[field].is_u64(), "{field} in {epoch}");
    }
    let schedule = localnet.result("getEpochSchedule", json!([]));
    assert_eq!(schedule["slotsPerEpoch"], 432_000);
    let future = localnet.error("getAccountInfo", json!([Pubkey::new_unique().to_string(), { "minContextSlot": u64::MAX }]));
    assert_eq!(future["code"], -32016);
    let missing = localnet.result("getAccountInfo", json!([Pubkey::new_unique().to_string(), { "encoding": "base64" }]));
    assert_eq!(missing["value"], Value::Null);
    let fee_payer = Keypair::new();
    let message = Transaction::new_signed_with_payer(
        &[system::transfer(&fee_payer.pubkey(), &Pubkey::new_unique(), 1)],
        Some(&fee_payer.pubkey()),
        &[&fee_payer],
        second["value"]["blockhash"].as_str().unwrap().parse::<Hash>().unwrap(),
    )
    .message;
    let fee = localnet.result("getFeeForMessage", json!([BASE64_STANDARD.encode(message.serialize()), { "commitment": "processed" }]));
    assert_eq!(fee["value"], 5_000);
    let programs = localnet.banner["programs"].as_object().unwrap();
    for name in ["registry", "staking", "payment_config", "governance", "runtime_probe"] {
        let id = programs[name].as_str().unwrap();
        let account = localnet.result("getAccountInfo", json!([id, { "encoding": "base64" }]));
        assert_eq!(account["value"]["executable"], true, "{name}");
    }
}

#[test]
fn warp_clock_moves_time_forward_from_the_next_slot_only() {
    let localnet = Localnet::start();
    let slot = localnet.result("getSlot", json!([])).as_u64().unwrap();
    let before = localnet.result("getBlockTime", json!([slot])).as_i64().unwrap();
    let day = 86_400;
    let warp = localnet.result("synqWarpClock", json!([day]));
    let from = warp["slot"].as_u64().unwrap();
    assert!(from > slot);
    assert!(warp["unixTimestamp"].as_i64().unwrap() >= before + day);
    localnet.wait_for_slot_after(from);
    // The past keeps its times; the next slots carry the warp (the Clock sysvar follows them).
    assert_eq!(localnet.result("getBlockTime", json!([slot])).as_i64().unwrap(), before);
    let now = localnet.result("getSlot", json!([])).as_u64().unwrap();
    let after = localnet.result("getBlockTime", json!([now])).as_i64().unwrap();
    assert!(after >= before + day && after < before + day + 60, "{before} -> {after}");
    // A second warp adds to the first; time never runs back, and nonsense is refused.
    let again = localnet.result("synqWarpClock", json!([10]));
    assert!(again["unixTimestamp"].as_i64().unwrap() >= after + 10);
    for bad in [json!([0]), json!([-5]), json!(["day"]), json!([]), json!([u64::MAX])] {
        assert_eq!(localnet.error("synqWarpClock", bad.clone())["code"], -32602, "{bad}");
    }
    assert_serving(&localnet);
}
