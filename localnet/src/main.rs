//! synq-localnet: a Solana JSON-RPC + PubSub endpoint in front of one LiteSVM that hosts the
//! Synq programs as builtins, for unmodified web3.js / kit / Anchor clients.

mod cli;
mod encoding;
mod errors;
mod genesis;
mod jsonrpc;
mod log;
mod programs;
mod pubsub;
mod rpc;
mod state;
mod test_validator;
mod token;

use serde_json::{json, Map, Value};
use signal_hook::{consts::{SIGINT, SIGTERM}, iterator::Signals};
use state::{lock, Node, SharedNode};
use std::{
    io::Write,
    net::{SocketAddr, TcpListener},
    sync::{Arc, Mutex},
    thread,
};

fn main() {
    let (options, genesis) = match cli::parse(std::env::args().skip(1)) {
        Ok(cli::Command::Run(options, genesis)) => (options, genesis),
        Ok(cli::Command::Help) => {
            print!("{}", cli::HELP);
            return;
        }
        Ok(cli::Command::TestValidatorHelp) => {
            print!("{}", test_validator::HELP);
            return;
        }
        Err(message) => {
            eprintln!("synq-localnet: {message}");
            std::process::exit(2);
        }
    };
    std::panic::set_hook(Box::new(|info| log::error("panic", json!({ "message": info.to_string() }))));
    log::set_quiet(genesis.quiet);
    log::set_transaction_logs(options.log_transactions);
    match run(options, genesis) {
        Ok(()) => std::process::exit(0),
        Err(message) => {
            log::error("startup_failed", json!({ "error": message }));
            std::process::exit(1);
        }
    }
}

/// Binds both ports, serves until SIGINT or SIGTERM, then returns.
fn run(options: cli::Options, genesis: test_validator::Genesis) -> Result<(), String> {
    // Registered before any other thread exists so every thread inherits the handling.
    let mut signals = Signals::new([SIGINT, SIGTERM]).map_err(|err| format!("cannot handle signals: {err}"))?;
    let rpc_listener = TcpListener::bind(SocketAddr::new(options.bind, options.rpc_port))
        .map_err(|err| format!("cannot listen on {}:{}: {err}", options.bind, options.rpc_port))?;
    // Accepted sockets inherit TCP_NODELAY on Linux: a reply is one write, sent at once rather
    // than held back by Nagle's algorithm until the client's delayed ACK (40 ms).
    socket2::SockRef::from(&rpc_listener).set_tcp_nodelay(true).map_err(|err| format!("cannot set TCP_NODELAY: {err}"))?;
    let rpc_addr = rpc_listener.local_addr().map_err(|err| err.to_string())?;
    let ws_port = match (options.ws_port, options.rpc_port) {
        (Some(port), _) => port,
        (None, 0) => 0,
        (None, _) => rpc_addr.port().checked_add(1).ok_or("no port above the RPC port for PubSub; pass --ws-port")?,
    };
    let ws_listener = TcpListener::bind(SocketAddr::new(options.bind, ws_port))
        .map_err(|err| format!("cannot listen on {}:{ws_port}: {err}", options.bind))?;
    let ws_addr = ws_listener.local_addr().map_err(|err| err.to_string())?;

    if let Some(ledger) = &genesis.ledger {
        // The chain lives in memory; the directory is made because callers (anchor) write
        // their own log file into it.
        std::fs::create_dir_all(ledger).map_err(|err| format!("--ledger {}: {err}", ledger.display()))?;
    }
    let mut chain = Node::new(options.slot_ms, options.max_transactions, options.upgrade_authority);
    for (event, fields) in chain.apply_genesis(&genesis)? {
        // A program served as a builtin instead of the .so asked for is worth seeing even with --quiet.
        if event == "program_builtin" {
            log::warn(event, fields);
        } else {
            log::info(event, fields);
        }
    }
    for flag in &genesis.without_effect {
        log::info("flag_without_effect", json!({ "flag": flag, "reason": "synq-localnet is one process: no gossip, ledger files or separate faucet" }));
    }
    let node: SharedNode = Arc::new(Mutex::new(chain));
    spawn_slot_clock(node.clone())?;
    rpc::http::spawn(rpc_listener, node.clone())?;
    pubsub::server::spawn(ws_listener, node.clone());

    {
        // Printed under the node lock: no program can be running, so fd 1 is really stdout.
        let node = lock(&node);
        let programs: Map<String, Value> =
            node.programs().iter().map(|program| (program.name.to_owned(), json!(program.id.to_string()))).collect();
        let banner = json!({
            "event": "ready",
            "rpcUrl": format!("http://{rpc_addr}"),
            "wsUrl": format!("ws://{ws_addr}"),
            "programs": programs,
        });
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{banner}").and_then(|()| stdout.flush()).map_err(|err| format!("cannot write the banner: {err}"))?;
        log::info("ready", json!({ "rpc": rpc_addr.to_string(), "ws": ws_addr.to_string(), "slotMs": options.slot_ms }));
    }

    if let Some(signal) = signals.forever().next() {
        // Waiting for the lock lets a transaction in flight finish before the process ends.
        let _node = lock(&node);
        log::info("shutdown", json!({ "signal": signal }));
    }
    Ok(())
}

fn spawn_slot_clock(node: SharedNode) -> Result<(), String> {
    thread::Builder::new()
        .name("slot-clock".into())
        .spawn(move || loop {
            let wait = lock(&node).until_next_slot();
            thread::sleep(wait);
            lock(&node).advance_clock();
        })
        .map(|_| ())
        .map_err(|err| format!("cannot start the slot clock: {err}"))
}
