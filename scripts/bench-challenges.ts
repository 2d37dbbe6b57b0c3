/**
 * Challenge response latency of a storage node on the network (docs/storage-node-network.md):
 * a localnet, the deployment, one node process started with `--network` (default chain poll,
 * so the PubSub path is what answers), and challenges from another key. Per challenge: slots
 * from the challenge's slot to the slot of the transaction that answered it, and wall time from
 * the challenge's confirmation to the answer's; p50 / p99 beside the response window.
 *
 *   node -r ts-node/register/transpile-only scripts/bench-challenges.ts [--count N]
 */
import { getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { SynqClient, chainTime, loadConfig, registryPda, warpClock, writeKeypair } from "@synq/sdk";

import { deploy } from "../migrations/deploy";
import { jsonLine, startChild } from "./lib/child";
import { REPO_ROOT, startLocalnet } from "./lib/localnet";

const SYNQ = 1_000_000_000n;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (msg: string): void => void process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help) return void process.stdout.write("Usage: scripts/bench-challenges.ts [--count N]  (default 40 challenges)\n");
  const count = Number(values.count ?? 40);
  const scratch = mkdtempSync(join(tmpdir(), "synq-bench-challenges-"));
  const deployer = Keypair.generate();
  const localnet = await startLocalnet({ args: ["--rpc-port", "0"], upgradeAuthority: deployer.publicKey });
  process.env.SYNQ_RPC_URL = localnet.rpcUrl;
  process.env.SYNQ_WS_URL = localnet.wsUrl;
  process.env.SYNQ_DEPLOYMENT = join(scratch, "deployment.json");
  let node: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    const config = loadConfig();
    const client = new SynqClient(SynqClient.provider(config, deployer));
    const airdrop = async (to: Keypair): Promise<void> => {
      const signature = await client.connection.requestAirdrop(to.publicKey, 100 * LAMPORTS_PER_SOL);
      await client.connection.confirmTransaction({ signature, ...(await client.connection.getLatestBlockhash()) }, "confirmed");
    };
    await airdrop(deployer);
    const deployment = await deploy({ payer: deployer, log: () => undefined });
    const window = 60;
    await client.send(await client.registry.setParams(deployer.publicKey, { minStake: 10n * SYNQ, challengeIntervalSlots: 1, responseWindowSlots: window }));
    const operator = Keypair.generate();
    const challenger = Keypair.generate();
    await airdrop(operator);
    await airdrop(challenger);
    const tokens = await getOrCreateAssociatedTokenAccount(client.connection, deployer, deployment.mint, operator.publicKey, false, "confirmed");
    await mintTo(client.connection, deployer, deployment.mint, tokens.address, deployer, 10n * SYNQ, [], { commitment: "confirmed" });
    const keyFile = join(scratch, "operator.json");
    writeKeypair(keyFile, operator);
    node = await startChild({
      name: "storage-node",
      command: process.execPath,
      args: ["-r", "ts-node/register/transpile-only", join("storage-node", "src", "cli.ts"), "--data-dir", join(scratch, "node"), "--resp-port", "0", "--http-port", "0", "--network", "--keypair", keyFile, "--stake", "10"],
      cwd: REPO_ROOT,
      parseReady: (line) => (jsonLine(line)?.msg === "storage node listening" ? true : undefined),
      logStdout: true,
      readyTimeoutMs: 60_000,
      failGraceMs: 5_000,
      keepLines: 30,
    });
    const { staking, registry } = client;
    for (;;) {
      const position = await staking.fetchPosition(operator.publicKey, operator.publicKey);
      if (position !== null && !position.warming.amount.isZero()) {
        await warpClock(client.connection, position.warming.activeAt.toNumber() - (await chainTime(client.connection)) + 1);
        break;
      }
      await sleep(200);
    }
    while ((await registry.fetchNode(operator.publicKey))?.commitment.size.isZero() ?? true) await sleep(200);
    progress(`node registered and committed; ${count} challenges (response window ${window} slots)`);

    const nodeAddress = registryPda.node(operator.publicKey);
    const slots: number[] = [];
    const millis: number[] = [];
    for (let i = 0; i < count; i++) {
      const before = (await registry.fetchNode(operator.publicKey))!;
      const sequence = before.challengeSequence;
      await client.send(await registry.issueChallenge(challenger.publicKey, operator.publicKey), { signers: [challenger] });
      const issued = Date.now();
      const { issuedSlot } = (await registry.fetchChallenge(nodeAddress, sequence))!;
      for (;;) {
        const now = (await registry.fetchNode(operator.publicKey))!;
        if (now.metrics.proofsPassed.gt(before.metrics.proofsPassed)) break;
        if (now.metrics.proofsFailed.gt(before.metrics.proofsFailed) || Date.now() - issued > 60_000) throw new Error(`challenge ${sequence.toString()} was not answered`);
        await sleep(50);
      }
      millis.push(Date.now() - issued);
      const [answer] = await client.connection.getSignaturesForAddress(nodeAddress, { limit: 1 }, "confirmed");
      slots.push(answer.slot - issuedSlot.toNumber());
      if ((i + 1) % 10 === 0) progress(`${i + 1}/${count} challenges answered`);
    }
    slots.sort((a, b) => a - b);
    millis.sort((a, b) => a - b);
    process.stdout.write("\n==== storage-node challenge latency ====\n");
    process.stdout.write(`slots from the challenge to its answer: p50 ${percentile(slots, 50)}, p99 ${percentile(slots, 99)}, max ${slots[slots.length - 1]} (response window ${window}; seed slot = issue + 1)\n`);
    process.stdout.write(`wall time from the challenge's confirmation to the answer's: p50 ${percentile(millis, 50)} ms, p99 ${percentile(millis, 99)} ms\n`);
  } finally {
    await node?.stop(10_000);
    await localnet.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
