/**
 * Paid access end to end (docs/paid-access.md): a developer with only a wallet and `@synq/sdk`
 * buys credits, funds a channel and stores and queries every data model through
 * `SynqDataClient` on a real node process started with `--network --wallet-auth`, which meters
 * the usage by the on-chain price table, asks for receipts, settles them, advances the epoch and
 * claims; the developer's credits fall by exactly the metered usage. The same with ioredis for
 * KV. Another developer reaches none of it; forged, replayed and oversized receipts are refused;
 * a client that never co-signs and a wallet that never paid are refused with 402; a channel
 * whose close is requested is settled at once.
 */
import { AnchorProvider, BN } from "@coral-xyz/anchor";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { getMint } from "@solana/spl-token";

import {
  KeypairWallet,
  SynqClient,
  USAGE_HEADER,
  chainTime,
  decodeUsageStatement,
  epochRewards,
  paymentsPda,
  periodCredits,
  redisCredentials,
  registryPda,
  signReceipt,
  signRequest,
  splitPayment,
  tokensForShares,
  PaymentRequiredError,
  ReplicaWriteError,
  type SynqDataClient,
} from "@synq/sdk";

import { deployer, deployment, network, synqWallet, tokenBalance, warpClock, type SynqWallet } from "./support";
import { joined, request, startNode, waitFor, type RunningNode } from "./support/storage-node";

const SYNQ = 1_000_000_000n;
const HOUR = 3600;
/** The node asks for a receipt every 2,000 credits (200 queries at the default Standard price). */
const RECEIPT_EVERY = 2_000n;

