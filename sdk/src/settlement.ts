/**
 * Epoch rewards (docs/payments.md): the program pays each node
 * `floor(pool * weight / total_weight)` of an ended epoch, where a node's weight is
 * `floor(credits * qos_bps / 10000)` over its settled usage and the epoch's total is the sum of
 * its nodes' weights, all kept on chain by `settle_usage`. Nobody posts or vouches for an
 * amount. This module mirrors that arithmetic (to show what a claim will pay) and runs the
 * settlement job: claim every node's reward of an ended epoch into its staking pool.
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import type { Connection, PublicKey, TransactionSignature } from "@solana/web3.js";

import type { SynqClient } from "./client";
import { epochStateName, paymentsPda, type PaymentsSection } from "./payments";
import { toBigInt } from "./values";

const BPS = 10_000n;

/** A node's weight in its epoch, as `payment_config::state::usage_weight` computes it. */
export function usageWeight(credits: bigint, qosBps: number): bigint {
  const qos = BigInt(Math.min(Math.max(qosBps, 0), Number(BPS)));
  return (credits * qos) / BPS;
}

/** What a node of `weight` claims from an epoch's `pool`, as `reward_share` computes it. */
export function rewardShare(pool: bigint, weight: bigint, totalWeight: bigint): bigint {
  if (totalWeight === 0n || weight === 0n) return 0n;
  const capped = weight < totalWeight ? weight : totalWeight;
  return (pool * capped) / totalWeight; // capped <= totalWeight, so never above the pool
}

export interface NodeReward {
  node: PublicKey;
  credits: bigint;
  qosBps: number;
  weight: bigint;
  amount: bigint;
}

export interface EpochRewards {
  epoch: bigint;
  state: ReturnType<typeof epochStateName>;
  pool: bigint;
  totalWeight: bigint;
  claimExpiresAt: number;
  /** Every node with settled usage, sorted by node address; `amount` may be 0. */
  rewards: NodeReward[];
}

/** The rewards of `epoch` as the program will pay them, from its accounts on chain. */
export async function epochRewards(payments: PaymentsSection, epoch: bigint): Promise<EpochRewards> {
  const account = await payments.fetchEpoch(epoch);
  if (account === null) throw new Error(`epoch ${epoch} does not exist`);
  const pool = toBigInt(account.pool);
  const totalWeight = toBigInt(account.totalWeight);
  const usage = await payments.usageOf(epoch);
  const rewards = usage
    .map(({ account: u }) => {
      const weight = toBigInt(u.weight);
      return { node: u.node, credits: toBigInt(u.credits), qosBps: u.qosBps, weight, amount: rewardShare(pool, weight, totalWeight) };
    })
    .sort((a, b) => Buffer.compare(a.node.toBuffer(), b.node.toBuffer()));
  return { epoch, state: epochStateName(account.state), pool, totalWeight, claimExpiresAt: account.claimExpiresAt.toNumber(), rewards };
}

export interface ClaimOutcome {
  node: PublicKey;
  amount: bigint;
  /** Set when the claim was sent. */
  signature?: TransactionSignature;
  /** Why no claim was sent. */
  skipped?: "already claimed" | "nothing to claim" | "node no longer registered" | "operator has no $SYNQ associated token account";
  /** The program refused the claim (e.g. the node is no longer Active): the reason. */
  error?: string;
}

/**
 * The settlement job for one ended epoch: claims every node's reward into its staking pool
 * (claims are permissionless; the client's wallet pays the `ClaimStatus` rent). A claim the
 * program refuses (the node is not Active, uncommitted, understaked) is reported in its outcome
 * and does not stop the others.
 */
export interface SettleOptions {
  /** Called after each node is dealt with (claimed, skipped or failed), in the order they are done. */
  onProgress?: (done: number, total: number, outcome: ClaimOutcome) => void;
}

export async function settleEpoch(
  client: Pick<SynqClient, "payments" | "programs" | "send" | "connection" | "provider">,
  epoch: bigint,
  options: SettleOptions = {},
): Promise<ClaimOutcome[]> {
  const rewards = await epochRewards(client.payments, epoch);
  if (rewards.state !== "ended") throw new Error(`epoch ${epoch} is ${rewards.state}: only an ended epoch's rewards can be claimed`);
  const { mint } = await client.payments.fetchConfig();
  const payer = client.provider.wallet.publicKey;
  // Everything the claims depend on, read in batches (not three reads per node).
  const due = rewards.rewards.filter((r) => r.amount > 0n);
  const statuses = await client.programs.paymentConfig.account.claimStatus.fetchMultiple(due.map((r) => paymentsPda.claimStatus(epoch, r.node)));
  const nodes = await client.programs.registry.account.node.fetchMultiple(due.map((r) => r.node));
  // The commission goes to the operator's associated token account, which must exist.
  const operatorTokens = nodes.map((node) => (node === null ? null : getAssociatedTokenAddressSync(mint, node.operator, true)));
  const tokenAccounts = await accountsExist(client.connection, operatorTokens);
  const outcomes: ClaimOutcome[] = rewards.rewards.filter((r) => r.amount === 0n).map((r) => ({ node: r.node, amount: 0n, skipped: "nothing to claim" }));
  const total = rewards.rewards.length;
  outcomes.forEach((outcome, i) => options.onProgress?.(i + 1, total, outcome));
  for (const [i, reward] of due.entries()) {
    const outcome: ClaimOutcome = { node: reward.node, amount: reward.amount };
    outcomes.push(outcome);
    const node = nodes[i];
    const tokens = operatorTokens[i];
    if (statuses[i] !== null) {
      outcome.skipped = "already claimed";
    } else if (node === null) {
      outcome.skipped = "node no longer registered";
    } else if (tokens === null || !tokenAccounts[i]) {
      outcome.skipped = "operator has no $SYNQ associated token account";
    } else {
      try {
        outcome.signature = await client.send(await client.payments.claim({ payer, epoch, operator: node.operator, operatorTokens: tokens }));
      } catch (err) {
        outcome.error = err instanceof Error ? err.message : String(err);
      }
    }
    options.onProgress?.(outcomes.length, total, outcome);
  }
  // In node order, as `epochRewards` lists them.
  return outcomes.sort((a, b) => Buffer.compare(a.node.toBuffer(), b.node.toBuffer()));
}

/** Whether each address holds an account (`null`: no address), in getMultipleAccounts batches. */
async function accountsExist(connection: Connection, addresses: readonly (PublicKey | null)[]): Promise<boolean[]> {
  const present = addresses.map(() => false);
  const wanted = addresses.flatMap((address, i) => (address === null ? [] : [{ address, i }]));
  for (let start = 0; start < wanted.length; start += 100) {
    const batch = wanted.slice(start, start + 100);
    const infos = await connection.getMultipleAccountsInfo(batch.map((w) => w.address), "confirmed");
    infos.forEach((info, j) => (present[batch[j].i] = info !== null));
  }
  return present;
}
