//! PubSub over a real WebSocket against the real binary.

mod common;

use common::{Localnet, PubSub, LAMPORTS_PER_SOL};
use serde_json::{json, Value};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_system_interface::instruction as system;
use std::time::Duration;

#[test]
fn signature_subscriptions_notify_pending_and_already_processed_transactions() {
    let localnet = Localnet::start();
    let mut pubsub = PubSub::connect(&localnet);
    let payer = Keypair::new();
    localnet.airdrop(&payer.pubkey(), LAMPORTS_PER_SOL);

    let (wire, signature) = localnet.signed(&[system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1_000_000)], &payer, &[&payer]);
    let pending = pubsub.subscribe("signatureSubscribe", json!([signature, { "commitment": "confirmed", "enableReceivedNotification": true }]));
    localnet.result("sendTransaction", json!([wire, { "encoding": "base64" }]));
    let received = pubsub.notification("signatureNotification", pending);
    assert_eq!(received["params"]["result"]["value"], "receivedSignature");
    let done = pubsub.notification("signatureNotification", pending);
    assert_eq!(done["jsonrpc"], "2.0");
    assert_eq!(done["params"]["result"]["value"], json!({ "err": null }));
    assert!(done["params"]["result"]["context"]["slot"].is_u64());

    let late = pubsub.subscribe("signatureSubscribe", json!([signature, { "commitment": "finalized" }]));
    let immediate = pubsub.notification("signatureNotification", late);
    assert_eq!(immediate["params"]["result"]["value"], json!({ "err": null }));
    // One-shot subscriptions are gone once they fired.
    assert_eq!(pubsub.call("signatureUnsubscribe", json!([late]))["error"]["message"], "Invalid subscription id.");
}

#[test]
fn account_program_and_logs_subscriptions_notify_on_changes() {
    let localnet = Localnet::start();
    let mut pubsub = PubSub::connect(&localnet);
    let payer = Keypair::new();
    let watched = Keypair::new();
    let owner_program = Pubkey::new_unique();
    localnet.airdrop(&payer.pubkey(), LAMPORTS_PER_SOL);

    let account = pubsub.subscribe("accountSubscribe", json!([watched.pubkey().to_string(), { "encoding": "base64", "commitment": "confirmed" }]));
    let logs = pubsub.subscribe("logsSubscribe", json!([{ "mentions": [watched.pubkey().to_string()] }, { "commitment": "confirmed" }]));
    let all_logs = pubsub.subscribe("logsSubscribe", json!(["all"]));
    let program = pubsub.subscribe(
        "programSubscribe",
        json!([owner_program.to_string(), { "encoding": "base64", "filters": [{ "dataSize": 8 }] }]),
    );
    let unmatched = pubsub.subscribe(
        "programSubscribe",
        json!([owner_program.to_string(), { "encoding": "base64", "filters": [{ "dataSize": 9 }] }]),
    );

    let created = localnet.send(
        &[system::create_account(&payer.pubkey(), &watched.pubkey(), 10_000_000, 8, &owner_program)],
        &payer,
        &[&payer, &watched],
    );

    let changed = pubsub.notification("accountNotification", account);
    let value = &changed["params"]["result"]["value"];
    assert_eq!(value["lamports"], 10_000_000);
    assert_eq!(value["owner"], owner_program.to_string());
    assert_eq!(value["data"], json!(["AAAAAAAAAAA=", "base64"]));
    assert_eq!(value["space"], 8);
    assert!(changed["params"]["result"]["context"]["slot"].is_u64());

    let mentioned = pubsub.notification("logsNotification", logs);
    let value = &mentioned["params"]["result"]["value"];
    assert_eq!(value["signature"], created);
    assert_eq!(value["err"], Value::Null);
    assert!(value["logs"][0].as_str().unwrap().starts_with("Program 11111111111111111111111111111111 invoke [1]"));
    assert_eq!(pubsub.notification("logsNotification", all_logs)["params"]["result"]["value"]["signature"], created);

    let owned = pubsub.notification("programNotification", program);
    assert_eq!(owned["params"]["result"]["value"]["pubkey"], watched.pubkey().to_string());
    assert_eq!(owned["params"]["result"]["value"]["account"]["lamports"], 10_000_000);

    // Nothing for a subscription whose filter does not match, nor after unsubscribing.
    assert_eq!(pubsub.call("programUnsubscribe", json!([program]))["result"], true);
    assert_eq!(pubsub.call("accountUnsubscribe", json!([account]))["result"], true);
    localnet.airdrop(&watched.pubkey(), 1);
    while let Some(message) = pubsub.next_within(Duration::from_millis(300)) {
        let subscription = message["params"]["subscription"].as_u64();
        assert!(![Some(unmatched), Some(program), Some(account)].contains(&subscription), "unexpected {message}");
    }
}

#[test]
fn slots_pings_and_bad_requests() {
    let localnet = Localnet::start();
    let mut pubsub = PubSub::connect(&localnet);
    let slots = pubsub.subscribe("slotSubscribe", json!([]));
    let first = pubsub.notification("slotNotification", slots);
    let result = &first["params"]["result"];
    assert_eq!(result["parent"].as_u64().unwrap() + 1, result["slot"].as_u64().unwrap());
    assert!(result["root"].is_u64());
    let roots = pubsub.subscribe("rootSubscribe", json!([]));
    assert!(pubsub.notification("rootNotification", roots)["params"]["result"].is_u64());

    // web3.js sends this JSON-RPC notification as a heartbeat: no reply is due.
    pubsub.send_text(r#"{"jsonrpc":"2.0","method":"ping","params":null}"#);
    assert_eq!(pubsub.call("slotUnsubscribe", json!([slots]))["result"], true);
    assert_eq!(pubsub.call("rootUnsubscribe", json!([roots]))["result"], true);
    assert_eq!(pubsub.call("slotUnsubscribe", json!([slots]))["error"], json!({ "code": -32602, "message": "Invalid subscription id." }));

    let bad_key = pubsub.call("accountSubscribe", json!(["nope"]));
    assert_eq!(bad_key["error"], json!({ "code": -32602, "message": "Invalid Request: Invalid pubkey provided" }));
    let two = pubsub.call("logsSubscribe", json!([{ "mentions": [Pubkey::new_unique().to_string(), Pubkey::new_unique().to_string()] }]));
    assert_eq!(two["error"]["message"], "Invalid Request: Only 1 address supported");
    assert_eq!(pubsub.call("nope", json!([]))["error"]["code"], -32601);
    pubsub.send_text("{not json");
    let parse_error = pubsub.wait_for(|message| message.get("error").is_some());
    assert_eq!(parse_error, json!({ "jsonrpc": "2.0", "error": { "code": -32700, "message": "Parse error" }, "id": null }));
    // Still serving.
    assert!(pubsub.call("slotSubscribe", json!([]))["result"].is_u64());
}
