/**
 * The cluster the tests run against: the one `anchor test` started (ANCHOR_PROVIDER_URL), or
 * else a synq-localnet of our own on free ports, stopped again when the run ends.
 */
import { AnchorProvider, setProvider } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, type Connection, type PublicKey } from "@solana/web3.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SynqClient, loadConfig, readKeypair } from "@synq/sdk";

import { startLocalnet, type Localnet } from "../../scripts/lib/localnet";

export interface TestNetwork {
  rpcUrl: string;
  wsUrl: string;
  /** True when the cluster was given (ANCHOR_PROVIDER_URL), false when we started it. */
  external: boolean;
  connection: Connection;
  /** A fresh wallet funded by airdrop; the provider signs and pays with it. */
  wallet: Keypair;
  /**
   * The programs' upgrade authority, so the only key that may initialise the protocol: a fresh
   * key given to our localnet, or under `anchor test` the provider wallet (ANCHOR_WALLET), which
   * anchor names in `--upgradeable-program`.
   */
  deployer: Keypair;
  provider: AnchorProvider;
  client: SynqClient;
}

const WALLET_SOL = 1_000;

let current: TestNetwork | undefined;
let localnet: Localnet | undefined;
let scratchDir: string | undefined;

/** The running test network; only valid inside tests and hooks. */
export function network(): TestNetwork {
  if (current === undefined) {
    throw new Error("no test network: is tests/support/hooks.ts registered (tests/.mocharc.js)?");
  }
  return current;
}

export async function airdrop(connection: Connection, to: PublicKey, lamports: number): Promise<void> {
  const signature = await connection.requestAirdrop(to, lamports);
  const latest = await connection.getLatestBlockhash("confirmed");
  const { value } = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
  if (value.err !== null) throw new Error(`airdrop to ${to.toBase58()} failed: ${JSON.stringify(value.err)}`);
}

export async function startNetwork(): Promise<TestNetwork> {
  const external = Boolean(process.env.ANCHOR_PROVIDER_URL);
  const walletPath = loadConfig().walletPath;
  const deployer = external && walletPath !== undefined ? readKeypair(walletPath) : Keypair.generate();
  if (!external) {
    localnet = await startLocalnet({
      args: ["--rpc-port", "0"],
      upgradeAuthority: deployer.publicKey,
      onLog: process.env.SYNQ_LOCALNET_LOGS === "1" ? (line) => console.error(`[localnet] ${line}`) : undefined,
    });
    // Everything in this process that uses the SDK's config loader talks to this localnet,
    // and a deployment made by the tests does not overwrite the developer's.
    process.env.SYNQ_RPC_URL = localnet.rpcUrl;
    process.env.SYNQ_WS_URL = localnet.wsUrl;
    scratchDir = mkdtempSync(join(tmpdir(), "synq-tests-"));
    process.env.SYNQ_DEPLOYMENT ??= join(scratchDir, "deployment.json");
  }
  const config = loadConfig();
  const wallet = Keypair.generate();
  const provider = SynqClient.provider(config, wallet);
  await airdrop(provider.connection, wallet.publicKey, WALLET_SOL * LAMPORTS_PER_SOL);
  setProvider(provider);
  current = {
    rpcUrl: config.rpcUrl,
    wsUrl: config.wsUrl,
    external,
    connection: provider.connection,
    wallet,
    deployer,
    provider,
    client: new SynqClient(provider),
  };
  return current;
}

export async function stopNetwork(): Promise<void> {
  current = undefined;
  const running = localnet;
  localnet = undefined;
  await running?.stop();
  if (scratchDir !== undefined) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = undefined;
}
