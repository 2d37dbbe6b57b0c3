/** `synq epoch status|advance|settle`: the payment epochs (docs/payments.md). */
import { chainTime, epochRewards, epochStateName, settleEpoch } from "@synq/sdk";

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { parseCount, showSynq, synqDecimals } from "../amounts";
import { UsageError, toJson, type Command } from "../cli";
import { progress } from "../progress";

export const epochCommands: Command[] = [
  {
    path: ["epoch", "status"],
    summary: "The current payment epoch: when it ends, its pool and settled usage so far.",
    async run(ctx) {
      const client = ctx.client;
      const config = await client.payments.fetchConfig();
      const number = BigInt(config.currentEpoch.toString());
      const epoch = await client.payments.fetchEpoch(number);
      const now = await chainTime(client.connection);
      const decimals = await synqDecimals(client);
      if (epoch === null) return { json: { epoch: number, open: false }, text: [`epoch ${number} is not open yet`] };
      const endsAt = epoch.startedAt.toNumber() + config.epochLengthSeconds.toNumber();
      const json = { epoch: number, state: epochStateName(epoch.state), startedAt: epoch.startedAt.toNumber(), endsAt, due: now >= endsAt, pool: BigInt(epoch.pool.toString()), usage: BigInt(epoch.usageTotal.toString()), nodes: epoch.nodeCount, burned: BigInt(config.totalBurned.toString()) };
      return {
        json,
        text: [
          `epoch ${number} (${json.state}), started ${new Date(json.startedAt * 1000).toISOString()}, ${json.due ? "ended: `synq epoch advance` closes it" : `ends ${new Date(endsAt * 1000).toISOString()}`} (chain time)`,
          `pool ${showSynq(json.pool, decimals)}, ${json.usage} credits settled by ${json.nodes} node(s); ${showSynq(json.burned, decimals)} burned since launch`,
        ],
      };
    },
  },
  {
    path: ["epoch", "advance"],
    summary: "Ends the current epoch once its time is up and opens the next (a permissionless crank).",
    async run(ctx) {
      const client = ctx.client;
      const current = await client.payments.currentEpoch();
      const signature = await client.send(await client.payments.advanceEpoch(client.provider.wallet.publicKey, current));
      return { json: { signature, ended: current, opened: current + 1n }, text: [`epoch ${current} ended, ${current + 1n} open (tx ${signature})`] };
    },
  },
  {
    path: ["epoch", "settle"],
    summary: "The settlement job: every node's reward of an ended epoch, as the program computes it, claimed into its staking pool.",
    flags: {
      epoch: { type: "string", help: "the ended epoch (required)" },
      "dry-run": { type: "boolean", help: "print the rewards; claim nothing" },
      out: { type: "string", help: "where to write epoch-N.json, every node's reward (default .synq/distributions)" },
      claim: { type: "boolean", help: "accepted for older scripts: claiming is what the job does" },
    },
    details: "Rewards are computed on chain: floor(pool * weight / total_weight), a node's weight being floor(credits * qos_bps / 10000) of its settled usage (docs/payments.md). Claims are permissionless: the wallet only pays their rent.",
    async run(ctx, flags) {
      if (flags.epoch === undefined) throw new UsageError("--epoch N is required");
      const client = ctx.client;
      const epoch = parseCount(flags.epoch as string, "--epoch", 0n);
      const rewards = await epochRewards(client.payments, epoch);
      const out = resolve(typeof flags.out === "string" ? flags.out : join(".synq", "distributions"));
      mkdirSync(out, { recursive: true });
      const file = join(out, `epoch-${epoch}.json`);
      writeFileSync(file, toJson({ epoch, state: rewards.state, pool: rewards.pool, totalWeight: rewards.totalWeight, claimExpiresAt: rewards.claimExpiresAt, rewards: rewards.rewards }));
      const decimals = await synqDecimals(client);
      const lines = rewards.rewards.map((r) => `${r.node.toBase58()}: ${showSynq(r.amount, decimals)} (credits ${r.credits}, QoS ${r.qosBps} bps)`);
      if (flags["dry-run"]) return { json: { epoch, pool: rewards.pool, rewards: rewards.rewards, file }, text: [`epoch ${epoch}: pool ${showSynq(rewards.pool, decimals)} (${file})`, ...lines] };
      const bar = progress("settle", "nodes");
      const outcomes = await settleEpoch(client, epoch, { onProgress: (done, total) => bar.update(done, total) });
      bar.done();
      const failed = outcomes.filter((o) => o.error !== undefined);
      if (failed.length > 0) throw new Error(`${failed.length} claim(s) failed: ${failed.map((o) => `${o.node.toBase58()}: ${o.error}`).join("; ")}`);
      return {
        json: { epoch, pool: rewards.pool, outcomes, file },
        text: [`epoch ${epoch}: pool ${showSynq(rewards.pool, decimals)} (${file})`, ...outcomes.map((o) => `${o.node.toBase58()}: ${showSynq(o.amount, decimals)} ${o.signature ? `claimed (tx ${o.signature})` : `skipped (${o.skipped})`}`)],
      };
    },
  },
];
