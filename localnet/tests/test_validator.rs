//! `synq-localnet --test-validator`: solana-test-validator's command line as anchor-cli passes it
//! (`localnet/bin/solana-test-validator` execs this).

mod common;

use base64::{prelude::BASE64_STANDARD, Engine};
use common::{Localnet, LAMPORTS_PER_SOL};
use serde_json::{json, Value};
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use std::{path::Path, process::Command, str::FromStr};

const UPGRADEABLE_LOADER: &str = "BPFLoaderUpgradeab1e11111111111111111111111";
const MEMO_V3: &str = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr";

fn program_data_address(program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[program.as_ref()], &Pubkey::from_str(UPGRADEABLE_LOADER).unwrap()).0
}

fn account(localnet: &Localnet, address: &Pubkey) -> Value {
    localnet.result("getAccountInfo", json!([address.to_string(), { "encoding": "base64" }]))["value"].clone()
}

fn data(account: &Value) -> Vec<u8> {
    BASE64_STANDARD.decode(account["data"][0].as_str().expect("base64 data")).expect("valid base64")
}

/// The upgrade authority a ProgramData account names (None: upgrades disabled).
fn upgrade_authority(account: &Value) -> Option<Pubkey> {
    let data = data(account);
    assert_eq!(u32::from_le_bytes(data[..4].try_into().unwrap()), 3, "a ProgramData account");
    (data[12] == 1).then(|| Pubkey::new_from_array(data[13..45].try_into().unwrap()))
}

#[test]
fn loads_programs_accounts_and_mint_as_anchor_asks() {
    let dir = std::env::temp_dir().join(format!("synq-test-validator-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // A real SBF program to load from a file: SPL Memo, as the plain localnet holds it.
    let elf = {
        let plain = Localnet::start();
        data(&account(&plain, &Pubkey::from_str(MEMO_V3).unwrap()))
    };
    assert!(elf.starts_with(b"\x7fELF"), "the memo program's account holds its ELF");
    let memo_path = dir.join("memo.so");
    std::fs::write(&memo_path, &elf).unwrap();

    // An account dump in `solana account --output json` form.
    let dumped = Pubkey::new_unique();
    let owner = Pubkey::new_unique();
    let dump_path = dir.join("account.json");
    let dump = json!({ "pubkey": dumped.to_string(), "account": {
        "lamports": 1234567, "data": [BASE64_STANDARD.encode(b"dumped bytes"), "base64"],
        "owner": owner.to_string(), "executable": false, "rentEpoch": 0, "space": 12 } });
    std::fs::write(&dump_path, dump.to_string()).unwrap();

    let wallet = Keypair::new();
    let loaded_memo = Pubkey::new_unique();
    let ledger = dir.join("test-ledger");
    let (wallet_key, memo_key) = (wallet.pubkey().to_string(), loaded_memo.to_string());
    let args = [
        "--test-validator", "--ledger", ledger.to_str().unwrap(), "--mint", &wallet_key,
        "--upgradeable-program", &registry::ID.to_string(), "target/deploy/registry.so", &wallet_key,
        "--bpf-program", &staking::ID.to_string(), "target/deploy/staking.so",
        "--bpf-program", &memo_key, memo_path.to_str().unwrap(),
        "--account", "-", dump_path.to_str().unwrap(),
        "--rpc-port", "0", "--ticks-per-slot", "8", "--reset", "--quiet",
    ];
    let localnet = Localnet::start_with(&args);
    assert!(Path::new(&ledger).is_dir(), "the ledger directory exists for anchor's log file");

    // --mint: the wallet is funded as solana-test-validator funds it.
    assert_eq!(localnet.balance(&wallet.pubkey()), 500_000_000 * LAMPORTS_PER_SOL);
    // --upgradeable-program with a missing .so: the builtin, with the ProgramData anchor deploy leaves.
    assert_eq!(upgrade_authority(&account(&localnet, &program_data_address(&registry::ID))), Some(wallet.pubkey()));
    // --bpf-program: upgrades disabled.
    assert_eq!(upgrade_authority(&account(&localnet, &program_data_address(&staking::ID))), None);
    // A program nobody named keeps no upgrade authority either (plain localnet default).
    assert_eq!(upgrade_authority(&account(&localnet, &program_data_address(&governance::ID))), None);
    // --account: the dump, under the file's own pubkey.
    let loaded = account(&localnet, &dumped);
    assert_eq!((loaded["lamports"].as_u64(), loaded["owner"].as_str()), (Some(1234567), Some(owner.to_string().as_str())));
    assert_eq!(data(&loaded), b"dumped bytes");

    // The .so given runs in the SBF VM at the id given, deployed through the upgradeable loader.
    let program = account(&localnet, &loaded_memo);
    assert_eq!((program["owner"].as_str(), program["executable"].as_bool()), (Some(UPGRADEABLE_LOADER), Some(true)));
    let memo = Instruction { program_id: loaded_memo, accounts: vec![AccountMeta::new_readonly(wallet.pubkey(), true)], data: b"hello from a .so".to_vec() };
    let signature = localnet.send(&[memo], &wallet, &[&wallet]);
    let tx = localnet.result("getTransaction", json!([signature, { "commitment": "confirmed", "encoding": "json" }]));
    let logs: Vec<String> = serde_json::from_value(tx["meta"]["logMessages"].clone()).unwrap();
    assert!(logs.iter().any(|line| line.contains("hello from a .so")), "{logs:?}");
    assert!(tx["meta"]["computeUnitsConsumed"].as_u64().unwrap() > 0, "metered by the SBF VM");
    assert_eq!(localnet.stop_with("KILL"), None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn refuses_unknown_and_unsupported_flags_by_name() {
    let binary = env!("CARGO_BIN_EXE_synq-localnet");
    for (flag, extra) in [("--frobnicate", None), ("--clone", Some("11111111111111111111111111111111")), ("--warp-slot", Some("5"))] {
        let mut command = Command::new(binary);
        command.args(["--test-validator", flag]);
        command.args(extra);
        let output = command.output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(flag), "the error names {flag}");
    }
    // A program that is neither a file nor a hosted builtin is an error, not a silent skip.
    let missing = Command::new(binary)
        .args(["--test-validator", "--rpc-port", "0", "--bpf-program", &Pubkey::new_unique().to_string(), "/nonexistent/x.so"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/x.so"));
    let help = Command::new(binary).args(["--test-validator", "--help"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--upgradeable-program"));
}
