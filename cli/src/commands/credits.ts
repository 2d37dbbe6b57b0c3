/** `synq credits buy|show`, `synq cost estimate`, `synq usage`: a developer's credits and usage. */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { chooseNodes, paymentsPda, splitPayment, tierName, type SynqClient, type TierName } from "@synq/sdk";

import { parseCount, parseKey, parseSynq, showSynq, synqDecimals } from "../amounts";
import { UsageError, type Command } from "../cli";

const PAID_TIERS = ["standard", "premium"] as const;

function tierFlag(value: string | boolean | undefined, allowFree: boolean): TierName {
  const tier = String(value ?? "standard");
  const allowed: readonly string[] = allowFree ? ["free", ...PAID_TIERS] : PAID_TIERS;
  if (!allowed.includes(tier)) throw new UsageError(`--tier must be ${allowed.join(" or ")}, got "${tier}"`);
  return tier as TierName;
}

async function channelsOf(client: SynqClient, creditAccount: ReturnType<typeof paymentsPda.creditAccount>) {
  // ChannelState: discriminator, then credit_account (32 bytes).
  return client.programs.paymentConfig.account.channelState.all([{ memcmp: { offset: 8, bytes: creditAccount.toBase58() } }]);
}

export const creditCommands: Command[] = [
  {
    path: ["credits", "buy"],
    summary: "Buys data credits with $SYNQ (buy_credits): part is burned, part goes to the treasury, the rest waits in escrow for the operators who serve them.",
    args: ["AMOUNT"],
    flags: { tier: { type: "string", help: "standard (default) or premium" } },
    details: "AMOUNT is in $SYNQ, e.g. 10 or 2.5. Credits = base units x the credit rate; they cannot be transferred.",
    async run(ctx, flags, [amountText]) {
      const client = ctx.client;
      const decimals = await synqDecimals(client);
      const amount = parseSynq(amountText, decimals, "AMOUNT");
      const tier = tierFlag(flags.tier, false) as Exclude<TierName, "free">;
      const buyer = client.provider.wallet.publicKey;
      const config = await client.payments.fetchConfig();
      const signature = await client.send(await client.payments.buyCredits({ buyer, buyerTokens: getAssociatedTokenAddressSync(config.mint, buyer), amount, tier, config }));
      const parts = splitPayment(amount, config.feeSplit);
      const credits = amount * BigInt(config.creditRate.toString());
      const account = (await client.payments.fetchCreditAccount(buyer))!;
      return {
        json: { signature, paid: amount, credits, tier, burned: parts.burned, toTreasury: parts.toTreasury, toOperators: parts.toRewards, balance: BigInt(account.balance.toString()) },
        text: [
          `bought ${credits} credits (${tier}) for ${showSynq(amount, decimals)}: ${showSynq(parts.burned, decimals)} burned, ${showSynq(parts.toTreasury, decimals)} to the treasury, ${showSynq(parts.toRewards, decimals)} in escrow for operators`,
          `balance ${account.balance.toString()} credits (tx ${signature})`,
        ],
      };
    },
  },
  {
    path: ["credits", "show"],
    summary: "The wallet's credit account and its payment channels to nodes.",
    async run(ctx) {
      const client = ctx.client;
      const owner = client.provider.wallet.publicKey;
      const creditAccount = paymentsPda.creditAccount(owner);
      const account = await client.payments.fetchCreditAccount(owner);
      if (account === null) {
        return { json: { creditAccount, exists: false, tier: "free" }, text: [`no credit account yet (${creditAccount.toBase58()}): the Free tier's quotas apply; \`synq credits buy AMOUNT\` makes one`] };
      }
      const channels = (await channelsOf(client, creditAccount)).map(({ account: c }) => ({
        node: c.node,
        deposit: BigInt(c.deposit.toString()),
        settledCredits: BigInt(c.settledCredits.toString()),
        nonce: BigInt(c.nonce.toString()),
        closeRequestedAt: c.closeRequestedAt.toNumber(),
      }));
      const json = { creditAccount, tier: tierName(account.tier), balance: BigInt(account.balance.toString()), purchased: BigInt(account.purchased.toString()), consumed: BigInt(account.consumed.toString()), channels };
      return {
        json,
        text: [
          `credit account ${creditAccount.toBase58()} (${json.tier})`,
          `balance ${json.balance}, purchased ${json.purchased}, consumed ${json.consumed} credits`,
          ...channels.map((c) => `channel to ${c.node.toBase58()}: ${c.deposit} locked, ${c.settledCredits} settled (receipt nonce ${c.nonce})${c.closeRequestedAt ? `, close requested at ${new Date(c.closeRequestedAt * 1000).toISOString()}` : ""}`),
        ],
      };
    },
  },
  {
    path: ["cost", "estimate"],
    summary: "What usage costs at the on-chain price table (usage above the tier's free quota, each line rounded up).",
    flags: {
      "storage-gb": { type: "string", help: "GB stored (decimal allowed)" },
      months: { type: "string", help: "for how many months (default 1; decimal allowed)" },
      queries: { type: "string", help: "queries" },
      vectors: { type: "string", help: "vectors" },
      tier: { type: "string", help: "standard (default), premium or free" },
    },
    async run(ctx, flags) {
      const client = ctx.client;
      const gb = Number(flags["storage-gb"] ?? "0");
      const months = Number(flags.months ?? "1");
      if (!Number.isFinite(gb) || gb < 0) throw new UsageError(`--storage-gb must be a number of GB, got "${String(flags["storage-gb"])}"`);
      if (!Number.isFinite(months) || months <= 0) throw new UsageError(`--months must be a positive number, got "${String(flags.months)}"`);
      const tier = tierFlag(flags.tier, true);
      const usage = { storageBytes: BigInt(Math.round(gb * 1e9)), months, queries: parseCount(flags.queries as string | undefined, "--queries", 0n), vectors: parseCount(flags.vectors as string | undefined, "--vectors", 0n) };
      const estimate = await client.payments.estimate(usage, tier);
      const decimals = await synqDecimals(client);
      return {
        json: { tier, ...usage, baseUnits: estimate.baseUnits, credits: estimate.credits },
        text: [`${estimate.credits} credits = ${showSynq(estimate.baseUnits, decimals)} on the ${tier} tier`],
      };
    },
  },
  {
    path: ["usage"],
    summary: "What a storage node metered for the wallet (signed GET /v1/usage): counts, credits owed and receipted, the channel.",
    flags: { node: { type: "string", help: "the node's registry address (default: the best Active node)" } },
    async run(ctx, flags) {
      const client = ctx.client;
      const [node] = await chooseNodes(client, typeof flags.node === "string" ? { node: parseKey(flags.node, "--node") } : {});
      const db = await client.data({ node: node.address, countQueries: false });
      const { metering, usage } = (await db.usage()) as { metering?: Record<string, unknown>; usage?: Record<string, unknown> };
      const m = metering ?? {};
      return {
        json: { node: node.address, endpoint: node.endpoint, usage: usage ?? null, metering: metering ?? null },
        text: [
          `node ${node.address.toBase58()} (${node.endpoint})`,
          metering === undefined
            ? "the node does not meter (it runs without --wallet-auth)"
            : `${String(m.tier)} tier, period ${String(m.period)}: ${String(m.queries)} queries, ${String(m.vectors)} vectors, ${String(m.storageByteSeconds)} byte-seconds; ${String(m.credits)} credits owed, ${String(m.receipted)} receipted${m.refused ? `; refused: ${String(m.refused)}` : ""}`,
        ],
      };
    },
  },
];
