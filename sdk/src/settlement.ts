/**
 * Epoch rewards (docs/payments.md): the program pays each node
 * `floor(pool * weight / total_weight)` of an ended epoch, where a node's weight is
 * `floor(credits * qos_bps / 10000)` over its settled usage and the epoch's total is the sum of
 * its nodes' weights, all kept on chain by `settle_usage`. Nobody posts or vouches for an
 * amount. This module mirrors that arithmetic (to show what a claim will pay) and runs the
 * settlement job: claim every node's reward of an ended epoch into its staking pool.
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import type { PublicKey, TransactionSignature } from "@solana/web3.js";

import type { SynqClient } from "./client";
import { epochStateName, type PaymentsSection } from "./payments";
import { toBigInt } from "./values";

const BPS = 10_000n;
const U64_MAX = (1n << 64n) - 1n;

/** A node's weight in its epoch, as `payment_config::state::usage_weight` computes it. */
export function usageWeight(credits: bigint, qosBps: number): bigint {
  const qos = BigInt(Math.min(Math.max(qosBps, 0), Number(BPS)));
  return (credits * qos) / BPS;
}

/** What a node of `weight` claims from an epoch's `pool`, as `reward_share` computes it. */
export function rewardShare(pool: bigint, weight: bigint, totalWeight: bigint): bigint {
  if (totalWeight === 0n || weight === 0n) return 0n;
  const capped = weight < totalWeight ? weight : totalWeight;
  const share = (pool * capped) / totalWeight;
  return share > U64_MAX ? U64_MAX : share;
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
  skipped?: "already claimed" | "nothing to claim" | "operator has no $SYNQ associated token account";
  /** The program refused the claim (e.g. the node is no longer Active): the reason. */
  error?: string;
}

/**
 * The settlement job for one ended epoch: claims every node's reward into its staking pool
 * (claims are permissionless; the client's wallet pays the `ClaimStatus` rent). A claim the
 * program refuses (the node is not Active, uncommitted, understaked) is reported in its outcome
 * and does not stop the others.
 */
export async function settleEpoch(client: Pick<SynqClient, "payments" | "programs" | "send" | "connection" | "provider">, epoch: bigint): Promise<ClaimOutcome[]> {
  const rewards = await epochRewards(client.payments, epoch);
  if (rewards.state !== "ended") throw new Error(`epoch ${epoch} is ${rewards.state}: only an ended epoch's rewards can be claimed`);
  const { mint } = await client.payments.fetchConfig();
  const payer = client.provider.wallet.publicKey;
  const outcomes: ClaimOutcome[] = [];
  for (const reward of rewards.rewards) {
    const outcome: ClaimOutcome = { node: reward.node, amount: reward.amount };
    outcomes.push(outcome);
    if (reward.amount === 0n) {
      outcome.skipped = "nothing to claim";
      continue;
    }
    if ((await client.payments.fetchClaimStatus(epoch, reward.node)) !== null) {
      outcome.skipped = "already claimed";
      continue;
    }
    const node = await client.programs.registry.account.node.fetch(reward.node);
    // The commission goes to the operator's associated token account, which must exist.
    const operatorTokens = getAssociatedTokenAddressSync(mint, node.operator, true);
    if ((await client.connection.getAccountInfo(operatorTokens)) === null) {
      outcome.skipped = "operator has no $SYNQ associated token account";
      continue;
    }
    try {
      outcome.signature = await client.send(await client.payments.claim({ payer, epoch, operator: node.operator, operatorTokens }));
    } catch (err) {
      outcome.error = err instanceof Error ? err.message : String(err);
    }
  }
  return outcomes;
}
