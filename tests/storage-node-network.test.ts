/**
 * Storage nodes on the network (docs/storage-node-network.md), as real node processes on the
 * test localnet: a node started with `--network` stakes, registers and commits a snapshot of its
 * real data; it answers the challenges another key issues, across epochs and a kill -9; a node
 * whose snapshot is damaged on disk misses its challenge and is slashed; two nodes settle the
 * receipts they were given, advance the epoch and claim, and their delegators' shares rise.
 */
import { AnchorProvider } from "@coral-xyz/anchor";
import { Connection, Keypair, SystemProgram, type PublicKey } from "@solana/web3.js";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { KeypairWallet, StorageTree, sendTransaction, chainTime, epochRewards, paymentsPda, registryPda, signReceipt, signRequest, tokensForShares, writeKeypair, type SynqClient } from "@synq/sdk";

import { snapshotRecords, SNAPSHOT_TABLES } from "../storage-node/src/network/snapshot";
import { REPO_ROOT } from "../scripts/lib/localnet";
import { jsonLine, startChild } from "../scripts/lib/child";
import { deployer, deployment, fundedKeypair, network, sleep, synqWallet, warpClock, type SynqWallet } from "./support";
import { health, joined as joinedNetwork, request, startNode, waitFor, type RunningNode } from "./support/storage-node";

const SYNQ = 1_000_000_000n;
const HOUR = 3600;

