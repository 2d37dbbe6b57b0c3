/**
 * `npm run settle -- --epoch N`: the settlement job for one ended epoch (sdk/src/settlement.ts).
 * Prints every node's reward as the program computes it from chain data (the epoch's pool and
 * the nodes' usage weights) and claims each one into the node's staking pool. Claims are
 * permissionless: the configured wallet only pays their rent; it needs no authority.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { SynqClient, epochRewards, settleEpoch, type EpochRewards } from "@synq/sdk";

const HELP = `Usage: npm run settle -- --epoch N [--out DIR] [--dry-run]

  --epoch N    the ended epoch to settle (required)
  --out DIR    where to write epoch-N.json, every node's reward (default .synq/distributions)
  --dry-run    compute and print the rewards; claim nothing
  --claim      accepted for older scripts: claiming is what the job does

Rewards are computed on chain: reward = floor(pool * weight / total_weight), a node's weight
being floor(credits * qos_bps / 10000) of its settled usage (docs/payments.md).
Cluster and wallet come from SYNQ_RPC_URL, SYNQ_WS_URL, SYNQ_WALLET (see README).`;

interface Args {
  epoch: bigint;
  out: string;
  dryRun: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const known = new Set(["--epoch", "--out", "--dry-run", "--claim"]);
  for (let i = 0; i < argv.length; i++) {
    if (!known.has(argv[i])) throw new Error(`unknown argument ${argv[i]} (see --help)`);
    if (argv[i] === "--epoch" || argv[i] === "--out") i++;
  }
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const epoch = value("--epoch");
  if (epoch === undefined || !/^\d+$/.test(epoch)) throw new Error("--epoch takes the epoch number (see --help)");
  return { epoch: BigInt(epoch), out: resolve(value("--out") ?? join(".synq", "distributions")), dryRun: argv.includes("--dry-run") };
}

function rewardsToJson(r: EpochRewards): string {
  return JSON.stringify({
    epoch: r.epoch.toString(),
    state: r.state,
    pool: r.pool.toString(),
    totalWeight: r.totalWeight.toString(),
    claimExpiresAt: r.claimExpiresAt,
    rewards: r.rewards.map((n) => ({ node: n.node.toBase58(), credits: n.credits.toString(), qosBps: n.qosBps, weight: n.weight.toString(), amount: n.amount.toString() })),
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(HELP);
    return;
  }
  const args = parseArgs(argv);
  const client = SynqClient.connect();
  const rewards = await epochRewards(client.payments, args.epoch);
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `epoch-${args.epoch}.json`);
  writeFileSync(file, rewardsToJson(rewards));
  const total = rewards.rewards.reduce((sum, r) => sum + r.amount, 0n);
  console.log(JSON.stringify({ epoch: args.epoch.toString(), state: rewards.state, pool: rewards.pool.toString(), total: total.toString(), nodes: rewards.rewards.length, file }));
  if (args.dryRun) return;
  let failed = 0;
  for (const outcome of await settleEpoch(client, args.epoch)) {
    const line: Record<string, string> = { node: outcome.node.toBase58(), amount: outcome.amount.toString() };
    if (outcome.signature !== undefined) line.claimed = outcome.signature;
    if (outcome.skipped !== undefined) line.skipped = outcome.skipped;
    if (outcome.error !== undefined) {
      line.error = outcome.error;
      failed++;
    }
    console.log(JSON.stringify(line));
  }
  if (failed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
