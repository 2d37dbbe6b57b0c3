/**
 * Test helpers. The network itself (provider, wallet, client) is `network()`; everything here
 * uses it, so call these only inside tests and hooks.
 */
import { AnchorError, ProgramError } from "@coral-xyz/anchor";
import {
  createMint as splCreateMint,
  getAccount,
  getOrCreateAssociatedTokenAccount,
  mintTo as splMintTo,
} from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, SendTransactionError, type PublicKey } from "@solana/web3.js";
import { AssertionError } from "node:assert";

import { deploy } from "../../migrations/deploy";
import { canWarpClock, chainTime, warpClock as warpClusterClock, type Deployment, type SynqClient } from "@synq/sdk";

import { airdrop, network } from "./network";

export { network, type TestNetwork } from "./network";

/** A new keypair holding `lamports` (default 10 SOL). */
export async function fundedKeypair(lamports: number = 10 * LAMPORTS_PER_SOL): Promise<Keypair> {
  const keypair = Keypair.generate();
  await airdrop(network().connection, keypair.publicKey, lamports);
  return keypair;
}

let deployed: Promise<Deployment> | undefined;
let deployerKey: Keypair | undefined;

/** The protocol bootstrapped by migrations/deploy.ts, once per run, by the programs' upgrade authority. */
export function deployment(): Promise<Deployment> {
  const payer = network().deployer;
  deployed ??= airdrop(network().connection, payer.publicKey, 100 * LAMPORTS_PER_SOL).then(() => {
    deployerKey = payer;
    return deploy({ payer, log: () => undefined });
  });
  return deployed;
}