describe("paid access end to end", function () {
  this.timeout(300_000);
  const scratch = mkdtempSync(join(tmpdir(), "synq-paid-"));
  chmodSync(scratch, 0o755);
  let node: RunningNode | undefined;
  let second: RunningNode | undefined;
  let restore: () => Promise<void> = async () => undefined;

  afterEach(function () {
    if (this.currentTest?.state === "failed" && node !== undefined) console.error(`--- storage node, last lines:\n${node.lines.slice(-40).join("\n")}`);
  });

  after(async () => {
    await node?.child.stop(10_000).catch(() => undefined);
    await second?.child.stop(10_000).catch(() => undefined);
    await restore();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A client of the network signing with `wallet`. */
  async function clientOf(wallet: SynqWallet): Promise<SynqClient> {
    const base = network().client;
    return new SynqClient(new AnchorProvider(base.connection, new KeypairWallet(wallet.key), { commitment: "confirmed" }), { deployment: await deployment() });
  }

  it("a developer buys credits, stores and queries every model through the SDK and ioredis, and the node is paid exactly the metered usage", async () => {
    const client = network().client;
    await deployment();
    const authority = await deployer();
    const [registryConfig, paymentConfig] = await Promise.all([client.registry.fetchConfig(), client.payments.fetchConfig()]);
    restore = async () => {
      const { minStake } = registryConfig;
      await client.send([await client.registry.setParams(authority.publicKey, { minStake }), await client.payments.setParams(authority.publicKey, { epochLengthSeconds: paymentConfig.epochLengthSeconds, prices: paymentConfig.prices })], { signers: [authority] });
    };
    // A small Free tier, so that a wallet that never pays reaches its end in a test.
    const prices = { ...paymentConfig.prices, free: { ...paymentConfig.prices.free, freeQueries: new BN(20) } };
    await client.send(
      [await client.registry.setParams(authority.publicKey, { minStake: 10n * SYNQ }), await client.payments.setParams(authority.publicKey, { epochLengthSeconds: HOUR, prices })],
      { signers: [authority] },
    );

    const operator = await synqWallet(10n * SYNQ);
    const delegator = await synqWallet(5n * SYNQ);
    const nodeFlags = ["--stake", "10", "--wallet-auth", "--receipt-every", RECEIPT_EVERY.toString()];
    node = await startNode(operator, join(scratch, "node"), nodeFlags);
    // A delegator stakes with the node; its warm-up ends with the operator's (or just after).
    await waitFor("the node's pool", async () => (await client.staking.fetchPool(operator.pubkey)) !== null);
    await client.send(await client.staking.stake({ owner: delegator.pubkey, operator: operator.pubkey, ownerTokens: delegator.tokens, amount: 5n * SYNQ }), { signers: [delegator.key] });
    await joined(client, operator);
    const warming = (await client.staking.fetchPosition(operator.pubkey, delegator.pubkey))!;
    const left = warming.warming.activeAt.toNumber() - (await chainTime(client.connection));
    if (left >= 0) await warpClock(left + 1);
    await client.send(await client.staking.activateStake({ owner: delegator.pubkey, operator: operator.pubkey }));
    const address = registryPda.node(operator.pubkey);
    const epoch = await waitFor("an open payment epoch with time left", async () => {
      const current = await client.payments.currentEpoch();
      const open = (await client.payments.fetchEpoch(current))!;
      return open.startedAt.toNumber() + HOUR > (await chainTime(client.connection)) + 600 ? { number: current, startedAt: open.startedAt.toNumber() } : undefined;
    });

    // The developer: a wallet with $SYNQ, credits on the Standard tier, a channel to the node.
    const alice = await synqWallet(100n * SYNQ);
    const aliceClient = await clientOf(alice);
    const { mint, treasury, rewardVault, feeSplit } = await client.payments.fetchConfig();
    const ledger = async () => ({
      alice: await tokenBalance(alice.tokens),
      supply: (await getMint(client.connection, mint, "confirmed")).supply,
      treasury: await tokenBalance(treasury),
      vault: await tokenBalance(rewardVault),
    });
    const beforePurchase = await ledger();
    await aliceClient.send(await aliceClient.payments.buyCredits({ buyer: alice.pubkey, buyerTokens: alice.tokens, amount: 10n * SYNQ, tier: "standard" }), { signers: [alice.key] });
    // Every $SYNQ of the purchase: burned, to the treasury, or in escrow in the reward vault.
    const parts = splitPayment(10n * SYNQ, feeSplit);
    const afterPurchase = await ledger();
    assert.deepEqual(
      [beforePurchase.alice - afterPurchase.alice, beforePurchase.supply - afterPurchase.supply, afterPurchase.treasury - beforePurchase.treasury, afterPurchase.vault - beforePurchase.vault],
      [10n * SYNQ, parts.burned, parts.toTreasury, parts.toRewards],
    );
    const creditsBought = BigInt((await client.payments.fetchCreditAccount(alice.pubkey))!.balance.toString());
    const db: SynqDataClient = await aliceClient.data({ deposit: 1_000_000n });
    assert.ok(db.node.address.equals(address), "the registry's only Active node was chosen");

    // Every model, through the signed client.
    await db.kv.set("greeting", "hello");
    assert.equal(await db.kv.get("greeting"), "hello");
    await db.documents.createCollection("users");
    await db.documents.insert("users", [{ _id: "u1", name: "Ada", age: 36 }, { _id: "u2", name: "Alan", age: 41 }]);
    assert.deepEqual((await db.documents.find("users", { age: { $gt: 40 } })).map((d) => d.name), ["Alan"]);
    await db.vectors.createCollection("emb", { dimension: 2 });
    await db.vectors.upsert("emb", [{ id: "a", vector: [1, 0] }, { id: "b", vector: [0, 1] }]);
    assert.equal((await db.vectors.search("emb", [0.9, 0.1], { k: 1 }))[0].id, "a");
    await db.timeseries.createSeries("temp");
    assert.equal(await db.timeseries.ingest("temp", [[1000, 20.5], [2000, 21]]), 2);
    assert.deepEqual(await db.timeseries.range("temp", { from: 0, to: 3000 }), [[1000, 20.5], [2000, 21]]);

    // Enough use that the node asks for receipts (every 2,000 credits); the client co-signs them.
    for (let i = 0; i < 450; i++) await db.kv.set(`k${i}`, `v${i}`);
    const metered = await waitFor("a co-signed receipt", async () => {
      const usage = (await db.usage()).metering as { receipted: string; credits: string };
      return BigInt(usage.receipted) >= RECEIPT_EVERY ? usage : undefined;
    });
    assert.ok(BigInt(metered.credits) >= BigInt(metered.receipted));

    const creditsBeforeResp = BigInt(((await db.usage()).metering as { credits: string }).credits);
    // ioredis with a signed session, in the same namespace; its usage is paid through the channel.
    const redis = new Redis({ port: node.respPort, lazyConnect: true, maxRetriesPerRequest: 0, ...(await redisCredentials(node.http, alice.key)) });
    await redis.connect();
    try {
      await waitFor("the session's credit account", async () => (await redis.set("from-redis", "1").then(() => true, () => false)));
      assert.equal(await redis.get("greeting"), "hello", "RESP and HTTP share the credit account's namespace");
      for (let i = 0; i < 50; i++) await redis.incr("counter");
      assert.equal(await redis.get("counter"), "50");
    } finally {
      redis.disconnect();
    }
    // The RESP usage is in the next statement; a client that shares the wallet with ioredis pays it.
    const shared = await aliceClient.data({ node: address, countQueries: false });
    // 53 or more commands at 10 credits (a period, hence its counts, may end with an epoch meanwhile).
    await waitFor("the RESP usage metered", async () => BigInt(((await shared.usage()).metering as { credits: string }).credits) >= creditsBeforeResp + 530n);
    let paid = await shared.payUsage();
    const last = decodeUsageStatement(((await shared.usage()).metering as { statement: string }).statement);
    const row = (await client.payments.fetchConfig()).prices.standard;
    assert.equal(last.credits, last.priorCredits + periodCredits(row, 1n, last), "the statement's credits are its counts at the table's prices");
    assert.ok(paid > 0n && paid <= last.credits);

    // The node's metering survives a restart (SIGTERM): its statements carry on where they were.
    await node.child.stop(10_000);
    node = await startNode(operator, join(scratch, "node"), nodeFlags);
    const restarted = node;
    await waitFor("the new endpoint in the registry", async () => (await client.registry.fetchNode(operator.pubkey))?.endpoint === restarted.http);
    const alice2 = await aliceClient.data({ node: address, countQueries: false });
    const afterRestart = decodeUsageStatement(((await alice2.usage()).metering as { statement: string }).statement);
    assert.equal(afterRestart.period, last.period);
    assert.ok(afterRestart.queries >= last.queries && afterRestart.credits >= last.credits, "nothing metered was lost");

    // Governance doubles the Standard price of queries: the node ends the period (its credits
    // carried as prior credits) and prices the next at the new row, which the client checks.
    const doubled = { ...prices, standard: { ...prices.standard, perMillionQueries: prices.standard.perMillionQueries.muln(2) } };
    await client.send(await client.payments.setParams(authority.publicKey, { prices: doubled }), { signers: [authority] });
    const repriced = await waitFor("a new period at the new prices", async () => {
      const st = decodeUsageStatement(((await alice2.usage()).metering as { statement: string }).statement);
      return st.period > afterRestart.period ? st : undefined;
    });
    assert.ok(repriced.priorCredits >= afterRestart.credits);
    for (let i = 0; i < 10; i++) await alice2.kv.get("greeting");
    const newPeriod = decodeUsageStatement(((await alice2.usage()).metering as { statement: string }).statement);
    assert.equal(newPeriod.period, repriced.period);
    assert.equal(newPeriod.credits, newPeriod.priorCredits + periodCredits(doubled.standard, 1n, newPeriod));
    assert.ok(newPeriod.queries >= 10n);
    paid = await alice2.payUsage();
    assert.ok(paid >= newPeriod.credits);

    // Bob, another developer, reaches nothing of Alice's: his namespace is his credit account.
    const bob = await synqWallet(0n);
    const asBob = async (method: string, path: string, body = "") =>
      request(`${node!.http}${path}`, { method, headers: { "content-type": "application/json", ...(await signRequest(bob.key, { node: address, method, path, body: Buffer.from(body) })) }, body: body || undefined });
    const bobRead = await asBob("GET", "/v1/kv/greeting");
    assert.deepEqual([bobRead.status, ((await bobRead.json()) as { value: unknown }).value], [200, null]);
    assert.deepEqual(((await (await asBob("GET", "/v1/kv")).json()) as { keys: string[] }).keys, []);
    assert.deepEqual(((await (await asBob("GET", "/v1/collections")).json()) as { collections: unknown[] }).collections, []);
    // Bob never paid: past the Free tier's 20 queries he is refused with 402 and told what to do.
    let refusal: { status: number; text: string } | undefined;
    for (let i = 0; i < 40 && refusal === undefined; i++) {
      const res = await asBob("GET", "/v1/kv/nothing");
      if (res.status === 402) refusal = { status: res.status, text: await res.text() };
      else await new Promise((r) => setTimeout(r, 100));
    }
      assert.ok(refusal, "a wallet that never paid is refused past the free quota");
    assert.match(refusal.text, /Free tier's quota is used up.*buy credits/);

    // A paying client that never co-signs is refused past twice the receipt interval.
    const carol = await synqWallet(100n * SYNQ);
    const carolClient = await clientOf(carol);
    await carolClient.send(await carolClient.payments.buyCredits({ buyer: carol.pubkey, buyerTokens: carol.tokens, amount: 1n * SYNQ, tier: "standard" }), { signers: [carol.key] });
    await carolClient.send(await carolClient.payments.fundChannel({ owner: carol.pubkey, node: address, amount: 1_000_000n }), { signers: [carol.key] });
    // A Redis session of hers, served (by the socket thread's fast path) before the limit.
    const carolRedis = new Redis({ port: node.respPort, lazyConnect: true, maxRetriesPerRequest: 0, ...(await redisCredentials(node.http, carol.key)) });
    await carolRedis.connect();
    await waitFor("Carol's session", async () => carolRedis.set("r", "1").then(() => true, () => false));
    assert.equal(await carolRedis.get("r"), "1");
    let statusCarol = 0;
    let statementCarol: string | null = null;
    for (let i = 0; i < 2_000 && statusCarol !== 402; i++) {
      const res = await request(`${node.http}/v1/kv/x`, { headers: await signRequest(carol.key, { node: address, method: "GET", path: "/v1/kv/x", body: new Uint8Array() }) });
      statusCarol = res.status;
      statementCarol = res.headers[USAGE_HEADER] ?? statementCarol;
    }
    assert.equal(statusCarol, 402, "unreceipted usage past the limit is refused");
    assert.ok(statementCarol !== null, "the node asked for a receipt before refusing");
    const metrics = await (await request(`${node.http}/metrics`)).text();
    assert.match(metrics, /synq_storage_meter_refused_accounts [2-9]/, "Bob and Carol are refused");
    assert.match(metrics, /synq_storage_meter_receipts_accepted_total [1-9]/);
    // The same session is refused now, fast-path commands included, with what to do.
    try {
      await assert.rejects(carolRedis.get("r"), /PAYMENT .*unreceipted.*co-sign a receipt/);
      await assert.rejects(carolRedis.incr("n"), /PAYMENT/);
    } finally {
      carolRedis.disconnect();
    }
    // Carol pays, then asks for her deposit back: the node settles her receipt at once, before
    // the epoch's settlement window (she could withdraw the deposit after the close delay).
    const carolPaid = await (await carolClient.data({ node: address, countQueries: false })).payUsage();
    assert.ok(carolPaid >= 2n * RECEIPT_EVERY);
    await carolClient.send(await carolClient.payments.closeChannel({ owner: carol.pubkey, node: address, close: "request" }), { signers: [carol.key] });
    await waitFor("Carol's early settlement", async () => {
      const c = await client.payments.fetchChannel(paymentsPda.creditAccount(carol.pubkey), address);
      return c !== null && BigInt(c.settledCredits.toString()) === carolPaid;
    }, 20_000);

    // Receipts the node refuses: forged (Bob signs for Alice's channel), replayed (an old nonce),
    // more than the channel holds.
    const post = (receipt: ReturnType<typeof signReceipt>, signer = receipt.signer) =>
      request(`${node!.http}/v1/receipts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ creditAccount: paymentsPda.creditAccount(alice.pubkey).toBase58(), signer: signer.toBase58(), cumulativeCredits: receipt.cumulativeCredits.toString(), nonce: receipt.nonce.toString(), signature: Buffer.from(receipt.signature).toString("base64") }),
      });
    const forged = signReceipt(bob.key, { node: address, mint, cumulativeCredits: 10n, nonce: 1n << 60n });
    assert.equal((await post(forged, alice.pubkey)).status, 400);
    const replayed = signReceipt(alice.key, { node: address, mint, cumulativeCredits: 10n, nonce: 1n });
    assert.equal(((await (await post(replayed)).json()) as { accepted: boolean }).accepted, false);
    const oversized = signReceipt(alice.key, { node: address, mint, cumulativeCredits: 10n ** 12n, nonce: 1n << 62n });
    const refusedOversized = await post(oversized);
    assert.equal(refusedOversized.status, 400);
    assert.match(await refusedOversized.text(), /channel to this node holds/);

    // Into the epoch's last twentieth the node settles Alice's newest receipt; then it advances and claims.
    const channelBefore = (await client.payments.fetchChannel(paymentsPda.creditAccount(alice.pubkey), address))!;
    const poolBefore = (await client.staking.fetchPool(operator.pubkey))!;
    const delegatorBefore = await client.staking.positionValue(operator.pubkey, delegator.pubkey);
    await warpClock(epoch.startedAt + HOUR - 60 - (await chainTime(client.connection)));
    const settled = await waitFor("Alice's settlement", async () => {
      const c = await client.payments.fetchChannel(paymentsPda.creditAccount(alice.pubkey), address);
      return c !== null && BigInt(c.settledCredits.toString()) === paid ? c : undefined;
    });
    const vaultBeforeClaim = await tokenBalance(rewardVault);
    await warpClock(120);
    await waitFor("the claim", async () => (await client.payments.fetchClaimStatus(epoch.number, address)) !== null);

    // Alice's credits: bought = balance + locked in the channel; consumed = exactly what she signed.
    const credit = (await client.payments.fetchCreditAccount(alice.pubkey))!;
    assert.equal(BigInt(credit.consumed.toString()), paid);
    assert.equal(BigInt(credit.balance.toString()) + BigInt(settled.deposit.toString()) + paid, creditsBought);
    assert.equal(BigInt(settled.deposit.toString()), BigInt(channelBefore.deposit.toString()) - paid);
    // The node's reward is the epoch's pool at its weight; it reached its staking pool.
    const rewards = await epochRewards(client.payments, epoch.number);
    const reward = rewards.rewards.find((r) => r.node.equals(address))!;
    assert.ok(reward.amount > 0n);
    const poolAfter = (await client.staking.fetchPool(operator.pubkey))!;
    const commission = (reward.amount * BigInt(poolBefore.commissionBps)) / 10_000n;
    assert.equal(BigInt(poolAfter.totalTokens.toString()), BigInt(poolBefore.totalTokens.toString()) + reward.amount - commission);
    assert.equal(vaultBeforeClaim - (await tokenBalance(rewardVault)), reward.amount, "the reward left the vault, nothing else");
    // The pool holds more tokens per share: the delegator's stake is worth what the SDK computes.
    const position = (await client.staking.fetchPosition(operator.pubkey, delegator.pubkey))!;
    const delegatorAfter = await client.staking.positionValue(operator.pubkey, delegator.pubkey);
    assert.equal(delegatorAfter, tokensForShares(position.shares, BigInt(poolAfter.totalTokens.toString()), poolAfter.totalShares));
    assert.ok(delegatorAfter > delegatorBefore, "the delegator's share value rose");
  });

  it("keeps data on two nodes when asked: writes go to both, reads fail over when one stops", async () => {
    const client = network().client;
    const operator = await synqWallet(10n * SYNQ);
    second = await startNode(operator, join(scratch, "second"), ["--stake", "10", "--wallet-auth"]);
    await joined(client, operator);
    const dave = await synqWallet(100n * SYNQ);
    const daveClient = await clientOf(dave);
    await daveClient.send(await daveClient.payments.buyCredits({ buyer: dave.pubkey, buyerTokens: dave.tokens, amount: 1n * SYNQ, tier: "standard" }), { signers: [dave.key] });
    const db = await daveClient.data({ replicas: 2, deposit: 100_000n });
    assert.equal(db.sessions.length, 2);
    const processes = [node!, second];
    const running = db.sessions.map((s) => processes.find((p) => p.http === s.node.endpoint)!);
    assert.ok(running.every((p) => p !== undefined) && running[0] !== running[1], "both nodes, one session each");

    await db.kv.set("shared", "on both");
    for (const session of db.sessions) assert.equal((await session.call<{ value: string }>("GET", "/v1/kv/shared")).value, "on both");

    // The first-ranked node stops: reads are served by the other; a write reaches only one and says so.
    await running[0].child.stop(10_000);
    assert.equal(await db.kv.get("shared"), "on both");
    await assert.rejects(db.kv.set("later", "x"), (err: Error) => err instanceof ReplicaWriteError && /1 of 2 nodes did not take the write/.test(err.message));
    assert.equal(await db.sessions[1].call<{ value: string }>("GET", "/v1/kv/later").then((r) => r.value), "x");

    // A client whose deposit is spent stops and says so, having signed no more than it locked.
    const erin = await synqWallet(100n * SYNQ);
    const erinClient = await clientOf(erin);
    await erinClient.send(await erinClient.payments.buyCredits({ buyer: erin.pubkey, buyerTokens: erin.tokens, amount: 1n * SYNQ, tier: "standard" }), { signers: [erin.key] });
    const small = await erinClient.data({ node: db.sessions[1].node.address, deposit: 200n });
    let stopped: Error | undefined;
    for (let i = 0; i < 200 && stopped === undefined; i++) await small.kv.set(`e${i}`, "x").catch((err: Error) => (stopped = err));
    assert.ok(stopped instanceof PaymentRequiredError, String(stopped));
    assert.match(stopped.message, /spent.*fund/);
    const metering = (await small.usage()).metering as { receipted: string; channel: { funded: string } };
    assert.equal(metering.channel.funded, "200");
    assert.ok(BigInt(metering.receipted) <= 200n, "never signed past the deposit");
  });
});
