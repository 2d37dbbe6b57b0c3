/**
 * The `solana` subcommands that anchor-cli and a newcomer use on synq-localnet, for machines
 * without the Solana CLI: `logs`, `airdrop`, `balance`, `address`, `config get`, `--version`.
 * Output follows the real CLI's wording so scripts that read it keep working. Anything else is
 * refused with a pointer to the real CLI (`bin/solana` runs that one instead when installed).
 */
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, type Commitment, type Logs } from "@solana/web3.js";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const VERSION = "solana-cli 2.1.0 (synq-localnet shim)";
const HELP = `solana (synq-localnet shim) — the Solana CLI subcommands used with a local cluster

USAGE:
    solana [OPTIONS] <SUBCOMMAND>

SUBCOMMANDS:
    logs [ADDRESS]              Stream transaction logs (of transactions mentioning ADDRESS)
    airdrop <AMOUNT> [ADDRESS]  Request SOL from the cluster's faucet
    balance [ADDRESS]           Get the SOL balance of an account
    address                     Get the public key of the keypair
    config get                  Show the configuration

OPTIONS:
    -u, --url <URL>             JSON-RPC URL or moniker (localhost) [default: config, else http://127.0.0.1:8899]
        --ws <URL>              PubSub URL [default: RPC port + 1]
    -k, --keypair <PATH>        Keypair file [default: config, else ~/.config/solana/id.json]
        --commitment <LEVEL>    processed, confirmed or finalized [default: confirmed]
    -C, --config <PATH>         Configuration file [default: ~/.config/solana/cli/config.yml]
    -V, --version               Print the version
    -h, --help                  Print this help

Other subcommands need the real Solana CLI (Agave). When one is on PATH, this package's
\`solana\` runs it instead; SYNQ_SOLANA_SHIM=1 forces this shim, SYNQ_SOLANA_SHIM=0 the real CLI.
`;

export class UsageError extends Error {}

interface Options {
  url?: string;
  ws?: string;
  keypair?: string;
  commitment: Commitment;
  configPath: string;
  positional: string[];
}

const VALUE_FLAGS: Record<string, keyof Pick<Options, "url" | "ws" | "keypair" | "configPath"> | "commitment"> = {
  "-u": "url",
  "--url": "url",
  "--ws": "ws",
  "-k": "keypair",
  "--keypair": "keypair",
  "--commitment": "commitment",
  "-C": "configPath",
  "--config": "configPath",
};

const COMMITMENTS: readonly Commitment[] = ["processed", "confirmed", "finalized"];

export function parseArgs(argv: readonly string[]): Options | "help" | "version" {
  const options: Options = {
    commitment: "confirmed",
    configPath: join(homedir(), ".config", "solana", "cli", "config.yml"),
    positional: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return "help";
    if (arg === "-V" || arg === "--version") return "version";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const key = VALUE_FLAGS[flag];
    if (key !== undefined) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      if (key === "commitment") {
        if (!COMMITMENTS.includes(value as Commitment)) throw new UsageError(`--commitment must be one of ${COMMITMENTS.join(", ")}`);
        options.commitment = value as Commitment;
      } else {
        options[key] = value;
      }
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`unknown option ${arg} (see solana --help)`);
    } else {
      options.positional.push(arg);
    }
  }
  return options;
}