/** A TCP relay to `target` that can be cut (connections refused and dropped) and restored. */
async function relay(target: string): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const { hostname, port, protocol } = new URL(target);
  const sockets = new Set<Socket>();
  let up = true;
  const server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const local = `${protocol}//127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: local,
    cut: () => {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      up = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("storage nodes on the network", function () {
  this.timeout(300_000);
  let client: SynqClient;
  let authority: Keypair;
  let challenger: Keypair;
  const scratch = mkdtempSync(join(tmpdir(), "synq-node-net-"));
  // The embedded PostgreSQL of the indexer runs as another user when this one is root.
  chmodSync(scratch, 0o755);
  const running: RunningNode[] = [];

  // A failed test shows what its nodes said last and whether they were still running.
  afterEach(function () {
    if (this.currentTest?.state !== "failed") return;
    for (const node of running) {
      const { exitCode, signalCode } = node.child.child;
      console.error(`--- storage node ${node.http} (${exitCode === null && signalCode === null ? "running" : `exited: ${exitCode ?? signalCode}`}), last lines:\n${node.lines.slice(-40).join("\n")}`);
    }
  });

  async function launch(operator: SynqWallet, dataDir: string, extra: string[] = [], env?: NodeJS.ProcessEnv): Promise<RunningNode> {
    const node = await startNode(operator, dataDir, extra, env);
    running.push(node);
    return node;
  }

  async function stop(node: RunningNode, signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    if (signal === "SIGKILL") {
      node.child.child.kill("SIGKILL");
      await node.child.exited;
    } else {
      await node.child.stop(10_000);
    }
    running.splice(running.indexOf(node), 1);
  }

  const joined = (operator: SynqWallet): Promise<void> => joinedNetwork(client, operator);

  /** Issues the node's next challenge and waits until it is answered (true) or its window closes (false). */
  async function challenge(operator: PublicKey): Promise<boolean> {
    const before = (await client.registry.fetchNode(operator))!;
    const sequence = before.challengeSequence;
    await client.send(await client.registry.issueChallenge(challenger.publicKey, operator), { signers: [challenger] });
    const { deadlineSlot } = (await client.registry.fetchChallenge(registryPda.node(operator), sequence))!;
    return waitFor(`challenge ${sequence.toString()}`, async () => {
      const node = (await client.registry.fetchNode(operator))!;
      if (node.metrics.proofsPassed.gt(before.metrics.proofsPassed)) return true;
      return (await client.connection.getSlot("confirmed")) > deadlineSlot.toNumber() ? ("missed" as const) : undefined;
    }).then((r) => r === true);
  }

  let restore: () => Promise<void> = async () => undefined;

  before(async () => {
    client = network().client;
    await deployment();
    authority = await deployer();
    const [registry, payments] = await Promise.all([client.registry.fetchConfig(), client.payments.fetchConfig()]);
    restore = async () => {
      const { minStake, challengeIntervalSlots, responseWindowSlots, reportEpochSeconds } = registry;
      await client.send(
        [
          await client.registry.setParams(authority.publicKey, { minStake, challengeIntervalSlots, responseWindowSlots, reportEpochSeconds }),
          await client.payments.setParams(authority.publicKey, { epochLengthSeconds: payments.epochLengthSeconds }),
        ],
        { signers: [authority] },
      );
    };
    challenger = Keypair.generate();
    await client.connection.requestAirdrop(challenger.publicKey, 10e9).then((sig) => client.connection.confirmTransaction(sig, "confirmed"));
    await client.send(
      await client.registry.setParams(authority.publicKey, { minStake: 10n * SYNQ, challengeIntervalSlots: 1, responseWindowSlots: 40, reportEpochSeconds: HOUR }),
      { signers: [authority] },
    );
    await client.send(await client.payments.setParams(authority.publicKey, { epochLengthSeconds: HOUR }), { signers: [authority] });
  });

  after(async () => {
    for (const node of [...running]) await stop(node, "SIGTERM").catch(() => undefined);
    await restore();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("refuses to start, saying why, when the wallet cannot pay for its stake", async () => {
    const poor = await synqWallet(1n * SYNQ);
    const keyFile = join(scratch, "poor.json");
    writeKeypair(keyFile, poor.key);
    const child = await startChild({
      name: "storage-node",
      command: process.execPath,
      args: ["-r", "ts-node/register/transpile-only", join("storage-node", "src", "cli.ts"), "--data-dir", join(scratch, "poor"), "--resp-port", "0", "--http-port", "0", "--network", "--keypair", keyFile, "--stake", "10"],
      cwd: REPO_ROOT,
      parseReady: () => undefined,
      readyTimeoutMs: 60_000,
      failGraceMs: 1_000,
      keepLines: 20,
    }).then(
      () => assert.fail("the node started"),
      (err: Error) => err,
    );
    assert.match(child.message, /--stake 10 \$SYNQ needs 10 \$SYNQ more; the operator's \$SYNQ account holds 1 \$SYNQ/);
  });

  it("registers, stakes and commits a snapshot of its real data, whose root anyone can recompute", async () => {
    const operator = await synqWallet(10n * SYNQ);
    const dataDir = join(scratch, "a");
    const node = await launch(operator, dataDir, ["--stake", "10", "--region", "276"]);
    // Data written before the node joins is in its first commitment.
    await request(`${node.http}/v1/kv/greeting`, { method: "PUT", body: JSON.stringify({ value: "hello from the network" }), headers: { "content-type": "application/json" } });
    await request(`${node.http}/v1/collections/books/docs`, { method: "POST", body: JSON.stringify({ docs: [{ _id: "b1", title: "Proofs of storage" }] }), headers: { "content-type": "application/json" } });
    await joined(operator);

    const account = (await client.registry.fetchNode(operator.pubkey))!;
    assert.equal(account.region, 276);
    assert.equal(account.endpoint, node.http);
    const pool = (await client.staking.fetchPool(operator.pubkey))!;
    assert.equal(BigInt(pool.totalTokens.toString()), 10n * SYNQ);

    // The committed root, recomputed by the SDK's reference tree from the snapshot bytes.
    const root = Buffer.from(account.commitment.root).toString("hex");
    const data = readFileSync(join(dataDir, "snapshots", `${root}.data`));
    assert.equal(new StorageTree(data).root.toString("hex"), root);
    assert.equal(account.commitment.size.toNumber(), data.length);
    // ... and it holds the data written through the API.
    const records = [...snapshotRecords(data)];
    assert.ok(records.some((r) => r.table === SNAPSHOT_TABLES.kv && r.key.toString().endsWith("greeting") && r.value.includes(Buffer.from("hello from the network"))));
    assert.ok(records.some((r) => r.table === SNAPSHOT_TABLES.documents && r.value.includes(Buffer.from("Proofs of storage"))));

    // /health shows what the node last read from the chain.
    const status = await waitFor("the node's health to show its commitment", async () => {
      const network = (await health(node)).network;
      return network.committed === null ? undefined : network;
    });
    assert.equal(status.registered, true);
    assert.equal(status.status, "Active");
    assert.equal((status.committed as { root: string }).root, root);
    const metrics = await (await request(`${node.http}/metrics`)).text();
    assert.match(metrics, /synq_storage_network_registered 1/);
    assert.match(metrics, /synq_storage_network_commitments_total 1/);
  });

  it("answers every challenge from another key across epochs, through a kill -9 and a restart", async () => {
    const operator = await synqWallet(12n * SYNQ);
    const dataDir = join(scratch, "b");
    let node = await launch(operator, dataDir, ["--stake", "10"]);
    await joined(operator);
    await request(`${node.http}/v1/kv/k1`, { method: "PUT", body: JSON.stringify({ value: "v1".repeat(3000) }), headers: { "content-type": "application/json" } });

    for (let epoch = 0; epoch < 3; epoch += 1) {
      assert.equal(await challenge(operator.pubkey), true, `challenge in epoch ${epoch}`);
      const before = (await client.registry.fetchNode(operator.pubkey))!;
      await warpClock(HOUR);
      // A new epoch: a fresh commitment (the data grew) and a report of the service measured.
      await waitFor("the next epoch's commitment and report", async () => {
        const n = (await client.registry.fetchNode(operator.pubkey))!;
        return n.commitment.epoch.gt(before.commitment.epoch) && n.metrics.reports.gt(before.metrics.reports);
      });
      assert.equal(await challenge(operator.pubkey), true, `challenge after the commitment of epoch ${epoch + 1}`);
      if (epoch === 1) {
        await stop(node, "SIGKILL");
        // Restarted with a higher --stake: the difference is staked (and warms up).
        node = await launch(operator, dataDir, ["--stake", "12"]);
        await waitFor("the added stake", async () => (await client.staking.fetchPosition(operator.pubkey, operator.pubkey))?.warming.amount.toString() === (2n * SYNQ).toString());
      }
    }
    const account = (await client.registry.fetchNode(operator.pubkey))!;
    assert.equal(account.metrics.proofsFailed.toNumber(), 0);
    assert.ok(account.metrics.proofsPassed.toNumber() >= 6);
    assert.ok(account.metrics.uptimeSeconds.toNumber() > 0, "reports carry measured uptime");
    const status = (await health(node)).network;
    assert.ok(status.lastChallengeAnswered !== null);
    await stop(node, "SIGTERM");
  });

  it("misses its challenge and is slashed when its committed snapshot is damaged on disk", async () => {
    const operator = await synqWallet(10n * SYNQ);
    const dataDir = join(scratch, "c");
    const node = await launch(operator, dataDir, ["--stake", "10"]);
    await joined(operator);
    const account = (await client.registry.fetchNode(operator.pubkey))!;
    const root = Buffer.from(account.commitment.root).toString("hex");
    // Every chunk loses its bytes (the snapshot of a fresh node is one chunk).
    const file = join(dataDir, "snapshots", `${root}.data`);
    writeFileSync(file, Buffer.alloc(readFileSync(file).length, 0x5a));
    const poolBefore = (await client.staking.fetchPool(operator.pubkey))!;

    assert.equal(await challenge(operator.pubkey), false, "a damaged snapshot cannot answer");
    const sequence = BigInt(account.challengeSequence.toString());
    await client.send(await client.registry.expireChallenge(operator.pubkey, sequence));
    const after = (await client.registry.fetchNode(operator.pubkey))!;
    const poolAfter = (await client.staking.fetchPool(operator.pubkey))!;
    assert.equal(after.metrics.proofsFailed.toNumber(), 1);
    assert.ok(after.qosBps < account.qosBps, `QoS ${after.qosBps} < ${account.qosBps}`);
    assert.ok(poolAfter.totalTokens.lt(poolBefore.totalTokens), "the pool was slashed");
    assert.ok(node.lines.some((line) => /damaged on disk/.test(line)), "the node says why it did not answer");
    assert.match(await (await request(`${node.http}/metrics`)).text(), /synq_storage_network_challenges_missed_total 1/);

    // What a user sees: the indexer's GraphQL ranks the node with its lowered QoS.
    const env = { ...process.env };
    delete env.DATABASE_URL; // an embedded PostgreSQL of its own
    const indexer = await startChild({
      name: "indexer",
      command: process.execPath,
      args: ["-r", "ts-node/register/transpile-only", join("indexer", "src", "cli.ts"), "--port", "0", "--data-dir", join(scratch, "indexer-pg")],
      cwd: REPO_ROOT,
      env,
      parseReady: (line) => {
        const ready = jsonLine(line);
        return ready?.event === "ready" && typeof ready.graphqlUrl === "string" ? ready.graphqlUrl : undefined;
      },
      readyTimeoutMs: 120_000,
      failGraceMs: 10_000,
      keepLines: 30,
    });
    try {
      const address = registryPda.node(operator.pubkey).toBase58();
      const ranked = await waitFor("the node in GraphQL with its new QoS", async () => {
        const res = await request(indexer.ready, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ topNodes(first: 100) { address qosBps status stake } }" }) });
        const body = (await res.json()) as { data?: { topNodes: { address: string; qosBps: number; status: string; stake: string }[] } };
        const row = body.data?.topNodes.find((n) => n.address === address);
        return row !== undefined && row.qosBps === after.qosBps && row.stake === poolAfter.totalTokens.toString() ? row : undefined;
      });
      assert.equal(ranked.status, "Active");
    } finally {
      await indexer.stop(10_000);
    }
  });

  it("two nodes settle one developer's receipts each, advance the epoch, claim, and their delegators' shares rise as computed", async () => {
    const operators = [await synqWallet(10n * SYNQ), await synqWallet(10n * SYNQ)];
    const delegators = [await synqWallet(5n * SYNQ), await synqWallet(5n * SYNQ)];
    // The second node takes wallet-signed requests only (docs/paid-access.md).
    const nodes = [await launch(operators[0], join(scratch, "d"), ["--stake", "10"]), await launch(operators[1], join(scratch, "e"), ["--stake", "10", "--wallet-auth"])];
    // Each node gets a delegator; their stake warms up with the operators' (one warp).
    await waitFor("both pools", async () => (await Promise.all(operators.map((o) => client.staking.fetchPool(o.pubkey)))).every((p) => p !== null));
    for (const [i, d] of delegators.entries()) {
      await client.send(await client.staking.stake({ owner: d.pubkey, operator: operators[i].pubkey, ownerTokens: d.tokens, amount: 5n * SYNQ }), { signers: [d.key] });
    }
    await joined(operators[0]);
    await joined(operators[1]);
    // The delegators staked after the operators: their warm-up may end a moment later than
    // the one joined() warped past (or joined() warped nothing when a node had already activated).
    const warming = await Promise.all(delegators.map((d, i) => client.staking.fetchPosition(operators[i].pubkey, d.pubkey)));
    const lastActiveAt = Math.max(...warming.map((p) => (p === null || p.warming.amount.isZero() ? 0 : p.warming.activeAt.toNumber())));
    const left = lastActiveAt - (await chainTime(client.connection));
    if (left >= 0) await warpClock(left + 1);
    for (const [i, d] of delegators.entries()) await client.send(await client.staking.activateStake({ owner: d.pubkey, operator: operators[i].pubkey }));

    // The epoch the joining warp ended is advanced by the nodes; the usage goes into the next.
    const epoch = await waitFor("an open payment epoch", async () => {
      const current = await client.payments.currentEpoch();
      const open = (await client.payments.fetchEpoch(current))!;
      return open.startedAt.toNumber() + HOUR > (await chainTime(client.connection)) + 300 ? { number: current, startedAt: open.startedAt.toNumber() } : undefined;
    });
    const developer = await synqWallet(1_000n * SYNQ);
    await client.send(await client.payments.buyCredits({ buyer: developer.pubkey, buyerTokens: developer.tokens, amount: 100n * SYNQ }), { signers: [developer.key] });
    const { mint } = await client.payments.fetchConfig();
    const addresses = operators.map((o) => registryPda.node(o.pubkey));
    for (const [i, node] of nodes.entries()) {
      await client.send(await client.payments.fundChannel({ owner: developer.pubkey, node: addresses[i], amount: 1_000_000n }), { signers: [developer.key] });
      // Two receipts each; the node keeps the newest and refuses an older one.
      for (const [credits, nonce] of [[300_000n, 1n], [BigInt(i + 1) * 400_000n, 2n], [100_000n, 1n]]) {
        const receipt = signReceipt(developer.key, { node: addresses[i], mint, cumulativeCredits: credits, nonce });
        const res = await request(`${node.http}/v1/receipts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ creditAccount: receipt.creditAccount.toBase58(), signer: receipt.signer.toBase58(), cumulativeCredits: credits.toString(), nonce: nonce.toString(), signature: Buffer.from(receipt.signature).toString("base64") }),
        });
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { accepted: boolean }).accepted, nonce === 2n || credits === 300_000n);
      }
    }
    // A forged receipt (signed by someone else for the developer's channel) is refused.
    const forged = signReceipt(Keypair.generate(), { node: addresses[0], mint, cumulativeCredits: 999n, nonce: 9n });
    const refused = await request(`${nodes[0].http}/v1/receipts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ creditAccount: paymentsPda.creditAccount(developer.pubkey).toBase58(), signer: developer.pubkey.toBase58(), cumulativeCredits: "999", nonce: "9", signature: Buffer.from(forged.signature).toString("base64") }),
    });
    assert.equal(refused.status, 400);

    // The developer stores data on the wallet-auth node with a request signed for it; unsigned,
    // or signed for the other node, it is refused. It lands in the credit account's namespace.
    const gated = (await (await request(`${nodes[1].http}/health`)).json()) as { auth?: string; node?: string };
    assert.deepEqual([gated.auth, gated.node], ["wallet", addresses[1].toBase58()]);
    const body = JSON.stringify({ value: "paid-for" });
    const signedPut = async (node: PublicKey) => request(`${nodes[1].http}/v1/kv/greeting`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...(await signRequest(developer.key, { node, method: "PUT", path: "/v1/kv/greeting", body: Buffer.from(body) })) },
      body,
    });
    assert.equal((await signedPut(addresses[1])).status, 200);
    assert.equal((await signedPut(addresses[0])).status, 401);
    assert.equal((await request(`${nodes[1].http}/v1/kv/greeting`)).status, 401);
    const read = await request(`${nodes[1].http}/v1/kv/greeting`, { headers: await signRequest(developer.key, { node: addresses[1], method: "GET", path: "/v1/kv/greeting", body: new Uint8Array() }) });
    assert.deepEqual([read.status, ((await read.json()) as { value?: string }).value], [200, "paid-for"]);

    // Into the epoch's last twentieth: both settle; past its end: it advances and both claim.
    await warpClock(epoch.startedAt + HOUR - 60 - (await chainTime(client.connection)));
    await waitFor("both settlements", async () => {
      const channels = await Promise.all(addresses.map((a) => client.payments.fetchChannel(paymentsPda.creditAccount(developer.pubkey), a)));
      return channels.every((c) => c !== null && c.nonce.toNumber() === 2);
    });
    const before = await Promise.all(operators.map((o) => client.staking.fetchPool(o.pubkey)));
    const valuesBefore = await Promise.all(delegators.map((d, i) => client.staking.positionValue(operators[i].pubkey, d.pubkey)));
    await warpClock(120);
    await waitFor("both claims", async () => (await Promise.all(addresses.map((a) => client.payments.fetchClaimStatus(epoch.number, a)))).every((c) => c !== null));
    assert.ok((await client.payments.currentEpoch()) > epoch.number, "a node advanced the epoch");

    // What each node got, recomputed from the chain by the SDK, and what that does to shares.
    const rewards = await epochRewards(client.payments, epoch.number);
    for (const [i, operator] of operators.entries()) {
      const reward = rewards.rewards.find((r) => r.node.equals(addresses[i]))!.amount;
      assert.ok(reward > 0n);
      const pool = before[i]!;
      const commission = (reward * BigInt(pool.commissionBps)) / 10_000n;
      const after = (await client.staking.fetchPool(operator.pubkey))!;
      assert.equal(BigInt(after.totalTokens.toString()), BigInt(pool.totalTokens.toString()) + reward - commission, `pool ${i}`);
      const position = (await client.staking.fetchPosition(operator.pubkey, delegators[i].pubkey))!;
      // The delegator's shares, priced with the pool's tokens before the claim plus what it brought.
      const expected = tokensForShares(position.shares, BigInt(pool.totalTokens.toString()) + reward - commission, pool.totalShares);
      const value = await client.staking.positionValue(operator.pubkey, delegators[i].pubkey);
      assert.equal(value, expected);
      assert.ok(value > valuesBefore[i], `delegator ${i}'s stake rose`);
      assert.match(await (await request(`${nodes[i].http}/metrics`)).text(), /synq_storage_network_claims_total 1/);
      assert.match(await (await request(`${nodes[i].http}/metrics`)).text(), /synq_storage_network_settlements_total 1/);
    }
    // Node 1 served twice the credits of node 0: twice the weight at equal QoS.
    const [r0, r1] = addresses.map((a) => rewards.rewards.find((r) => r.node.equals(a))!);
    if (r0.qosBps === r1.qosBps) assert.equal(r1.weight, 2n * r0.weight);
  });

  it("keeps serving data while the chain is unreachable, and catches up on reconnect", async () => {
    const operator = await synqWallet(10n * SYNQ);
    const rpc = await relay(network().rpcUrl);
    const ws = await relay(network().wsUrl);
    try {
      const node = await launch(operator, join(scratch, "f"), ["--stake", "10", "--rpc-url", rpc.url], { ...process.env, SYNQ_WS_URL: ws.url });
      await joined(operator);
      const before = (await client.registry.fetchNode(operator.pubkey))!;
      rpc.cut();
      ws.cut();
      // A new epoch passes while the node cannot see the chain; its clients notice nothing.
      await warpClock(HOUR);
      for (let i = 0; i < 20; i++) {
        const put = await request(`${node.http}/v1/kv/offline${i}`, { method: "PUT", body: JSON.stringify({ value: `v${i}` }), headers: { "content-type": "application/json" } });
        assert.equal(put.status, 200);
        await sleep(100);
      }
      assert.equal(((await (await request(`${node.http}/v1/kv/offline7`)).json()) as { value: string }).value, "v7");
      await waitFor("a failed pass", async () => /synq_storage_network_chain_errors_total [1-9]/.test(await (await request(`${node.http}/metrics`)).text()));
      rpc.restore();
      ws.restore();
      // Back online: the new epoch's commitment (with the data written offline) and report.
      await waitFor("the commitment and report after reconnecting", async () => {
        const n = (await client.registry.fetchNode(operator.pubkey))!;
        return n.commitment.epoch.gt(before.commitment.epoch) && n.metrics.reports.gt(before.metrics.reports);
      });
      assert.equal(await challenge(operator.pubkey), true, "answers challenges again");
      assert.equal((await health(node)).network.lastError, null);
    } finally {
      await rpc.close();
      await ws.close();
    }
  });

  it("the SDK's sender gives up confirming once the RPC stops answering, instead of waiting for it forever", async () => {
    // web3.js takes a failed block-height poll for "not expired yet": a pass confirming a
    // transaction when the chain went away never ended, so the node never noticed (this test's
    // neighbour above timed out that way in CI).
    const payer = await fundedKeypair();
    const rpc = await relay(network().rpcUrl);
    const ws = await relay(network().wsUrl);
    try {
      ws.cut(); // no signature subscription: only the RPC could tell of the confirmation
      const connection = new Connection(rpc.url, { commitment: "confirmed", wsEndpoint: ws.url });
      const sendRaw = connection.sendRawTransaction.bind(connection);
      connection.sendRawTransaction = async (...args: Parameters<Connection["sendRawTransaction"]>) => {
        const signature = await sendRaw(...args);
        rpc.cut(); // sent, and then the chain is gone
        return signature;
      };
      const provider = new AnchorProvider(connection, new KeypairWallet(payer), { commitment: "confirmed" });
      const started = Date.now();
      const transfer = SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 });
      await assert.rejects(sendTransaction(provider, transfer), /confirmation timed out: the RPC did not answer for 15 s/);
      assert.ok(Date.now() - started < 45_000, `gave up after ${Date.now() - started} ms`);
    } finally {
      await rpc.close();
      await ws.close();
    }
  });
});
