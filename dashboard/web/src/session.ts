/**
 * Who the page acts as and the SDK client it acts through. Until a wallet is loaded the client
 * reads (fetches, PDAs) and refuses to sign. On localnet the wallet is a keypair file the
 * user picks (a Solana CLI keypair: a JSON array of 64 bytes), held in memory only; in a
 * browser with a Wallet Standard wallet, that wallet (wallet-standard.ts).
 */
import { AnchorProvider } from "@coral-xyz/anchor";
import { getMint } from "@solana/spl-token";
import { Connection, Keypair, PublicKey, type Transaction, type VersionedTransaction } from "@solana/web3.js";

import { KeypairWallet, SynqClient } from "../../../sdk/src/browser";

import type { PageConfig } from "../../src/page-config";

export type { PageConfig };

/** What AnchorProvider signs with (its interface; Anchor's exported `Wallet` is the Node keypair class). */
export type Wallet = ConstructorParameters<typeof AnchorProvider>[1];

/** The wallet before one is loaded: signing says what to do. */
class NoWallet implements Wallet {
  readonly publicKey = PublicKey.default;
  signTransaction<T extends Transaction | VersionedTransaction>(): Promise<T> {
    return Promise.reject(new Error("no wallet: load a keypair file first (top right)"));
  }
  signAllTransactions<T extends Transaction | VersionedTransaction>(): Promise<T[]> {
    return Promise.reject(new Error("no wallet: load a keypair file first (top right)"));
  }
}

export class Session {
  readonly connection: Connection;
  client: SynqClient;
  /** The loaded wallet's address, when one is. */
  owner: PublicKey | undefined;
  private readonly listeners: (() => void)[] = [];
  private decimalsCache: Promise<number> | undefined;

  constructor(readonly config: PageConfig) {
    this.connection = new Connection(config.rpcUrl, { commitment: "confirmed", wsEndpoint: config.wsUrl });
    this.client = this.clientFor(new NoWallet());
  }

  private clientFor(wallet: Wallet): SynqClient {
    return new SynqClient(new AnchorProvider(this.connection, wallet, { commitment: "confirmed", preflightCommitment: "confirmed" }));
  }

  /** Acts as `wallet` from now on: a keypair's (`KeypairWallet`) or a Wallet Standard wallet's. */
  use(wallet: Wallet): void {
    this.owner = wallet.publicKey;
    this.client = this.clientFor(wallet);
    for (const listener of this.listeners) listener();
  }

  onWalletChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The wallet's address, or an error saying to load one. */
  requireOwner(): PublicKey {
    if (this.owner === undefined) throw new Error("no wallet: load a keypair file first (top right)");
    return this.owner;
  }

  /** $SYNQ decimals, from the mint the payment config names. */
  decimals(): Promise<number> {
    this.decimalsCache ??= this.client.payments
      .fetchConfig()
      .then((config) => getMint(this.connection, config.mint, "confirmed"))
      .then((mint) => mint.decimals);
    this.decimalsCache.catch(() => {
      this.decimalsCache = undefined;
    });
    return this.decimalsCache;
  }
}

/** The wallet of a Solana CLI keypair file's text; errors say what is wrong with it. */
export function keypairFileWallet(name: string, text: string): Wallet {
  return new KeypairWallet(parseKeypairFile(name, text));
}

function parseKeypairFile(name: string, text: string): Keypair {
  let bytes: unknown;
  try {
    bytes = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not a keypair file: not JSON (expected a JSON array of 64 bytes, as solana-keygen writes)`);
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new Error(`${name} is not a keypair file: expected a JSON array of 64 bytes (0..255)`);
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  } catch {
    throw new Error(`${name} is not a valid keypair: its public half does not match its secret key`);
  }
}

/**
 * An error as the page shows it: the program's error name and message when Anchor parsed one,
 * else the failing program's own log line (e.g. the token program's "insufficient funds"), else
 * the message's first sentence (web3.js appends the whole log to it).
 */
export function describeError(err: unknown): string {
  const anchor = (err as { error?: { errorCode?: { code?: string }; errorMessage?: string } } | null)?.error;
  if (anchor?.errorCode?.code !== undefined) return `${anchor.errorCode.code}: ${anchor.errorMessage ?? ""}`.trim();
  const message = err instanceof Error ? err.message : String(err);
  const logs = (err as { logs?: unknown } | null)?.logs;
  const lines = Array.isArray(logs) ? logs.map(String) : [];
  const said = lines.map((line) => /^Program log: (?:Error: )?(.*(?:error|insufficient|invalid|failed).*)$/i.exec(line)?.[1]).find((text) => text !== undefined && !/^Instruction:/.test(text));
  const failed = lines.map((line) => /^Program (\w+) failed: (.*)$/.exec(line)).find((match) => match !== null);
  if (said !== undefined || failed !== undefined) {
    const program = failed?.[1] === undefined ? "" : ` (program ${failed[1].slice(0, 8)}…: ${failed[2]})`;
    return `the transaction was refused: ${said ?? failed?.[2] ?? ""}${program}`;
  }
  return message.split(/(?<=\.) (?=Logs:|Catch the)/)[0] ?? message;
}
