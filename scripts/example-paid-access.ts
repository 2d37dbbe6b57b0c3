/**
 * `npm run example:paid-access`: the developer's walkthrough of the README against the network
 * `npm start` runs. A developer wallet (`.synq/developer.json`, made once) gets SOL and $SYNQ
 * from the localnet's faucet, buys credits, locks some for the node and stores and queries
 * every data model through the SDK's data client; then it prints its metered usage and a
 * `redis-cli` command with a signed session.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Keypair } from "@solana/web3.js";

import { SynqClient, formatTokenAmount, paymentsPda, readKeypair, redisCredentials, writeKeypair } from "@synq/sdk";

import { SYNQ_DECIMALS } from "../migrations/deploy";
import { fundFromDeployer } from "./lib/faucet";

const HELP = `Usage: npm run example:paid-access [-- --help]

Runs the README's developer walkthrough against the network \`npm start\` runs: a developer
wallet (.synq/developer.json) gets SOL and 100 $SYNQ from the localnet faucet, buys 10 $SYNQ of
Standard credits, locks 1,000,000 credits for the storage node and stores and queries KV,
documents, vectors and time-series through @synq/sdk; then it prints the metered usage and a
redis-cli command with a signed session. SYNQ_RPC_URL and .synq/deployment.json as for the SDK.`;

const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(HELP);
    return;
  }
  const path = join(".synq", "developer.json");
  if (!existsSync(path)) writeKeypair(path, Keypair.generate());
  const wallet = readKeypair(path);
  const client = SynqClient.connect({ keypair: wallet });
  log(`developer wallet ${wallet.publicKey.toBase58()} (${path})`);

  // 1. Tokens from the localnet faucet (on devnet/mainnet you would buy $SYNQ).
  const unit = 10n ** BigInt(SYNQ_DECIMALS);
  const { tokenAccount } = await fundFromDeployer(wallet.publicKey, 100n * unit);
  // 2. Credits: 10 $SYNQ on the Standard tier (part burned, part to the treasury, part to operators).
  const credit = await client.payments.fetchCreditAccount(wallet.publicKey);
  if (credit === null || BigInt(credit.balance.toString()) < 1_000_000n) {
    await client.send(await client.payments.buyCredits({ buyer: wallet.publicKey, buyerTokens: tokenAccount, amount: 10n * unit, tier: "standard" }));
  }
  const balance = (await client.payments.fetchCreditAccount(wallet.publicKey))!.balance.toString();
  log(`credit account ${paymentsPda.creditAccount(wallet.publicKey).toBase58()}: ${balance} credits (1 credit = 1 base unit; ${formatTokenAmount(BigInt(balance), SYNQ_DECIMALS)} $SYNQ)`);

  // 3. A data client on the best node; 1,000,000 credits locked for it in the payment channel.
  const db = await client.data({ deposit: 1_000_000n });
  log(`node ${db.node.address.toBase58()} at ${db.node.endpoint}`);

  // 4. Every model, each request signed by the wallet.
  await db.kv.set("greeting", "hello, synq");
  log(`kv greeting = ${await db.kv.get("greeting")}`);
  await db.documents.createCollection("users").catch(() => undefined);
  await db.documents.insert("users", [{ name: "Ada", age: 36 }, { name: "Alan", age: 41 }]);
  log(`documents users with age > 40: ${JSON.stringify(await db.documents.find("users", { age: { $gt: 40 } }, { projection: { _id: 0 } }))}`);
  await db.vectors.createCollection("embeddings", { dimension: 3 }).catch(() => undefined);
  await db.vectors.upsert("embeddings", [{ id: "cat", vector: [1, 0, 0] }, { id: "dog", vector: [0.9, 0.1, 0] }, { id: "car", vector: [0, 0, 1] }]);
  log(`vectors nearest to [1, 0.05, 0]: ${(await db.vectors.search("embeddings", [1, 0.05, 0], { k: 2 })).map((h) => h.id).join(", ")}`);
  await db.timeseries.createSeries("temperature").catch(() => undefined);
  const now = Date.now();
  await db.timeseries.ingest("temperature", [[now - 2000, 20.5], [now - 1000, 21]]);
  log(`time-series temperature, last minute: ${JSON.stringify(await db.timeseries.range("temperature", { from: now - 60_000, to: now }))}`);

  // 5. What the node metered, and a redis-cli session signed by the wallet (valid 60 s, once).
  const { metering } = (await db.usage()) as { metering: Record<string, unknown> };
  log(`metered: ${metering.queries} queries, ${metering.vectors} vectors, ${metering.credits} credits owed, ${metering.receipted} receipted`);
  const { username, password } = await redisCredentials(db.node.endpoint, wallet);
  const { respPort } = (await (await fetch(`${db.node.endpoint}/health`)).json()) as { respPort: number };
  const port = respPort;
  log(`redis-cli -p ${port} --user ${username} --pass ${password} --no-auth-warning GET greeting`);
}

main().catch((err: unknown) => {
  console.error(`example:paid-access: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