/** The few `key: value` lines of the CLI's config.yml that matter here. */
function readCliConfig(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const entries: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^(\w+):\s*(.*?)\s*$/.exec(line);
    if (match) entries[match[1]] = match[2].replace(/^["']|["']$/g, "");
  }
  return entries;
}

const MONIKERS: Record<string, string> = { l: "http://localhost:8899", localhost: "http://localhost:8899" };

function resolveUrl(options: Options, config: Record<string, string>): string {
  const url = options.url ?? config.json_rpc_url ?? "http://127.0.0.1:8899";
  if (MONIKERS[url]) return MONIKERS[url];
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url ${url}: this shim speaks to a local cluster; give an http(s) URL or "localhost"`);
  return url;
}

function wsFor(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (url.port !== "") url.port = String(Number(url.port) + 1);
  return url.toString();
}

function keypairPath(options: Options, config: Record<string, string>): string {
  const path = options.keypair ?? config.keypair_path ?? join(homedir(), ".config", "solana", "id.json");
  return path.startsWith("~/") ? join(homedir(), path.slice(2)) : path;
}

function readKeypair(path: string): Keypair {
  if (!existsSync(path)) throw new UsageError(`No keypair at ${path}: pass -k <KEYPAIR> (a JSON array of 64 bytes)`);
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]));
}

function address(value: string): PublicKey {
  try {
    return new PublicKey(value);
  } catch {
    if (existsSync(value)) return readKeypair(value).publicKey;
    throw new UsageError(`${value} is neither a public key nor a keypair file`);
  }
}

const formatSol = (lamports: number): string => `${lamports / LAMPORTS_PER_SOL} SOL`;

/** A transaction error as the real CLI prints the common case (a program's custom error). */
export function formatError(err: Logs["err"]): string {
  if (err === null) return "Ok";
  const failed = typeof err === "object" && "InstructionError" in err ? (err as { InstructionError: [number, unknown] }).InstructionError : undefined;
  if (failed !== undefined) {
    const [index, cause] = failed;
    const custom = typeof cause === "object" && cause !== null && "Custom" in cause ? (cause as { Custom: number }).Custom : undefined;
    const what = custom !== undefined ? `custom program error: 0x${custom.toString(16)}` : typeof cause === "string" ? cause : JSON.stringify(cause);
    return `Error processing Instruction ${index}: ${what}`;
  }
  return JSON.stringify(err);
}

/** One notification in the real `solana logs` layout. */
export function formatLogs(slot: number, logs: Logs): string {
  const status = formatError(logs.err);
  return [`Transaction executed in slot ${slot}:`, `  Signature: ${logs.signature}`, `  Status: ${status}`, "  Log Messages:", ...logs.logs.map((line) => `    ${line}`)].join("\n");
}

async function run(argv: readonly string[], out: (line: string) => void): Promise<void> {
  const parsed = parseArgs(argv);
  if (parsed === "help") return out(HELP.trimEnd());
  if (parsed === "version") return out(VERSION);
  const config = readCliConfig(parsed.configPath);
  const [command, ...rest] = parsed.positional;
  const connection = () => {
    const rpcUrl = resolveUrl(parsed, config);
    return new Connection(rpcUrl, { commitment: parsed.commitment, wsEndpoint: parsed.ws ?? config.websocket_url ?? wsFor(rpcUrl) });
  };
  const arity = (max: number) => {
    if (rest.length > max) throw new UsageError(`solana ${command}: unexpected argument ${rest[max]}`);
  };
  switch (command) {
    case "logs": {
      arity(1);
      const filter = rest[0] === undefined ? "all" : address(rest[0]);
      const conn = connection();
      out(`Streaming transaction logs${filter === "all" ? "" : ` mentioning ${filter.toBase58()}`}. ${parsed.commitment[0].toUpperCase()}${parsed.commitment.slice(1)} commitment`);
      conn.onLogs(filter, (logs, context) => out(formatLogs(context.slot, logs)), parsed.commitment);
      // Runs until killed, as the real one does (anchor stops it with SIGKILL).
      await new Promise<never>(() => undefined);
      return;
    }
    case "airdrop": {
      arity(2);
      if (rest[0] === undefined || !/^\d+(\.\d+)?$/.test(rest[0])) throw new UsageError("solana airdrop <AMOUNT> [ADDRESS]: AMOUNT is a number of SOL");
      const to = rest[1] !== undefined ? address(rest[1]) : readKeypair(keypairPath(parsed, config)).publicKey;
      const lamports = Math.round(Number(rest[0]) * LAMPORTS_PER_SOL);
      const conn = connection();
      out(`Requesting airdrop of ${rest[0]} SOL\n`);
      const signature = await conn.requestAirdrop(to, lamports);
      const latest = await conn.getLatestBlockhash();
      const { value } = await conn.confirmTransaction({ signature, ...latest });
      if (value.err !== null) throw new Error(`airdrop ${signature} failed: ${JSON.stringify(value.err)}`);
      out(`Signature: ${signature}\n`);
      out(formatSol(await conn.getBalance(to)));
      return;
    }
    case "balance": {
      arity(1);
      const of = rest[0] !== undefined ? address(rest[0]) : readKeypair(keypairPath(parsed, config)).publicKey;
      out(formatSol(await connection().getBalance(of)));
      return;
    }
    case "address":
      arity(0);
      out(readKeypair(keypairPath(parsed, config)).publicKey.toBase58());
      return;
    case "config": {
      if (rest[0] !== "get") throw new UsageError(`solana config ${rest[0] ?? ""}: only \`config get\` is supported by this shim; use the real Solana CLI to change the configuration`);
      if (rest.length > 1) throw new UsageError(`solana config get: unexpected argument ${rest[1]}`);
      const rpcUrl = resolveUrl(parsed, config);
      out(`Config File: ${parsed.configPath}`);
      out(`RPC URL: ${rpcUrl}`);
      out(`WebSocket URL: ${parsed.ws ?? config.websocket_url ?? wsFor(rpcUrl)} (computed)`);
      out(`Keypair Path: ${keypairPath(parsed, config)}`);
      out(`Commitment: ${parsed.commitment}`);
      return;
    }
    case undefined:
      throw new UsageError("a subcommand is required (see solana --help)");
    default:
      throw new UsageError(
        `\`solana ${command}\` is not supported by synq-localnet's solana shim (it has logs, airdrop, balance, address and config get). ` +
          "Install the real Solana CLI (Agave) for it; this package's `solana` then runs that one.",
      );
  }
}

if (require.main === module) {
  run(process.argv.slice(2), (line) => console.log(line)).catch((err: unknown) => {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
