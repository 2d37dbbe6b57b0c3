//! Process lifecycle: banner, flags, clean shutdown on signals.

mod common;

use common::Localnet;
use serde_json::json;
use std::process::Command;

#[test]
fn sigterm_and_sigint_exit_cleanly() {
    for signal in ["TERM", "INT"] {
        let localnet = Localnet::start();
        assert_eq!(localnet.result("getHealth", json!([])), "ok");
        assert_eq!(localnet.stop_with(signal), Some(0), "exit code after SIG{signal}");
    }
}

#[test]
fn banner_lists_urls_and_programs_and_ws_port_can_be_chosen() {
    let localnet = Localnet::start();
    let programs = localnet.banner["programs"].as_object().expect("programs");
    assert_eq!(programs.len(), 5);
    assert!(localnet.banner["wsUrl"].as_str().unwrap().starts_with("ws://127.0.0.1:"));
}

#[test]
fn help_and_bad_flags() {
    let binary = env!("CARGO_BIN_EXE_synq-localnet");
    let help = Command::new(binary).arg("--help").output().expect("runs");
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in ["--rpc-port", "--ws-port", "--slot-ms", "--bind"] {
        assert!(text.contains(flag), "--help mentions {flag}");
    }
    let bad = Command::new(binary).arg("--bogus").output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown argument"));
}
