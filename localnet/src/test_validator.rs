//! `solana-test-validator`'s command line, as anchor-cli 0.31 writes it (`anchor test` spawns
//! `solana-test-validator --ledger DIR --mint PUBKEY <validator_flags>`; see `localnet/bin`).
//!
//! Every flag anchor can emit from `Anchor.toml` is accepted. Those that change the chain are
//! applied (programs, upgrade authorities, accounts, mint, ports, epoch length, slot length);
//! those that describe parts a single-process localnet does not have (gossip, a separate faucet
//! listener, the ledger's disk layout) are accepted and named in a log line at start-up; those
//! that need what this machine cannot give (cloning from a remote cluster, Geyser plugins,
//! deactivating features) are refused with the flag's name. Nothing is ignored silently.

use std::{net::IpAddr, path::PathBuf};

use solana_pubkey::Pubkey;

use crate::cli::{parse_value, Options};

pub const HELP: &str = "\
solana-test-validator (synq-localnet): synq-localnet started with solana-test-validator's flags,
for `anchor test`. Programs named by --bpf-program / --upgradeable-program are loaded into the
SBF VM when the .so exists; a Synq program whose .so does not exist is served as a builtin.

USAGE:
    solana-test-validator [OPTIONS]

OPTIONS:
    --ledger <DIR>                                   Ledger directory (created; the chain itself is in memory)
    --mint <PUBKEY>                                  Account funded with 500,000,000 SOL at genesis
    --bpf-program <ADDRESS_OR_KEYPAIR> <SO>          A program with upgrades disabled
    --upgradeable-program <ADDRESS_OR_KEYPAIR> <SO> <AUTHORITY|none>
                                                     A program whose ProgramData names AUTHORITY
    --account <ADDRESS|-> <JSON>                     An account from a `solana account --output json` file
    --account-dir <DIR>                              Every such JSON file in DIR
    --bind-address <ADDR>                            [default: 127.0.0.1 (0.0.0.0 binds all)]
    --rpc-port <PORT>                                JSON-RPC port; PubSub on the next [default: 8899]
    --slots-per-epoch <N>                            Epoch length in slots
    --ticks-per-slot <N>                             Slot length: N ticks of 6.25 ms [default: 64]
    --faucet-sol <SOL>                               SOL held by the faucet (requestAirdrop)
    --faucet-port, --gossip-host, --gossip-port, --dynamic-port-range, --limit-ledger-size <V>
                                                     Accepted; they name parts this localnet has not
                                                     (its faucet is requestAirdrop over RPC)
    -r, --reset                                      Accepted: every start is a fresh genesis
    -q, --quiet                                      Log warnings and errors only
    --log                                            Log every transaction's program logs
    -h, --help                                       Print this help

Refused (with the flag's name): --clone, --clone-upgradeable-program, --maybe-clone, --url,
--warp-slot, --geyser-plugin-config, --deactivate-feature and any flag not listed here.
";

/// Who may upgrade a program: what its ProgramData account names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpgradeAuthority {
    /// `--bpf-program`: upgrades disabled (the real validator writes the default key).
    Disabled,
    Key(Pubkey),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramArg {
    pub id: Pubkey,
    pub so_path: PathBuf,
    pub authority: UpgradeAuthority,
}

/// What a solana-test-validator command line asks of the genesis, beyond [`Options`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Genesis {
    pub ledger: Option<PathBuf>,
    pub mint: Option<Pubkey>,
    pub programs: Vec<ProgramArg>,
    /// `--account ADDRESS FILE`; ADDRESS `-` takes the file's own pubkey.
    pub accounts: Vec<(Option<Pubkey>, PathBuf)>,
    pub account_dirs: Vec<PathBuf>,
    pub slots_per_epoch: Option<u64>,
    pub faucet_lamports: Option<u64>,
    pub quiet: bool,
    /// Flags accepted that have no effect here, with why, for the start-up log.
    pub without_effect: Vec<String>,
}

/// Microseconds per tick on a real validator (160 ticks/s).
const TICK_US: u64 = 6_250;

