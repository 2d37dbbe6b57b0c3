//! Command-line options (hand-rolled: five flags do not justify an argument-parser crate).

use std::net::IpAddr;

use solana_pubkey::Pubkey;

use crate::test_validator::{self, Genesis};

pub const HELP: &str = "\
synq-localnet: a Solana JSON-RPC + PubSub endpoint in front of one in-process SVM that hosts the
Synq programs as builtins (plus SPL Token, Token-2022, Associated Token Account and Memo).

USAGE:
    synq-localnet [OPTIONS]

OPTIONS:
    --bind <ADDR>             Address to listen on [default: 127.0.0.1]
    --rpc-port <PORT>         JSON-RPC (HTTP) port; 0 picks a free port [default: 8899]
    --ws-port <PORT>          PubSub (WebSocket) port [default: rpc port + 1, or a free port
                              when --rpc-port is 0]
    --slot-ms <MS>            Slot duration in milliseconds [default: 400]
    --max-transactions <N>    Transactions kept for getTransaction, getSignatureStatuses and
                              getSignaturesForAddress; older ones are forgotten [default: 100000]
    --upgrade-authority <PUBKEY|KEYPAIR_FILE>
                              The upgrade authority each program's ProgramData account names, as
                              `anchor deploy` leaves it: the only key that may initialise the
                              programs' configs [default: none, so nobody can]
    --log                     Log every transaction (signature, slot, error, program logs)
    --test-validator [FLAGS]  Take solana-test-validator's flags instead (what `anchor test` runs;
                              `--test-validator --help` lists them)
    -h, --help                Print this help

Once listening it prints one JSON line on stdout:
    {\"event\":\"ready\",\"rpcUrl\":...,\"wsUrl\":...,\"programs\":{name: id}}
and logs JSON lines on stderr. SIGINT or SIGTERM stops it (exit code 0).

Besides the validator's methods it answers synqWarpClock [seconds]: the clock jumps that far
ahead from the next slot on (for protocol periods of hours and days in development and tests).
";

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub bind: IpAddr,
    pub rpc_port: u16,
    pub ws_port: Option<u16>,
    pub slot_ms: u64,
    pub max_transactions: usize,
    pub upgrade_authority: Option<Pubkey>,
    pub log_transactions: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            bind: IpAddr::from([127, 0, 0, 1]),
            rpc_port: 8899,
            ws_port: None,
            slot_ms: 400,
            max_transactions: 100_000,
            upgrade_authority: None,
            log_transactions: false,
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Command {
    Run(Options, Genesis),
    Help,
    TestValidatorHelp,
}

/// Parses the arguments after the program name. Accepts `--flag value` and `--flag=value`.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options::default();
    let mut args = args.into_iter().peekable();
    if args.peek().is_some_and(|arg| arg == "--test-validator") {
        args.next();
        return Ok(match test_validator::parse(args)? {
            Some((options, genesis)) => Command::Run(options, genesis),
            None => Command::TestValidatorHelp,
        });
    }
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(Command::Help);
        }
        if flag == "--log" {
            options.log_transactions = true;
            continue;
        }
        let mut value = || {
            inline_value.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--bind" => options.bind = parse_value(&flag, &value()?)?,
            "--rpc-port" => options.rpc_port = parse_value(&flag, &value()?)?,
            "--ws-port" => options.ws_port = Some(parse_value(&flag, &value()?)?),
            "--slot-ms" => {
                options.slot_ms = parse_value(&flag, &value()?)?;
                if options.slot_ms == 0 {
                    return Err("--slot-ms must be at least 1".into());
                }
            }
            "--max-transactions" => {
                options.max_transactions = parse_value(&flag, &value()?)?;
                if options.max_transactions == 0 {
                    return Err("--max-transactions must be at least 1".into());
                }
            }
            "--upgrade-authority" => {
                options.upgrade_authority = Some(test_validator::parse_address(&flag, &value()?)?);
            }
            _ => return Err(format!("unknown argument: {arg} (see --help)")),
        }
    }
    Ok(Command::Run(options, Genesis::default()))
}

pub(crate) fn parse_value<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|err| format!("invalid value for {flag}: {value:?} ({err})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn defaults_match_a_validator() {
        assert_eq!(run(&[]), Ok(Command::Run(Options::default(), Genesis::default())));
    }

    #[test]
    fn accepts_both_value_styles() {
        let Ok(Command::Run(options, _)) = run(&["--rpc-port", "0", "--slot-ms=50", "--ws-port=9000"]) else {
            panic!("should parse");
        };
        assert_eq!((options.rpc_port, options.slot_ms, options.ws_port), (0, 50, Some(9000)));
    }

    #[test]
    fn help_wins_and_bad_input_is_reported() {
        assert_eq!(run(&["--rpc-port", "1", "--help"]), Ok(Command::Help));
        assert!(run(&["--rpc-port", "x"]).unwrap_err().contains("--rpc-port"));
        assert!(run(&["--slot-ms"]).unwrap_err().contains("needs a value"));
        assert!(run(&["--nope"]).unwrap_err().contains("unknown argument"));
        assert!(run(&["--slot-ms", "0"]).is_err());
    }
}
