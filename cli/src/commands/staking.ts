/** `synq stake|unstake|withdraw|claim`: a token holder's stake in a node's pool, and rewards. */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import type { PublicKey } from "@solana/web3.js";
import { chainTime, sharesForTokens, type SynqClient } from "@synq/sdk";

import { parseCount, parseKey, parseSynq, showSynq, synqDecimals } from "../amounts";
import { UsageError, type Command, type Flags } from "../cli";

/** `--node`: a node's registry address or its operator's key; the operator (whose pool it is). */
export async function operatorOf(client: SynqClient, flags: Flags): Promise<PublicKey> {
  if (typeof flags.node !== "string") throw new UsageError("--node is required: the node's registry address or its operator");
  const key = parseKey(flags.node, "--node");
  const node = await client.programs.registry.account.node.fetchNullable(key);
  if (node !== null) return node.operator;
  if ((await client.staking.fetchPool(key)) !== null) return key;
  throw new UsageError(`${key.toBase58()} is neither a registered node nor an operator with a staking pool`);
}

const NODE_FLAG = { node: { type: "string" as const, help: "the node's registry address or its operator's key (required)" } };

export const stakingCommands: Command[] = [
  {
    path: ["stake"],
    summary: "Stakes $SYNQ in a node's pool; it warms up before it counts (then `synq stake --activate`).",
    args: ["AMOUNT?"],
    flags: {
      ...NODE_FLAG,
      activate: { type: "boolean", help: "activate the stake whose warm-up is over (no AMOUNT)" },
      "commission-bps": { type: "string", help: "an operator's first stake (--node is the wallet's own key): its pool's commission, 0..10000 (default 500)" },
    },
    details: "An operator stakes in its own pool with --node <its own key>; the first time, the pool is created (create_pool) with --commission-bps.",
    async run(ctx, flags, [amountText]) {
      const client = ctx.client;
      const owner = client.provider.wallet.publicKey;
      const own = typeof flags.node === "string" && flags.node === owner.toBase58() && (await client.staking.fetchPool(owner)) === null;
      const commission = Number(flags["commission-bps"] ?? "500");
      if (flags["commission-bps"] !== undefined && !own) throw new UsageError("--commission-bps is for an operator's first stake in its own pool");
      if (!Number.isInteger(commission) || commission < 0 || commission > 10_000) throw new UsageError("--commission-bps must be 0..10000");
      const createPool = own && !flags.activate ? [await client.staking.createPool({ operator: owner, commissionBps: commission })] : [];
      const operator = own ? owner : await operatorOf(client, flags);
      if (flags.activate) {
        if (amountText !== undefined) throw new UsageError("--activate takes no AMOUNT");
        const signature = await client.send(await client.staking.activateStake({ owner, operator }));
        return { json: { signature, operator, activated: true }, text: [`activated the warmed-up stake in ${operator.toBase58()}'s pool (tx ${signature})`] };
      }
      if (amountText === undefined) throw new UsageError("synq stake takes AMOUNT (in $SYNQ), or --activate");
      const decimals = await synqDecimals(client);
      const amount = parseSynq(amountText, decimals, "AMOUNT");
      const ownerTokens = getAssociatedTokenAddressSync(client.requireDeployment().mint, owner);
      const signature = await client.send([...createPool, await client.staking.stake({ owner, operator, ownerTokens, amount })]);
      const position = await client.staking.fetchPosition(operator, owner);
      const activeAt = position?.warming.activeAt.toNumber() ?? 0;
      return {
        json: { signature, operator, amount, activeAt },
        text: [`staked ${showSynq(amount, decimals)} in ${operator.toBase58()}'s pool; it warms up until ${new Date(activeAt * 1000).toISOString()} (chain time), then \`synq stake --activate --node ...\` (tx ${signature})`],
      };
    },
  },
  {
    path: ["unstake"],
    summary: "Starts unbonding stake from a node's pool (request_unstake); `synq withdraw` takes it once unbonded.",
    args: ["AMOUNT?"],
    flags: { ...NODE_FLAG, all: { type: "boolean", help: "unstake every share" } },
    async run(ctx, flags, [amountText]) {
      const client = ctx.client;
      const operator = await operatorOf(client, flags);
      const owner = client.provider.wallet.publicKey;
      const [pool, position] = await Promise.all([client.staking.fetchPool(operator), client.staking.fetchPosition(operator, owner)]);
      if (pool === null || position === null || position.shares.isZero()) throw new UsageError(`the wallet has no active stake in ${operator.toBase58()}'s pool`);
      const decimals = await synqDecimals(client);
      let shares: bigint;
      if (flags.all) shares = BigInt(position.shares.toString());
      else if (amountText !== undefined) shares = sharesForTokens(parseSynq(amountText, decimals, "AMOUNT"), pool.totalTokens, pool.totalShares);
      else throw new UsageError("synq unstake takes AMOUNT (in $SYNQ) or --all");
      if (shares > BigInt(position.shares.toString())) throw new UsageError(`the position holds ${position.shares.toString()} shares; AMOUNT needs ${shares}`);
      const signature = await client.send(await client.staking.requestUnstake({ owner, operator, shares }));
      return { json: { signature, operator, shares }, text: [`unbonding ${shares} shares of ${operator.toBase58()}'s pool (tx ${signature}); \`synq withdraw --node ...\` once unbonded`] };
    },
  },
  {
    path: ["withdraw"],
    summary: "Takes unbonded stake back to the wallet's $SYNQ account.",
    flags: NODE_FLAG,
    async run(ctx, flags) {
      const client = ctx.client;
      const operator = await operatorOf(client, flags);
      const owner = client.provider.wallet.publicKey;
      const destination = getAssociatedTokenAddressSync(client.requireDeployment().mint, owner);
      const signature = await client.send(await client.staking.withdraw({ owner, operator, destination }));
      return { json: { signature, operator }, text: [`withdrew the unbonded stake from ${operator.toBase58()}'s pool (tx ${signature})`] };
    },
  },
  {
    path: ["claim"],
    summary: "Claims a node's reward of an ended epoch into its staking pool (permissionless; the wallet pays the claim's rent).",
    flags: { ...NODE_FLAG, epoch: { type: "string", help: "the ended epoch (default: the one before the current)" } },
    async run(ctx, flags) {
      const client = ctx.client;
      const operator = await operatorOf(client, flags);
      const current = await client.payments.currentEpoch();
      if (flags.epoch === undefined && current === 0n) throw new UsageError("no epoch has ended yet");
      const epoch = parseCount(flags.epoch as string | undefined, "--epoch", current - 1n);
      const operatorTokens = getAssociatedTokenAddressSync(client.requireDeployment().mint, operator);
      const signature = await client.send(await client.payments.claim({ payer: client.provider.wallet.publicKey, epoch, operator, operatorTokens }));
      return { json: { signature, operator, epoch, at: await chainTime(client.connection) }, text: [`claimed epoch ${epoch} for ${operator.toBase58()}'s node (tx ${signature})`] };
    },
  },
];
