/**
 * `npm run settle -- --epoch N`: the settlement job for one ended epoch (sdk/src/settlement.ts).
 * Computes every node's reward from chain data, posts the merkle root with the configured wallet
 * (which must be the payment config's settlement authority), writes the distribution with every
 * proof to `<out>/epoch-N.json` for nodes to claim with, and with `--claim` also sends each
 * node's claim (claims are permissionless; the wallet pays their rent).
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { SynqClient, computeEpochDistribution, distributionToJson, epochStateName, settleEpoch } from "@synq/sdk";

const HELP = `Usage: npm run settle -- --epoch N [--out DIR] [--claim] [--dry-run]

  --epoch N    the ended epoch to settle (required)
  --out DIR    where to write epoch-N.json (default .synq/distributions)
  --claim      also claim every node's reward into its staking pool
  --dry-run    compute and print the root; post nothing

Cluster and wallet come from SYNQ_RPC_URL, SYNQ_WS_URL, SYNQ_WALLET (see README).`;

interface Args {
  epoch: bigint;
  out: string;
  claim: boolean;
  dryRun: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const epoch = value("--epoch");
  if (epoch === undefined || !/^\d+$/.test(epoch)) throw new Error("--epoch takes the epoch number (see --help)");
  return {
    epoch: BigInt(epoch),
    out: resolve(value("--out") ?? join(".synq", "distributions")),
    claim: argv.includes("--claim"),
    dryRun: argv.includes("--dry-run"),
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(HELP);
    return;
  }
  const args = parseArgs(argv);
  const client = SynqClient.connect();
  const epoch = await client.payments.fetchEpoch(args.epoch);
  if (epoch === null) throw new Error(`epoch ${args.epoch} does not exist`);
  const state = epochStateName(epoch.state);

  const distribution =
    args.dryRun || state !== "ended"
      ? await computeEpochDistribution(client.payments, args.epoch)
      : (await settleEpoch(client, args.epoch, client.provider.wallet.payer ?? failNoSigner())).distribution;
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `epoch-${args.epoch}.json`);
  writeFileSync(file, distributionToJson(distribution));
  console.log(
    JSON.stringify({
      epoch: args.epoch.toString(),
      state: args.dryRun ? state : state === "ended" ? "distributed" : state,
      root: distribution.root.toString("hex"),
      total: distribution.total.toString(),
      nodes: distribution.rewards.length,
      file,
    }),
  );

  if (args.claim && !args.dryRun) {
    const payer = client.provider.wallet.publicKey;
    const { mint } = await client.payments.fetchConfig();
    for (const reward of distribution.rewards) {
      if ((await client.payments.fetchClaimStatus(args.epoch, reward.node)) !== null) continue;
      const node = await client.programs.registry.account.node.fetch(reward.node);
      // The commission goes to the operator's associated token account, which must exist.
      const operatorTokens = getAssociatedTokenAddressSync(mint, node.operator, true);
      if ((await client.connection.getAccountInfo(operatorTokens)) === null) {
        console.log(JSON.stringify({ skipped: reward.node.toBase58(), reason: "operator has no $SYNQ associated token account" }));
        continue;
      }
      await client.send(await client.payments.claim({ payer, epoch: args.epoch, operator: node.operator, operatorTokens, amount: reward.amount, proof: reward.proof }));
      console.log(JSON.stringify({ claimed: reward.node.toBase58(), amount: reward.amount.toString() }));
    }
  }
}

function failNoSigner(): never {
  throw new Error("the wallet cannot sign: set SYNQ_WALLET to the settlement authority's keypair file");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
