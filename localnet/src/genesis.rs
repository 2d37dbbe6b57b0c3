//! Applies what a solana-test-validator command line asks of the genesis (see
//! `test_validator.rs`) to the SVM: programs from `.so` files (or the hosted builtin when the
//! file does not exist), their ProgramData accounts, accounts from JSON dumps, the mint's SOL.

use std::path::Path;

use base64::Engine;
use litesvm::LiteSVM;
use serde::Deserialize;
use serde_json::{json, Value};
use solana_account::Account;
use solana_loader_v3_interface::state::UpgradeableLoaderState;
use solana_pubkey::Pubkey;
use solana_sdk_ids::bpf_loader_upgradeable;

use crate::{
    programs::{self, HostedProgram},
    test_validator::{Genesis, UpgradeAuthority},
};

/// What solana-test-validator gives `--mint`: 500 million SOL.
pub const MINT_LAMPORTS: u64 = 500_000_000 * 1_000_000_000;

/// One line for the start-up log: an event name and its fields.
pub type LogLine = (&'static str, Value);

/// Loads `genesis` into `svm`, whose builtins are `hosted`. Returns what to log.
pub fn apply(svm: &mut LiteSVM, hosted: &[HostedProgram], genesis: &Genesis) -> Result<Vec<LogLine>, String> {
    let mut log = Vec::new();
    for program in &genesis.programs {
        let authority = match program.authority {
            UpgradeAuthority::Disabled => None,
            UpgradeAuthority::Key(key) => Some(key),
        };
        if program.so_path.exists() {
            let elf = std::fs::read(&program.so_path).map_err(|err| format!("cannot read {}: {err}", program.so_path.display()))?;
            load_upgradeable(svm, program.id, &elf, authority)?;
            log.push(("program_loaded", json!({ "id": program.id.to_string(), "so": program.so_path.display().to_string(), "vm": "sbf", "upgradeAuthority": authority.map(|key| key.to_string()) })));
        } else if let Some(builtin) = hosted.iter().find(|builtin| builtin.id == program.id) {
            programs::set_upgrade_authority(svm, &program.id, authority);
            log.push(("program_builtin", json!({
                "id": program.id.to_string(),
                "name": builtin.name,
                "so": program.so_path.display().to_string(),
                "reason": "the .so does not exist (no SBF build here): serving the host-compiled program as a builtin",
                "upgradeAuthority": authority.map(|key| key.to_string()),
            })));
        } else {
            return Err(format!(
                "{} does not exist and {} is not a program synq-localnet hosts as a builtin",
                program.so_path.display(),
                program.id
            ));
        }
    }
    for (address, path) in &genesis.accounts {
        let (pubkey, account) = read_account_dump(path, *address)?;
        svm.set_account(pubkey, account).map_err(|err| format!("cannot store the account of {}: {err}", path.display()))?;
        log.push(("account_loaded", json!({ "address": pubkey.to_string(), "file": path.display().to_string() })));
    }
    for dir in &genesis.account_dirs {
        let entries = std::fs::read_dir(dir).map_err(|err| format!("--account-dir {}: {err}", dir.display()))?;
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|entry| entry.path()).filter(|path| path.extension().is_some_and(|ext| ext == "json")).collect();
        files.sort();
        for path in files {
            let (pubkey, account) = read_account_dump(&path, None)?;
            svm.set_account(pubkey, account).map_err(|err| format!("cannot store the account of {}: {err}", path.display()))?;
            log.push(("account_loaded", json!({ "address": pubkey.to_string(), "file": path.display().to_string() })));
        }
    }
    if let Some(mint) = genesis.mint {
        let account = Account { lamports: MINT_LAMPORTS, data: vec![], owner: solana_sdk_ids::system_program::id(), executable: false, rent_epoch: u64::MAX };
        svm.set_account(mint, account).map_err(|err| format!("cannot fund the mint {mint}: {err}"))?;
    }
    Ok(log)
}

/// Deploys `elf` at `id` the way the upgradeable loader leaves a deployed program: a ProgramData
/// account (header + ELF) and the executable Program account that points at it.
fn load_upgradeable(svm: &mut LiteSVM, id: Pubkey, elf: &[u8], authority: Option<Pubkey>) -> Result<(), String> {
    let programdata_address = programs::program_data_address(&id);
    let mut data = programs::program_data_header(authority);
    data.extend_from_slice(elf);
    let programdata = Account {
        lamports: svm.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner: bpf_loader_upgradeable::id(),
        executable: false,
        rent_epoch: u64::MAX,
    };
    svm.set_account(programdata_address, programdata).map_err(|err| format!("cannot store the ProgramData of {id}: {err}"))?;
    let program_state = bincode::serialize(&UpgradeableLoaderState::Program { programdata_address }).map_err(|err| err.to_string())?;
    let program = Account {
        lamports: svm.minimum_balance_for_rent_exemption(program_state.len()),
        data: program_state,
        owner: bpf_loader_upgradeable::id(),
        executable: true,
        rent_epoch: u64::MAX,
    };
    // Storing an upgradeable Program account makes LiteSVM verify and load its ELF.
    svm.set_account(id, program).map_err(|err| format!("cannot load the program {id}: {err}"))
}

/// `solana account --output json` output (the `--account` / `--account-dir` format).
#[derive(Deserialize)]
struct AccountDump {
    pubkey: String,
    account: DumpedAccount,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DumpedAccount {
    lamports: u64,
    data: (String, String),
    owner: String,
    executable: bool,
    #[serde(default)]
    rent_epoch: Option<u64>,
}

/// Reads an account dump; `address` (when given) overrides the file's own pubkey.
fn read_account_dump(path: &Path, address: Option<Pubkey>) -> Result<(Pubkey, Account), String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let dump: AccountDump = serde_json::from_str(&text).map_err(|err| format!("{} is not a `solana account --output json` dump: {err}", path.display()))?;
    let pubkey = match address {
        Some(address) => address,
        None => dump.pubkey.parse().map_err(|err| format!("{}: bad pubkey {:?}: {err}", path.display(), dump.pubkey))?,
    };
    let (encoded, encoding) = &dump.account.data;
    let data = match encoding.as_str() {
        "base64" => base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|err| format!("{}: bad base64 data: {err}", path.display()))?,
        other => return Err(format!("{}: data encoding {other:?} is not supported (use base64)", path.display())),
    };
    let owner = dump.account.owner.parse().map_err(|err| format!("{}: bad owner {:?}: {err}", path.display(), dump.account.owner))?;
    Ok((
        pubkey,
        Account { lamports: dump.account.lamports, data, owner, executable: dump.account.executable, rent_epoch: dump.account.rent_epoch.unwrap_or(u64::MAX) },
    ))
}
