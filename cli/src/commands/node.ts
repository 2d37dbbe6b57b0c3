/** `synq node status`: a node as the registry and its pool see it. */
import { nodeStatusName, registryPda } from "@synq/sdk";

import { parseKey, showSynq, synqDecimals } from "../amounts";
import { UsageError, type Command } from "../cli";

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
];