/// Parses the arguments after `--test-validator`.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<(Options, Genesis)>, String> {
    let mut options = Options::default();
    let mut genesis = Genesis::default();
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut inline = inline;
        let mut next = |what: &str| -> Result<String, String> {
            inline.take().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs {what}"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--ledger" | "-l" => genesis.ledger = Some(PathBuf::from(next("a directory")?)),
            "--mint" => genesis.mint = Some(parse_address(&flag, &next("a public key")?)?),
            "--bpf-program" | "--sbf-program" => {
                let id = parse_address(&flag, &next("ADDRESS_OR_KEYPAIR SBF_PROGRAM.SO")?)?;
                let so_path = PathBuf::from(next("ADDRESS_OR_KEYPAIR SBF_PROGRAM.SO")?);
                genesis.programs.push(ProgramArg { id, so_path, authority: UpgradeAuthority::Disabled });
            }
            "--upgradeable-program" => {
                let what = "ADDRESS_OR_KEYPAIR SBF_PROGRAM.SO UPGRADE_AUTHORITY";
                let id = parse_address(&flag, &next(what)?)?;
                let so_path = PathBuf::from(next(what)?);
                let authority = match next(what)?.as_str() {
                    "none" => UpgradeAuthority::Disabled,
                    value => UpgradeAuthority::Key(parse_address(&flag, value)?),
                };
                genesis.programs.push(ProgramArg { id, so_path, authority });
            }
            "--account" => {
                let address = match next("ADDRESS DUMP.JSON")?.as_str() {
                    "-" => None,
                    value => Some(parse_address(&flag, value)?),
                };
                genesis.accounts.push((address, PathBuf::from(next("ADDRESS DUMP.JSON")?)));
            }
            "--account-dir" => genesis.account_dirs.push(PathBuf::from(next("a directory")?)),
            "--bind-address" => options.bind = parse_value::<IpAddr>(&flag, &next("an address")?)?,
            "--rpc-port" => options.rpc_port = parse_value(&flag, &next("a port")?)?,
            "--slots-per-epoch" => {
                let slots: u64 = parse_value(&flag, &next("a number")?)?;
                // The runtime's own floor (MINIMUM_SLOTS_PER_EPOCH).
                if slots < 32 {
                    return Err(format!("{flag} must be at least 32"));
                }
                genesis.slots_per_epoch = Some(slots);
            }
            "--ticks-per-slot" => {
                let ticks: u64 = parse_value(&flag, &next("a number")?)?;
                if ticks == 0 {
                    return Err(format!("{flag} must be at least 1"));
                }
                options.slot_ms = (ticks * TICK_US / 1_000).max(1);
            }
            "--warp-slot" => {
                return Err(format!("{flag} is not supported: synq-localnet's slots follow its clock from slot 0"))
            }
            "--faucet-sol" => {
                let sol: f64 = parse_value(&flag, &next("an amount of SOL")?)?;
                if !(sol.is_finite() && sol >= 0.0 && sol <= 1e12) {
                    return Err(format!("{flag} must be between 0 and 1e12"));
                }
                // A command-line amount, not money on chain: rounding to a lamport is exact enough.
                genesis.faucet_lamports = Some((sol * 1e9).round() as u64);
            }
            "--faucet-port" | "--gossip-host" | "--gossip-port" | "--dynamic-port-range" | "--limit-ledger-size" => {
                let value = next("a value")?;
                genesis.without_effect.push(format!("{flag} {value}"));
            }
            "-r" | "--reset" => genesis.without_effect.push(format!("{flag} (every start is a fresh genesis)")),
            "-q" | "--quiet" => genesis.quiet = true,
            "--log" => options.log_transactions = true,
            "--clone" | "--clone-upgradeable-program" | "--maybe-clone" | "--url" | "-u" => {
                return Err(format!(
                    "{flag} is not supported: synq-localnet cannot reach a remote cluster; dump the account with \
                     `solana account --output json` and pass it with --account"
                ))
            }
            "--geyser-plugin-config" => return Err(format!("{flag} is not supported: synq-localnet loads no Geyser plugins")),
            "--deactivate-feature" => {
                return Err(format!("{flag} is not supported: synq-localnet runs one fixed feature set (all active)"))
            }
            _ => return Err(format!("unknown solana-test-validator flag: {flag} (see --help)")),
        }
    }
    Ok(Some((options, genesis)))
}

/// A public key, or the path of a keypair file (whose public key is meant).
pub fn parse_address(flag: &str, value: &str) -> Result<Pubkey, String> {
    if let Ok(pubkey) = value.parse::<Pubkey>() {
        return Ok(pubkey);
    }
    let bytes = std::fs::read_to_string(value)
        .map_err(|err| format!("invalid value for {flag}: {value:?} is neither a public key nor a readable keypair file ({err})"))?;
    let secret: Vec<u8> = serde_json::from_str(&bytes).map_err(|err| format!("{flag}: {value} is not a keypair file ({err})"))?;
    if secret.len() != 64 {
        return Err(format!("{flag}: {value} is not a keypair file (expected 64 bytes, got {})", secret.len()));
    }
    let public: [u8; 32] = secret[32..].try_into().map_err(|_| format!("{flag}: {value} is not a keypair file"))?;
    Ok(Pubkey::from(public))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Option<(Options, Genesis)>, String> {
        parse(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn takes_what_anchor_test_passes() {
        let wallet = Pubkey::new_unique();
        let program = Pubkey::new_unique();
        let args = [
            "--ledger", ".anchor/test-ledger", "--mint", &wallet.to_string(),
            "--upgradeable-program", &program.to_string(), "target/deploy/registry.so", &wallet.to_string(),
            "--bpf-program", &program.to_string(), "target/deploy/staking.so",
            "--bind-address", "0.0.0.0", "--rpc-port", "8999", "--ticks-per-slot", "32",
            "--faucet-port", "9900", "--reset", "--quiet",
        ]
        .map(str::to_owned);
        let (options, genesis) = parse(args).unwrap().unwrap();
        assert_eq!((options.rpc_port, options.slot_ms, options.bind.to_string()), (8999, 200, "0.0.0.0".into()));
        assert_eq!(genesis.mint, Some(wallet));
        assert_eq!(genesis.programs[0].authority, UpgradeAuthority::Key(wallet));
        assert_eq!(genesis.programs[1].authority, UpgradeAuthority::Disabled);
        assert!(genesis.quiet);
        assert_eq!(genesis.without_effect.len(), 2);
    }

    #[test]
    fn refuses_what_it_cannot_do_by_name() {
        assert!(run(&["--clone", "x"]).unwrap_err().contains("--clone"));
        assert!(run(&["--deactivate-feature", "x"]).unwrap_err().contains("--deactivate-feature"));
        assert!(run(&["--frobnicate"]).unwrap_err().contains("--frobnicate"));
        assert!(run(&["--upgradeable-program", "11111111111111111111111111111111", "a.so"]).unwrap_err().contains("needs"));
        assert!(run(&["--mint", "not-a-key"]).unwrap_err().contains("--mint"));
        assert!(run(&["--slots-per-epoch", "8"]).is_err());
        assert_eq!(run(&["--help"]), Ok(None));
    }
}
