/** `synq node status`: a node as the registry and its pool see it. */
import type { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { DataModel, nodeStatusName, registryPda, type NodeInfo, type SynqClient } from "@synq/sdk";

import { parseCount, parseKey, showSynq, synqDecimals } from "../amounts";
import { UsageError, type Command, type Flags } from "../cli";

const MODELS: Record<string, number> = { kv: DataModel.Kv, documents: DataModel.Documents, vectors: DataModel.Vectors, timeseries: DataModel.TimeSeries };

const INFO_FLAGS = {
  endpoint: { type: "string" as const, help: "public HTTP URL clients reach the node at" },
  region: { type: "string" as const, help: "region code, e.g. UN M49 (default 0)" },
  capacity: { type: "string" as const, help: "storage offered, bytes" },
  models: { type: "string" as const, help: "data models served: kv,documents,vectors,timeseries (default all)" },
};

/** The node fields the flags give (only those given). */
function nodeInfo(flags: Flags): Partial<NodeInfo> {
  const info: Partial<NodeInfo> = {};
  if (typeof flags.endpoint === "string") {
    if (!/^https?:\/\/\S{1,120}$/.test(flags.endpoint)) throw new UsageError(`--endpoint must be an http(s) URL of at most 128 characters, got "${flags.endpoint}"`);
    info.endpoint = flags.endpoint;
  }
  if (typeof flags.region === "string") {
    const region = Number(parseCount(flags.region, "--region", 0n));
    if (region > 65_535) throw new UsageError("--region must be 0..65535");
    info.region = region;
  }
  if (typeof flags.capacity === "string") info.capacityBytes = parseCount(flags.capacity, "--capacity", 0n);
  if (typeof flags.models === "string") {
    info.models = flags.models.split(",").reduce((bits, name) => {
      const bit = MODELS[name.trim()];
      if (bit === undefined) throw new UsageError(`--models takes ${Object.keys(MODELS).join(",")}; got "${name}"`);
      return bits | bit;
    }, 0);
  }
  return info;
}

/** An operator action on the wallet's own node. */
function ownNodeCommand(word: string, summary: string, build: (client: SynqClient, operator: PublicKey, flags: Flags) => Promise<TransactionInstruction>, flags?: Command["flags"]): Command {
  return {
    path: ["node", word],
    summary,
    flags,
    async run(ctx, given) {
      const client = ctx.client;
      const operator = client.provider.wallet.publicKey;
      const signature = await client.send(await build(client, operator, given));
      const node = await client.registry.fetchNode(operator);
      const status = node === null ? "Deregistered" : nodeStatusName(node.status);
      return { json: { signature, node: registryPda.node(operator), status }, text: [`node ${registryPda.node(operator).toBase58()}: ${status} (tx ${signature})`] };
    },
  };
}

export const nodeCommands: Command[] = [
  {
    path: ["node", "status"],
    summary: "A node's registry entry (status, endpoint, QoS, commitment, proofs) and its pool's stake.",
    args: ["NODE?"],
    details: "NODE is the node's registry address or its operator's key (default: the wallet's own node).",
    async run(ctx, _flags, [nodeText]) {
      const client = ctx.client;
      const key = nodeText === undefined ? client.provider.wallet.publicKey : parseKey(nodeText, "NODE");
      const node = (await client.programs.registry.account.node.fetchNullable(key)) ?? (await client.registry.fetchNode(key));
      if (node === null) throw new UsageError(`no node at ${key.toBase58()} or operated by it`);
      const pool = await client.staking.fetchPool(node.operator);
      const decimals = await synqDecimals(client);
      const json = {
        node: registryPda.node(node.operator),
        operator: node.operator,
        status: nodeStatusName(node.status),
        endpoint: node.endpoint,
        region: node.region,
        qosBps: node.qosBps,
        committedBytes: BigInt(node.commitment.size.toString()),
        proofsPassed: BigInt(node.metrics.proofsPassed.toString()),
        proofsFailed: BigInt(node.metrics.proofsFailed.toString()),
        stake: BigInt((pool?.totalTokens ?? 0).toString()),
      };
      return {
        json,
        text: [
          `node ${json.node.toBase58()} (operator ${json.operator.toBase58()}): ${json.status}`,
          `endpoint ${json.endpoint}, region ${json.region}, QoS ${json.qosBps} bps`,
          `committed ${json.committedBytes} bytes; proofs passed ${json.proofsPassed}, failed ${json.proofsFailed}`,
          `pool stake ${showSynq(json.stake, decimals)}`,
        ],
      };
    },
  },
  ownNodeCommand(
    "register",
    "Registers the wallet's node (the operator's pool must hold the minimum stake, active: `synq stake N --node <your key>`, then `--activate`).",
    (client, operator, flags) => {
      const given = nodeInfo(flags);
      if (given.endpoint === undefined) throw new UsageError("--endpoint is required");
      const all = Object.values(MODELS).reduce((a, b) => a | b, 0);
      return client.registry.registerNode(operator, { endpoint: given.endpoint, region: given.region ?? 0, capacityBytes: given.capacityBytes ?? 0n, models: given.models ?? all });
    },
    INFO_FLAGS,
  ),
  ownNodeCommand(
    "update",
    "Changes the wallet's node's endpoint, region, capacity or models.",
    (client, operator, flags) => {
      const info = nodeInfo(flags);
      if (Object.keys(info).length === 0) throw new UsageError("give at least one of --endpoint, --region, --capacity, --models");
      return client.registry.updateNode(operator, info);
    },
    INFO_FLAGS,
  ),
  ownNodeCommand("pause", "Pauses the wallet's node (no challenges, no rewards) after the status cooldown.", (client, operator) => client.registry.setStatus(operator, operator, "Paused")),
  ownNodeCommand("resume", "Resumes the wallet's paused node (its pool must hold the minimum stake).", (client, operator) => client.registry.setStatus(operator, operator, "Active")),
  ownNodeCommand("deregister", "Closes the wallet's node once its pool holds no active stake and no challenge is open.", (client, operator) => client.registry.deregister(operator)),
];