/** The deployer of `deployment()`: $SYNQ mint authority and every config's authority. */
export async function deployer(): Promise<Keypair> {
  await deployment();
  if (deployerKey === undefined) throw new Error("deployment() did not record its deployer");
  return deployerKey;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the network is `slots` slots further than now. */
export async function waitSlots(slots: number): Promise<void> {
  const { connection } = network();
  const target = (await connection.getSlot("confirmed")) + slots;
  while ((await connection.getSlot("confirmed")) < target) await sleep(200);
}

// Mocha's own "skipped" signal: thrown from a test or hook, it marks it pending, not failed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Pending = require("mocha/lib/pending") as new (message: string) => Error;

/**
 * Moves the cluster clock `seconds` forward (synq-localnet's `synqWarpClock`) for protocol
 * periods of hours and days. On a cluster that cannot warp (a real solana-test-validator under
 * `anchor test`) the calling test or hook is skipped as pending, with the reason.
 */
export async function warpClock(seconds: number, connection = network().connection): Promise<void> {
  if (!(await canWarpClock(connection))) {
    throw new Pending("needs a clock warp (synq-localnet's synqWarpClock) for periods of hours and days");
  }
  await warpClusterClock(connection, seconds);
}

/** Warps the cluster clock to `unix` when it is not there yet (see `warpClock`). */
export async function warpTo(unix: number, connection = network().connection): Promise<void> {
  const now = await chainTime(connection);
  if (now < unix) await warpClock(unix - now, connection);
}

/** Waits out the warm-up of every listed position with one clock warp, then activates each. */
export async function activateStakes(client: SynqClient, positions: { owner: PublicKey; operator: PublicKey }[]): Promise<void> {
  const { warmupSeconds } = await client.staking.fetchConfig();
  await warpClock(Number(warmupSeconds), client.connection);
  for (const position of positions) await client.send(await client.staking.activateStake(position));
}

/** A funded keypair with a $SYNQ token account of the deployment's mint. */
export interface SynqWallet {
  key: Keypair;
  pubkey: PublicKey;
  tokens: PublicKey;
}

/** A new SynqWallet holding `amount` $SYNQ base units (minted by the deployer). */
export async function synqWallet(amount: bigint): Promise<SynqWallet> {
  const { mint } = await deployment();
  const key = await fundedKeypair();
  const tokens = await tokenAccount(mint, key.publicKey);
  if (amount > 0n) await mintTo(mint, tokens, amount, await deployer());
  return { key, tokens, pubkey: key.publicKey };
}

/** A new SPL Token mint; the authority (default: the test wallet) can mint. */
export async function createMint(
  options: { decimals?: number; authority?: Keypair } = {},
): Promise<PublicKey> {
  const { connection, wallet } = network();
  const authority = options.authority ?? wallet;
  return splCreateMint(connection, wallet, authority.publicKey, null, options.decimals ?? 9, undefined, {
    commitment: "confirmed",
  });
}

/** The owner's associated token account for `mint`, created if needed (owner may be a PDA). */
export async function tokenAccount(mint: PublicKey, owner: PublicKey): Promise<PublicKey> {
  const { connection, wallet } = network();
  const account = await getOrCreateAssociatedTokenAccount(connection, wallet, mint, owner, true, "confirmed", {
    commitment: "confirmed",
  });
  return account.address;
}

/** Mints `amount` base units to a token account (authority default: the test wallet). */
export async function mintTo(
  mint: PublicKey,
  destination: PublicKey,
  amount: bigint | number,
  authority?: Keypair,
): Promise<void> {
  const { connection, wallet } = network();
  await splMintTo(connection, wallet, mint, destination, authority ?? wallet, amount, [], {
    commitment: "confirmed",
  });
}

export async function tokenBalance(account: PublicKey): Promise<bigint> {
  return (await getAccount(network().connection, account, "confirmed")).amount;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const logs = errorLogs(err);
  return logs.length > 0 ? `${err.message}\nlogs:\n  ${logs.join("\n  ")}` : err.message;
}

function errorLogs(err: unknown): string[] {
  if (err instanceof AnchorError) return err.logs;
  if (err instanceof SendTransactionError) return err.logs ?? [];
  if (err instanceof ProgramError) return err.logs ?? [];
  const logs = (err as { logs?: unknown } | null)?.logs;
  return Array.isArray(logs) ? logs.map(String) : [];
}

/** The custom program error code of a failed transaction, from whichever form it came in. */
export function customErrorCode(err: unknown): number | undefined {
  if (err instanceof AnchorError) return err.error.errorCode.number;
  if (err instanceof ProgramError) return err.code;
  const text = [err instanceof Error ? err.message : String(err), ...errorLogs(err)].join("\n");
  const match = /custom program error: (0x[0-9a-f]+)/i.exec(text);
  return match ? Number.parseInt(match[1], 16) : undefined;
}

async function rejection(promise: Promise<unknown>, expected: string): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new AssertionError({ message: `expected ${expected}, but the transaction succeeded` });
}

/** Asserts that `promise` fails with the Anchor error named `name` (e.g. "InvalidMinStake"). */
export async function expectAnchorError(promise: Promise<unknown>, name: string): Promise<AnchorError> {
  const err = await rejection(promise, `AnchorError ${name}`);
  const anchorError = err instanceof AnchorError ? err : AnchorError.parse(errorLogs(err));
  if (anchorError === null) {
    throw new AssertionError({ message: `expected AnchorError ${name}, got ${describeError(err)}` });
  }
  if (anchorError.error.errorCode.code !== name) {
    throw new AssertionError({
      message: `expected AnchorError ${name}, got ${anchorError.error.errorCode.code}: ${describeError(anchorError)}`,
      actual: anchorError.error.errorCode.code,
      expected: name,
    });
  }
  return anchorError;
}

/**
 * Asserts that `promise` fails with custom program error `code` (any program, e.g. SPL Token's
 * 1 = insufficient funds), or with an error `predicate` accepts. Returns the error.
 */
export async function expectTxError(
  promise: Promise<unknown>,
  expected: number | ((err: unknown) => boolean),
): Promise<unknown> {
  const what = typeof expected === "number" ? `custom program error ${expected}` : "a matching error";
  const err = await rejection(promise, what);
  const ok = typeof expected === "number" ? customErrorCode(err) === expected : expected(err);
  if (!ok) throw new AssertionError({ message: `expected ${what}, got ${describeError(err)}` });
  return err;
}
