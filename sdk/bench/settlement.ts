/**
 * `npm run bench` (payments part): settling one epoch for 10,000 nodes.
 *
 * 1. Off chain: what the settlement job computes before it claims (every node's weight and
 *    share, `usageWeight` / `rewardShare`) for 10,000 nodes, beside the named baseline
 *    "bigint floor" (one bigint multiply and divide per node and nothing else), measured in
 *    the same run.
 * 2. On chain (a private localnet): an epoch with real nodes; the protocol's own transaction
 *    (advance_epoch: rewards need no posting) and its lamports, and what each node's claim
 *    costs (transaction bytes, fee, ClaimStatus rent), measured on real claims and multiplied
 *    out to 10,000 nodes. A claim carries no proof, so its size does not grow with the nodes.
 *
 * Usage: ts-node sdk/bench/settlement.ts [--nodes N] [--claimers K]
 */
import { getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { deploy } from "../../migrations/deploy";
import { startLocalnet } from "../../scripts/lib/localnet";
import { StorageTree, SynqClient, loadConfig, registryPda, rewardShare, signReceipt, usageWeight, warpClock } from "../src";

const SYNQ = 1_000_000_000n;

function option(flag: string, fallback: number): number {
  const index = process.argv.indexOf(flag);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} takes a positive integer`);
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeIt(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

function syntheticUsage(count: number): { credits: bigint; qosBps: number }[] {
  return Array.from({ length: count }, (_, i) => ({ credits: BigInt(1_000 + ((i * 7_919) % 100_000)), qosBps: 5_000 + ((i * 31) % 5_000) }));
}

function offChain(nodes: number): void {
  const usage = syntheticUsage(nodes);
  const pool = 1_000_000n * SYNQ;
  let paid = 0n;
  const job = timeIt(5, () => {
    const weights = usage.map((u) => usageWeight(u.credits, u.qosBps));
    const total = weights.reduce((sum, w) => sum + w, 0n);
    paid = weights.reduce((sum, w) => sum + rewardShare(pool, w, total), 0n);
  });
  const floor = timeIt(5, () => {
    let acc = 0n;
    for (const u of usage) acc += (pool * u.credits) / 1_000_000n;
    if (acc < 0n) throw new Error("unreachable");
  });
  console.log(
    JSON.stringify({
      bench: "settlement-offchain",
      nodes,
      rewardsMs: Number(job.toFixed(2)),
      baseline: "bigint floor (one multiply-divide per node)",
      baselineMs: Number(floor.toFixed(2)),
      ratioToBaseline: Number((job / floor).toFixed(2)),
      paid: paid.toString(),
      dust: (pool - paid).toString(),
    }),
  );
}

async function onChain(nodes: number, claimers: number): Promise<void> {
  const admin = Keypair.generate();
  const localnet = await startLocalnet({ args: ["--rpc-port", "0", "--slot-ms", "100"], upgradeAuthority: admin.publicKey });
  try {
    const endpoints = { rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl, deploymentPath: join(tmpdir(), `synq-bench-${process.pid}.json`) };
    const config = loadConfig(endpoints);
    const client = new SynqClient(SynqClient.provider(config, admin));
    const { connection } = client;
    const sig = await connection.requestAirdrop(admin.publicKey, 1_000 * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature: sig, ...(await connection.getLatestBlockhash()) }, "confirmed");
    const { mint } = await deploy({ payer: admin, config: endpoints, log: () => undefined });
    const send = async (ix: TransactionInstruction | TransactionInstruction[] | Promise<TransactionInstruction>, ...signers: Keypair[]) =>
      client.send(await ix, { signers });
    const tokens = async (owner: PublicKey) => (await getOrCreateAssociatedTokenAccount(connection, admin, mint, owner, true, "confirmed")).address;
    const fund = async (owner: Keypair, amount: bigint) => {
      const s = await connection.requestAirdrop(owner.publicKey, 10 * LAMPORTS_PER_SOL);
      await connection.confirmTransaction({ signature: s, ...(await connection.getLatestBlockhash()) }, "confirmed");
      const account = await tokens(owner.publicKey);
      if (amount > 0n) await mintTo(connection, admin, mint, account, admin, amount, [], { commitment: "confirmed" });
      return account;
    };
    await send(client.registry.setParams(admin.publicKey, { minStake: SYNQ }), admin);

    const dev = Keypair.generate();
    const devTokens = await fund(dev, 100_000n * SYNQ);
    await send(client.payments.buyCredits({ buyer: dev.publicKey, buyerTokens: devTokens, amount: 100_000n * SYNQ }), dev);

    const operators: { key: Keypair; tokens: PublicKey }[] = [];
    const rents = { channel: 0, usage: 0 };
    for (let i = 0; i < claimers; i += 1) {
      const key = Keypair.generate();
      const opTokens = await fund(key, 2n * SYNQ);
      await send(client.staking.createPool({ operator: key.publicKey, commissionBps: 500 }), key);
      await send(client.staking.stake({ owner: key.publicKey, operator: key.publicKey, ownerTokens: opTokens, amount: SYNQ }), key);
      operators.push({ key, tokens: opTokens });
    }
    // Stake counts once warm: one clock warp past the warm-up for all of them.
    await warpClock(connection, Number((await client.staking.fetchConfig()).warmupSeconds));
    for (const [i, { key }] of operators.entries()) {
      await send(client.staking.activateStake({ owner: key.publicKey, operator: key.publicKey }));
      await send(client.registry.registerNode(key.publicKey, { endpoint: "https://bench.example", region: 1, capacityBytes: 1n << 30n, models: 1 }), key);
      // Only nodes with committed storage have usage settled.
      const storage = new StorageTree(Buffer.from(`bench node ${i}`));
      await send(client.registry.commitStorage(key.publicKey, storage.root, storage.size), key);
      // Each real node consumes credits: that consumption releases the escrow that fills the pool.
      const receipt = signReceipt(dev, { mint, node: registryPda.node(key.publicKey), cumulativeCredits: 1_000n * SYNQ * BigInt(i + 1), nonce: 1n });
      await send(client.payments.fundChannel({ owner: dev.publicKey, node: registryPda.node(key.publicKey), amount: receipt.cumulativeCredits }), dev);
      const before = await connection.getBalance(key.publicKey, "confirmed");
      await send(await client.payments.settleUsage({ operator: key.publicKey, receipt }), key);
      if (i === 0) {
        const spent = before - (await connection.getBalance(key.publicKey, "confirmed"));
        rents.channel = spent; // fee + NodeUsage rent (the node's first settlement of the epoch; the developer paid the channel's rent)
      }
    }

    const epoch = await client.payments.currentEpoch();
    await warpClock(connection, Number((await client.payments.fetchConfig()).epochLengthSeconds) + 1);
    const adminBefore = await connection.getBalance(admin.publicKey, "confirmed");
    await send(client.payments.advanceEpoch(admin.publicKey, epoch), admin);
    const afterAdvance = await connection.getBalance(admin.publicKey, "confirmed");

    const claimer = Keypair.generate();
    await fund(claimer, 0n);
    let claimTxBytes = 0;
    const claimerBefore = await connection.getBalance(claimer.publicKey, "confirmed");
    for (const op of operators) {
      const ix = await client.payments.claim({ payer: claimer.publicKey, epoch, operator: op.key.publicKey, operatorTokens: op.tokens });
      const signature = await client.send(ix, { signers: [claimer], feePayer: claimer });
      const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      claimTxBytes = Math.max(claimTxBytes, tx ? tx.transaction.message.serialize().length + 1 + 64 * tx.transaction.signatures.length : 0);
    }
    const perClaim = (claimerBefore - (await connection.getBalance(claimer.publicKey, "confirmed"))) / operators.length;
    console.log(
      JSON.stringify({
        bench: "settlement-onchain",
        nodes,
        realClaims: operators.length,
        protocolTransactions: 1,
        protocolLamports: { advanceEpoch: adminBefore - afterAdvance },
        perNode: { settleFirstReceiptLamports: rents.channel, claimLamports: perClaim, claimTxBytes },
        nodesPayForAllClaims: { transactions: nodes, lamports: perClaim * nodes },
      }),
    );
  } finally {
    // Let web3.js close its idle PubSub socket first, or it keeps reconnecting to a dead server.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await localnet.stop();
  }
}

async function main(): Promise<void> {
  const nodes = option("--nodes", 10_000);
  offChain(nodes);
  await onChain(nodes, option("--claimers", 8));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
