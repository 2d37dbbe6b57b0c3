/**
 * The one configuration loader. Each setting: explicit option, then environment, then default.
 *
 * - RPC: `SYNQ_RPC_URL`, then `ANCHOR_PROVIDER_URL` (set by `anchor test`), then
 *   http://127.0.0.1:8899.
 * - PubSub: `SYNQ_WS_URL`, else the RPC port + 1 (the validator's and synq-localnet's layout).
 * - Wallet: keypair file from `SYNQ_WALLET`, then `ANCHOR_WALLET`.
 * - Deployment: `SYNQ_DEPLOYMENT`, else `.synq/deployment.json` under the working directory.
 */
import type { Commitment } from "@solana/web3.js";
import { Keypair } from "@solana/web3.js";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8899";
export const DEFAULT_DEPLOYMENT_PATH = ".synq/deployment.json";

export interface SynqConfig {
  rpcUrl: string;
  wsUrl: string;
  commitment: Commitment;
  /** Keypair file of the wallet, when one is configured. */
  walletPath?: string;
  deploymentPath: string;
}

export type SynqConfigOptions = Partial<SynqConfig>;

type Env = Readonly<Record<string, string | undefined>>;

function firstSet(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v !== "");
}

/** ws(s)://host:(port+1) for an http(s) RPC URL, as solana-test-validator lays them out. */
export function defaultWsUrl(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (url.port !== "") url.port = String(Number(url.port) + 1);
  return url.toString().replace(/\/$/, "");
}

export function loadConfig(options: SynqConfigOptions = {}, env: Env = process.env): SynqConfig {
  const rpcUrl = firstSet(options.rpcUrl, env.SYNQ_RPC_URL, env.ANCHOR_PROVIDER_URL) ?? DEFAULT_RPC_URL;
  const wsUrl = firstSet(options.wsUrl, env.SYNQ_WS_URL) ?? defaultWsUrl(rpcUrl);
  const walletPath = firstSet(options.walletPath, env.SYNQ_WALLET, env.ANCHOR_WALLET);
  const deploymentPath = resolve(
    firstSet(options.deploymentPath, env.SYNQ_DEPLOYMENT) ?? DEFAULT_DEPLOYMENT_PATH,
  );
  const config: SynqConfig = {
    rpcUrl,
    wsUrl,
    commitment: options.commitment ?? "confirmed",
    deploymentPath,
  };
  // Without one configured, the local deployment's wallet (`npm start` / `npm run deploy` make
  // it next to the deployment file), so scripts work after `npm start` without settings.
  const localWallet = join(dirname(deploymentPath), "wallet.json");
  if (walletPath !== undefined) config.walletPath = resolve(expandHome(walletPath, env));
  else if (existsSync(localWallet)) config.walletPath = localWallet;
  return config;
}

function expandHome(path: string, env: Env): string {
  const home = env.HOME;
  return path.startsWith("~/") && home !== undefined ? `${home}${path.slice(1)}` : path;
}

/** A keypair file as the Solana CLI writes it: a JSON array of 64 bytes. */
export function readKeypair(path: string): Keypair {
  const bytes: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b))) {
    throw new Error(`${path} is not a keypair file (expected a JSON array of 64 bytes)`);
  }
  return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
}

/** Writes a keypair file readable by `readKeypair` and the Solana CLI (mode 0600). */
export function writeKeypair(path: string, keypair: Keypair): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
}
