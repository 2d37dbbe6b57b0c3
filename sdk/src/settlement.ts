/**
 * The off-chain settlement of an epoch's rewards (docs/payments.md): read the ended epoch's pool
 * and every node's settled usage and QoS snapshot from chain, compute each node's reward
 * deterministically, build the merkle tree, post its root, and hand out proofs. Everything is
 * derived from chain data with integer math, so anyone recomputes the same root.
 *
 * reward(node) = floor(pool * credits(node) * qos(node) / sum(credits * qos)); nodes rewarded 0
 * get no leaf; leaves are sorted by node address (bytewise).
 */
import type { PublicKey, Signer, TransactionSignature } from "@solana/web3.js";

import type { SynqClient } from "./client";
import { leafHash, MerkleTree } from "./merkle";
import { epochStateName, rewardLeafData, type PaymentsSection } from "./payments";
import { toBigInt } from "./values";

export interface NodeUsageInput {
  node: PublicKey;
  credits: bigint;
  qosBps: number;
}

export interface NodeReward {
  node: PublicKey;
  amount: bigint;
  proof: Buffer[];
}

export interface Distribution {
  epoch: bigint;
  pool: bigint;
  root: Buffer;
  total: bigint;
  rewards: NodeReward[];
}

const ZERO_ROOT = Buffer.alloc(32);

/** The reward tree of one epoch from its pool and the nodes' usage. */
export function computeDistribution(epoch: bigint, pool: bigint, usage: readonly NodeUsageInput[]): Distribution {
  const weighted = usage.map((u) => ({ node: u.node, weight: u.credits * BigInt(u.qosBps) }));
  const totalWeight = weighted.reduce((sum, u) => sum + u.weight, 0n);
  const paid =
    totalWeight === 0n
      ? []
      : weighted
          .map((u) => ({ node: u.node, amount: (pool * u.weight) / totalWeight }))
          .filter((r) => r.amount > 0n)
          .sort((a, b) => Buffer.compare(a.node.toBuffer(), b.node.toBuffer()));
  if (paid.length === 0) return { epoch, pool, root: ZERO_ROOT, total: 0n, rewards: [] };
  const tree = new MerkleTree(paid.map((r) => leafHash(rewardLeafData(epoch, r.node, r.amount))));
  return {
    epoch,
    pool,
    root: tree.root,
    total: paid.reduce((sum, r) => sum + r.amount, 0n),
    rewards: paid.map((r, i) => ({ ...r, proof: tree.proof(i) })),
  };
}

/** Reads an ended epoch from chain and computes its distribution. */
export async function computeEpochDistribution(payments: PaymentsSection, epoch: bigint): Promise<Distribution> {
  const account = await payments.fetchEpoch(epoch);
  if (account === null) throw new Error(`epoch ${epoch} does not exist`);
  if (epochStateName(account.state) === "open") throw new Error(`epoch ${epoch} is still open: run advance_epoch first`);
  const usage = await payments.usageOf(epoch);
  return computeDistribution(
    epoch,
    toBigInt(account.pool),
    usage.map(({ account: u }) => ({ node: u.node, credits: toBigInt(u.credits), qosBps: u.qosBps })),
  );
}

/** The reward and proof of `node`, or undefined when the node earned nothing. */
export function rewardOf(distribution: Distribution, node: PublicKey): NodeReward | undefined {
  return distribution.rewards.find((r) => r.node.equals(node));
}

/** JSON form of a distribution, for serving proofs (amounts as decimal strings, hashes hex). */
export function distributionToJson(d: Distribution): string {
  return JSON.stringify({
    epoch: d.epoch.toString(),
    pool: d.pool.toString(),
    root: d.root.toString("hex"),
    total: d.total.toString(),
    rewards: d.rewards.map((r) => ({ node: r.node.toBase58(), amount: r.amount.toString(), proof: r.proof.map((h) => h.toString("hex")) })),
  });
}

export interface SettlementResult {
  distribution: Distribution;
  signature: TransactionSignature;
}

/**
 * The settlement job for one epoch: compute from chain, post the root with the settlement
 * authority, return the distribution (whose proofs nodes claim with).
 */
export async function settleEpoch(
  client: Pick<SynqClient, "payments" | "send">,
  epoch: bigint,
  settlementAuthority: Signer,
): Promise<SettlementResult> {
  const distribution = await computeEpochDistribution(client.payments, epoch);
  const ix = await client.payments.postDistribution({
    settlementAuthority: settlementAuthority.publicKey,
    epoch,
    root: distribution.root,
    total: distribution.total,
  });
  const signature = await client.send(ix, { signers: [settlementAuthority] });
  return { distribution, signature };
}
