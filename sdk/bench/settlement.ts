/**
 * `npm run bench` (payments part): settling one epoch for 10,000 nodes.
 *
 * 1. Off chain: the settlement job's reward computation, merkle tree and every proof for
 *    10,000 nodes, beside the named baseline "sha256 floor" (hashing the 2N - 1 tree nodes and
 *    nothing else, the least work any tree over N leaves needs), measured in the same run.
 * 2. On chain (a private localnet): an epoch with real nodes whose rewards sit in a 10,000-leaf
 *    tree; the protocol's own transactions (advance_epoch, post_distribution) and their
 *    lamports, and what each node's claim costs (transaction bytes, fee, ClaimStatus rent),
 *    measured on real claims with depth-14 proofs and multiplied out to 10,000 nodes.
 *
 * Usage: ts-node sdk/bench/settlement.ts [--nodes N] [--claimers K]
 */
import { getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { deploy } from "../../migrations/deploy";
import { startLocalnet } from "../../scripts/lib/localnet";
import {
  StorageTree,
  SynqClient,
  computeDistribution,
  leafHash,
  loadConfig,
  registryPda,
  rewardLeafData,
  signReceipt,
  verifyProof,
  type NodeUsageInput,
} from "../src";

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

function syntheticUsage(count: number): NodeUsageInput[] {
  return Array.from({ length: count }, (_, i) => ({
    node: Keypair.generate().publicKey,
    credits: BigInt(1_000 + ((i * 7_919) % 100_000)),
    qosBps: 5_000 + ((i * 31) % 5_000),
  }));
}

function offChain(nodes: number): void {
  const usage = syntheticUsage(nodes);
  const pool = 1_000_000n * SYNQ;
  const job = timeIt(5, () => computeDistribution(1n, pool, usage));
  const floor = timeIt(5, () => {
    let acc = Buffer.alloc(32);
    for (let i = 0; i < 2 * nodes - 1; i += 1) acc = createHash("sha256").update(acc).digest();
  });
  const d = computeDistribution(1n, pool, usage);
  const verify = timeIt(3, () => {
    for (const r of d.rewards) {
      const leaf = leafHash(rewardLeafData(1n, r.node, r.amount));
      if (!verifyProof(leaf, r.proof, d.root)) throw new Error(`proof of ${r.node.toBase58()} does not verify`);
    }
  });
  const depth = Math.max(...d.rewards.map((r) => r.proof.length));
  console.log(
    JSON.stringify({
      bench: "settlement-offchain",
      nodes,
      treeAndProofsMs: Number(job.toFixed(1)),
      baseline: "sha256 floor (2N-1 hashes)",
      baselineMs: Number(floor.toFixed(1)),
      ratioToBaseline: Number((job / floor).toFixed(2)),
      verifyAllProofsMs: Number(verify.toFixed(1)),
      proofDepth: depth,
      distributed: d.total.toString(),
      undistributedDust: (pool - d.total).toString(),
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
    await send(client.payments.setParams(admin.publicKey, { epochLengthSeconds: 1 }), admin);

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
      await send(client.registry.registerNode(key.publicKey, { endpoint: "https://bench.example", region: 1, capacityBytes: 1n << 30n, models: 1 }), key);
      // Only nodes with committed storage have usage settled.
      const storage = new StorageTree(Buffer.from(`bench node ${i}`));
      await send(client.registry.commitStorage(key.publicKey, storage.root, storage.size), key);
      // Each real node consumes credits: that consumption releases the escrow that fills the pool.
      const receipt = signReceipt(dev, { mint, node: registryPda.node(key.publicKey), cumulativeCredits: 1_000n * SYNQ * BigInt(i + 1), nonce: 1n });
      const before = await connection.getBalance(key.publicKey, "confirmed");
      await send(await client.payments.settleUsage({ operator: key.publicKey, receipt }), key);
      if (i === 0) {
        const spent = before - (await connection.getBalance(key.publicKey, "confirmed"));
        rents.channel = spent; // fee + ChannelState rent + NodeUsage rent (first settlement of the epoch)
      }
      operators.push({ key, tokens: opTokens });
    }

    const epoch = await client.payments.currentEpoch();
    const startedAt = (await client.payments.fetchEpoch(epoch))!.startedAt.toNumber();
    while (Math.floor(Date.now() / 1000) < startedAt + 2) await new Promise((r) => setTimeout(r, 200));
    const adminBefore = await connection.getBalance(admin.publicKey, "confirmed");
    await send(client.payments.advanceEpoch(admin.publicKey, epoch), admin);
    const afterAdvance = await connection.getBalance(admin.publicKey, "confirmed");

    // A 10,000-leaf distribution in which the real nodes hold real leaves.
    const pool = BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString());
    const usage: NodeUsageInput[] = [
      ...operators.map((op) => ({ node: registryPda.node(op.key.publicKey), credits: 1_000n, qosBps: 10_000 })),
      ...syntheticUsage(nodes - operators.length),
    ];
    const distribution = computeDistribution(epoch, pool, usage);
    await send(client.payments.postDistribution({ settlementAuthority: admin.publicKey, epoch, root: distribution.root, total: distribution.total }), admin);
    const afterPost = await connection.getBalance(admin.publicKey, "confirmed");

    const claimer = Keypair.generate();
    await fund(claimer, 0n);
    let claimTxBytes = 0;
    const claimerBefore = await connection.getBalance(claimer.publicKey, "confirmed");
    for (const op of operators) {
      const node = registryPda.node(op.key.publicKey);
      const reward = distribution.rewards.find((r) => r.node.equals(node))!;
      const ix = await client.payments.claim({ payer: claimer.publicKey, epoch, operator: op.key.publicKey, operatorTokens: op.tokens, amount: reward.amount, proof: reward.proof });
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
        protocolTransactions: 2,
        protocolLamports: { advanceEpoch: adminBefore - afterAdvance, postDistribution: afterAdvance - afterPost },
        perNode: { settleFirstReceiptLamports: rents.channel, claimLamports: perClaim, claimTxBytes, proofDepth: distribution.rewards[0].proof.length },
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
