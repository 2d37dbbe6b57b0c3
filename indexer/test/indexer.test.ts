/**
 * The indexer against a real localnet (tests/support starts one on free ports) and a real
 * PostgreSQL (a fresh database): backfill, live indexing of every account type and event,
 * closures, GraphQL queries, a subscription, and gap repair after a websocket drop.
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, SystemProgram } from "@solana/web3.js";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import pino from "pino";

import { registryPda, type SynqClient } from "@synq/sdk";

import { activateStakes, deployer, deployment, fundedKeypair, mintTo, network, synqWallet, tokenAccount, type SynqWallet } from "../../tests/support";
import { startIndexerApp, type IndexerApp } from "../src/app";
import { MIGRATIONS_DIR } from "../src/migrate";
import { answeredChallenge, anchorEvents, bringUpNode, compareWithChain, echo, send, SYNQ } from "./chain";
import { camelKeys, createTestDatabase, gql, normalizeAnchor, query, sleep, waitFor, type TestDatabase } from "./support";

/** Waits until every signature's events are in the table and the indexer reports no lag. */
async function indexed(app: IndexerApp, signatures: string[]): Promise<void> {
  await waitFor("the indexer to catch up", async () => {
    const expected = (await Promise.all(signatures.map(anchorEvents))).reduce((n, e) => n + e.length, 0);
    const { rows } = await app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE signature = ANY($1)", [signatures]);
    if (rows[0]!.n !== expected) {
      const names = (await app.pool.query<{ name: string; program: string }>("SELECT program, name FROM events WHERE signature = ANY($1) ORDER BY signature, idx", [signatures])).rows;
      const anchor = (await Promise.all(signatures.map(anchorEvents))).flat().map((e) => e.name);
      throw new Error(`${rows[0]!.n} events indexed, ${expected} expected: ${JSON.stringify(names)} vs ${JSON.stringify(anchor)}`);
    }
    return app.indexer.lagSlots <= 1 ? true : undefined;
  });
  // Closures are checked a moment after their transaction: wait until the tables equal the chain.
  await waitFor("the tables to equal getProgramAccounts", async () => ((await compareWithChain(app.pool)) >= 0 ? true : undefined));
}

describe("indexer over localnet and PostgreSQL", () => {
  let db: TestDatabase;
  let app: IndexerApp;
  let client: SynqClient;
  let a: SynqWallet;
  let b: SynqWallet;
  let watcher: Keypair;
  const sent: string[] = [];
  let closedChallenge: string;

  before(async () => {
    client = network().client;
    await deployment();
    const authority = await deployer();
    await send(client, client.registry.setParams(authority.publicKey, { minStake: 10n * SYNQ, challengeIntervalSlots: 1, responseWindowSlots: 50 }), authority);
    db = await createTestDatabase();
    app = await startIndexerApp({
      rpcUrl: network().rpcUrl,
      wsUrl: network().wsUrl,
      databaseUrl: db.url,
      port: 0,
      log: pino({ level: process.env.SYNQ_LOG_LEVEL ?? "silent" }),
    });
    await app.indexer.whenReady();
  });

  after(async () => {
    await app?.stop();
    await db?.drop();
  });

  it("backfills the deployment: every account equals getProgramAccounts", async () => {
    const compared = await compareWithChain(app.pool);
    assert.ok(compared >= 4, `expected the four configs at least, compared ${compared}`);
    const { rows } = await app.pool.query<{ version: string }>("SELECT version FROM schema_migrations ORDER BY version");
    assert.deepEqual(rows.map((r) => r.version), readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).sort());
    assert.ok(rows.length >= 2);
  });

  it("indexes nodes, pools, positions, challenges and their events as transactions land", async () => {
    a = await synqWallet(50n * SYNQ);
    b = await synqWallet(50n * SYNQ);
    watcher = await fundedKeypair();
    const upA = await bringUpNode(client, a, 40n * SYNQ, 1);
    const upB = await bringUpNode(client, b, 20n * SYNQ, 0.5);
    const challengeA = await answeredChallenge(client, a, upA.storage, watcher);
    closedChallenge = challengeA.challenge.toBase58();
    // B's challenge stays open.
    sent.push(...upA.signatures, ...upB.signatures, ...challengeA.signatures);
    sent.push(await send(client, client.registry.issueChallenge(watcher.publicKey, b.pubkey), watcher));
    await indexed(app, sent);

    // Events: exactly what Anchor's EventParser finds in each transaction, in order.
    for (const signature of sent) {
      const expected = await anchorEvents(signature);
      const { rows } = await app.pool.query<{ name: string; data: unknown }>("SELECT name, data FROM events WHERE signature = $1 ORDER BY idx", [signature]);
      assert.deepEqual(rows.map((r) => ({ name: r.name, data: camelKeys(r.data) })), expected.map((e) => ({ name: e.name, data: camelKeys(e.data) })), signature);
    }
    const names = new Set((await app.pool.query<{ name: string }>("SELECT DISTINCT name FROM events")).rows.map((r) => r.name));
    assert.ok(names.size >= 6, `event kinds seen: ${[...names].join(", ")}`);

    // Accounts: every type equals the chain; the answered challenge is kept, marked closed.
    await compareWithChain(app.pool);
    const closed = await query<{ registryChallenge: { closed: boolean; closedSlot: string | null; sequence: string } | null }>(
      app.graphqlUrl,
      `query($a: String!) { registryChallenge(address: $a) { closed closedSlot sequence } }`,
      { a: closedChallenge },
    );
    assert.equal(closed.registryChallenge?.closed, true);
    assert.ok(Number(closed.registryChallenge?.closedSlot) > 0);
    const open = await query<{ registryChallenges: { totalCount: number; nodes: { node: string }[] } }>(
      app.graphqlUrl,
      `{ registryChallenges { totalCount nodes { node } } }`,
    );
    assert.equal(open.registryChallenges.totalCount, 1);

    // Typed columns hold the node's values.
    const nodeA = (await client.registry.fetchNode(a.pubkey))!;
    const gqlNode = await query<{ registryNodes: { nodes: Record<string, unknown>[] } }>(
      app.graphqlUrl,
      `query($op: String!) { registryNodes(where: { operator: $op }) { nodes { operator endpoint region capacityBytes models status qosBps metricsBytesTransferred metricsSessionsServed commitmentSize slot } } }`,
      { op: a.pubkey.toBase58() },
    );
    assert.equal(gqlNode.registryNodes.nodes.length, 1);
    const row = gqlNode.registryNodes.nodes[0]!;
    assert.equal(row.endpoint, nodeA.endpoint);
    assert.equal(row.region, 3);
    assert.equal(row.capacityBytes, String(1n << 30n));
    assert.equal(row.models, "5", "u32 is a BigInt (GraphQL Int is signed 32-bit)");
    assert.equal(row.status, "Active");
    assert.equal(row.qosBps, nodeA.qosBps);
    assert.equal(row.metricsBytesTransferred, nodeA.metrics.bytesTransferred.toString());
    assert.equal(row.metricsSessionsServed, "7");
    assert.equal(row.commitmentSize, nodeA.commitment.size.toString());
  });

  it("serves domain queries, filters, ordering and cursor pagination", async () => {
    const top = await query<{ topNodes: { rank: number; address: string; qosBps: number; stake: string; pool: { operator: string } | null }[] }>(
      app.graphqlUrl,
      `{ topNodes(first: 10) { rank address qosBps stake pool { operator } } }`,
    );
    assert.equal(top.topNodes.length, 2);
    const [first, second] = top.topNodes;
    assert.ok(first!.qosBps >= second!.qosBps, "ranked by QoS");
    const nodeA = (await client.registry.fetchNode(a.pubkey))!;
    const poolA = (await client.staking.fetchPool(a.pubkey))!;
    const entryA = top.topNodes.find((n) => n.pool?.operator === a.pubkey.toBase58())!;
    assert.equal(entryA.qosBps, nodeA.qosBps);
    assert.equal(entryA.stake, poolA.totalTokens.toString());

    const ordered = await query<{ stakingStakePools: { nodes: { totalTokens: string }[] } }>(
      app.graphqlUrl,
      `{ stakingStakePools(orderBy: { field: totalTokens, direction: DESC }) { nodes { totalTokens } } }`,
    );
    const totals = ordered.stakingStakePools.nodes.map((n) => BigInt(n.totalTokens));
    assert.deepEqual(totals, [...totals].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
    assert.deepEqual(totals.slice(0, 2), [40n * SYNQ, 20n * SYNQ]);

    const filtered = await query<{ stakingStakePools: { nodes: unknown[] } }>(
      app.graphqlUrl,
      `{ stakingStakePools(where: { totalTokens_gt: "${30n * SYNQ}" }) { nodes { address } } }`,
    );
    assert.equal(filtered.stakingStakePools.nodes.length, 1);

    // Every position, one page at a time: all of them, none twice.
    const all = await query<{ stakingStakePositions: { totalCount: number } }>(app.graphqlUrl, `{ stakingStakePositions { totalCount } }`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { stakingStakePositions: { nodes: { address: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await query(
        app.graphqlUrl,
        `query($after: String) { stakingStakePositions(first: 1, after: $after, orderBy: { field: slot }) { nodes { address } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...page.stakingStakePositions.nodes.map((n) => n.address));
      if (!page.stakingStakePositions.pageInfo.hasNextPage) break;
      after = page.stakingStakePositions.pageInfo.endCursor;
    }
    assert.equal(seen.length, all.stakingStakePositions.totalCount);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.length >= 2);

    const meta = await query<{ _meta: { slot: string; lagSlots: number; live: boolean } }>(app.graphqlUrl, `{ _meta { slot lagSlots live } }`);
    assert.ok(Number(meta._meta.slot) > 0);
    assert.ok(meta._meta.lagSlots <= 2);
    assert.equal(meta._meta.live, true);

    // Domain queries of account types that may not exist yet answer without failing.
    const tolerant = await gql(app.graphqlUrl, `{ proposal(address: "${a.pubkey.toBase58()}") { tally { yes } } epoch(number: 0) { claimCount } developer(owner: "${a.pubkey.toBase58()}") { owner channels { address } } }`);
    assert.equal(tolerant.errors, undefined, JSON.stringify(tolerant.errors));
  });

  it("shows a developer's credits and usage events, and the current epoch (payment_config)", async () => {
    const { mint } = await deployment();
    const authority = await deployer();
    const dev = await fundedKeypair();
    const devTokens = await tokenAccount(mint, dev.publicKey);
    await mintTo(mint, devTokens, 5n * SYNQ, authority);
    const signature = await send(client, client.payments.buyCredits({ buyer: dev.publicKey, buyerTokens: devTokens, amount: 2n * SYNQ }), dev);
    await indexed(app, [signature]);
    const credits = (await client.payments.fetchCreditAccount(dev.publicKey))!;
    const view = await query<{ developer: { credits: { address: string; data: Record<string, unknown> } | null; usage: { name: string; signature: string }[] } }>(
      app.graphqlUrl,
      `query($o: String!) { developer(owner: $o) { credits { address data } usage { name signature } } }`,
      { o: dev.publicKey.toBase58() },
    );
    assert.ok(view.developer.credits !== null, "the credit account is indexed");
    assert.deepEqual(camelKeys(view.developer.credits.data), camelKeys(normalizeAnchor(credits)));
    assert.deepEqual(view.developer.usage.map((u) => [u.name, u.signature]), [["CreditsPurchased", signature]]);

    const current = await client.payments.currentEpoch();
    const chainEpoch = (await client.payments.fetchEpoch(current))!;
    const epoch = await query<{ epoch: { account: { data: Record<string, unknown> }; claimCount: number } | null }>(
      app.graphqlUrl,
      `query($n: BigInt!) { epoch(number: $n) { account { data } claimCount } }`,
      { n: current.toString() },
    );
    assert.ok(epoch.epoch !== null);
    assert.deepEqual(camelKeys(epoch.epoch.account.data), camelKeys(normalizeAnchor(chainEpoch)));
    assert.equal(epoch.epoch.claimCount, 0);
  });

  it("shows a proposal with its votes and tally (governance)", async () => {
    const gov = client.governance;
    const whale = await synqWallet(1_000n * SYNQ);
    await send(client, client.staking.createPool({ operator: whale.pubkey, commissionBps: 0 }), whale.key);
    await send(client, client.staking.stake({ owner: whale.pubkey, operator: whale.pubkey, ownerTokens: whale.tokens, amount: 1_000n * SYNQ }), whale.key);
    await activateStakes(client, [{ owner: whale.pubkey, operator: whale.pubkey }]);
    const proposed = await gov.proposeParamChange({
      proposer: whale.pubkey,
      operator: whale.pubkey,
      program: "registry",
      params: { reportEpochSeconds: new BN(7_200) },
      title: "Longer report epochs",
      descriptionUri: "https://synq.example/p/1",
      options: { signers: [whale.key] },
    });
    const votes = [
      await gov.vote({ voter: whale.pubkey, operator: whale.pubkey, index: proposed.index, choice: "yes", options: { signers: [whale.key] } }),
      await gov.vote({ voter: a.pubkey, operator: a.pubkey, index: proposed.index, choice: "no", options: { signers: [a.key] } }),
    ];
    await indexed(app, [proposed.signature, ...votes]);
    const chain = await gov.fetchProposal(proposed.index);
    const view = await query<{
      proposal: { account: { data: Record<string, unknown> }; votes: { data: { choice: string; weight: string } }[]; tally: { yes: string; no: string; abstain: string; voters: number; source: string } } | null;
    }>(app.graphqlUrl, `query($p: String!) { proposal(address: $p) { account { data } votes { data } tally { yes no abstain voters source } } }`, {
      p: proposed.proposal.toBase58(),
    });
    assert.ok(view.proposal !== null);
    assert.deepEqual(camelKeys(view.proposal.account.data), camelKeys(normalizeAnchor(chain)));
    assert.deepEqual(view.proposal.votes.map((v) => [v.data.choice, v.data.weight]).sort(), [["No", String(40n * SYNQ)], ["Yes", String(1_000n * SYNQ)]]);
    assert.deepEqual(view.proposal.tally, { yes: String(1_000n * SYNQ), no: String(40n * SYNQ), abstain: "0", voters: 2, source: "proposal" });
    assert.equal(view.proposal.tally.yes, chain.yesWeight.toString());
    // Events emitted under CPI belong to the program that emitted them.
    const { rows } = await app.pool.query<{ program: string; name: string }>("SELECT program, name FROM events WHERE signature = $1 ORDER BY idx", [votes[0]]);
    assert.deepEqual(rows, [{ program: "staking", name: "VoteLockChanged" }, { program: "governance", name: "VoteCast" }]);
  });

  it("logs and counts an account it cannot decode, and goes on", async () => {
    const stray = Keypair.generate();
    const { connection, wallet } = network();
    const programId = client.programs.runtimeProbe.programId;
    // An account the runtime_probe program owns whose data no IDL account type describes.
    const create = SystemProgram.createAccount({
      fromPubkey: wallet.publicKey,
      newAccountPubkey: stray.publicKey,
      lamports: await connection.getMinimumBalanceForRentExemption(16),
      space: 16,
      programId,
    });
    await client.send(create, { signers: [stray] });
    const after = await echo(client, 5, "after the stray account");
    await waitFor("the stray account to be recorded", async () => {
      const { rows } = await app.pool.query<{ reason: string }>("SELECT reason FROM undecoded_accounts WHERE address = $1", [stray.publicKey.toBase58()]);
      return rows[0]?.reason;
    }).then((reason) => assert.match(reason, /unknown discriminator 0000000000000000/));
    await indexed(app, [after]);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(metrics, /synq_indexer_undecoded_accounts_total\{program="runtime_probe"\} [1-9]/);
    const health = await fetch(`${app.url}/health`);
    assert.equal(health.status, 200);
  });

  it("skips (logs, counts) a row the database refuses instead of stalling", async () => {
    const probe = client.programs.runtimeProbe;
    const owner = await fundedKeypair();
    await client.send(await probe.methods.initBlob().accounts({ owner: owner.publicKey }).instruction(), { signers: [owner] });
    const table = "acct_runtime_probe_blob";
    await waitFor("the blob row", async () => ((await app.pool.query(`SELECT 1 FROM ${table} WHERE owner = $1`, [owner.publicKey.toBase58()])).rows.length > 0 ? true : undefined));
    await app.pool.query(`ALTER TABLE ${table} ADD CONSTRAINT test_small_blobs CHECK (size < 5)`);
    try {
      await client.send(await probe.methods.resizeBlob(10).accounts({ owner: owner.publicKey }).instruction(), { signers: [owner] });
      const after = await echo(client, 6, "after a refused row");
      await waitFor("the echo after the refused row", async () => {
        const { rows } = await app.pool.query("SELECT 1 FROM events WHERE signature = $1", [after]);
        return rows.length > 0 ? true : undefined;
      });
      const { rows } = await app.pool.query<{ size: string }>(`SELECT size FROM ${table} WHERE owner = $1`, [owner.publicKey.toBase58()]);
      assert.equal(rows[0]?.size, "0", "the refused update was skipped");
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      assert.match(metrics, /synq_indexer_errors_total\{kind="row"\} [1-9]/);
    } finally {
      await app.pool.query(`ALTER TABLE ${table} DROP CONSTRAINT test_small_blobs`);
    }
    // The skipped row heals with the account's next change.
    await client.send(await probe.methods.resizeBlob(3).accounts({ owner: owner.publicKey }).instruction(), { signers: [owner] });
    await waitFor("the blob's next change", async () => {
      const { rows } = await app.pool.query<{ size: string }>(`SELECT size FROM ${table} WHERE owner = $1`, [owner.publicKey.toBase58()]);
      return rows[0]?.size === "3" ? true : undefined;
    });
  });

  it("answers bad queries with GraphQL errors: unknown fields, page size, depth and cost limits", async () => {
    const unknown = await gql(app.graphqlUrl, `{ nope }`);
    assert.match(unknown.errors?.[0]?.message ?? "", /Cannot query field "nope"/);
    const big = await gql(app.graphqlUrl, `{ registryNodes(first: 1001) { nodes { address } } }`);
    assert.match(big.errors?.[0]?.message ?? "", /first must be between/);
    const cursor = await gql(app.graphqlUrl, `{ registryNodes(after: "garbage") { nodes { address } } }`);
    assert.match(cursor.errors?.[0]?.message ?? "", /invalid cursor/);
    const nested = await gql(app.graphqlUrl, `{ topNodes { node { address } pool { address } } }`);
    assert.equal(nested.errors, undefined, "a legitimate nested query passes");
    const deep = await gql(app.graphqlUrl, `{ topNodes { node { a { b { c { d { e { f { g } } } } } } } } }`);
    assert.ok(deep.errors?.some((e) => /depth/i.test(e.message)), JSON.stringify(deep.errors));
    const aliases = Array.from({ length: 1500 }, (_, i) => `q${i}: registryNodes { edges { node { address operator endpoint pool qosBps } } }`).join(" ");
    const costly = await gql(app.graphqlUrl, `{ ${aliases} }`);
    assert.match(costly.errors?.[0]?.message ?? "", /cost/i);
  });

  /** Subscribes over SSE, runs `trigger`, returns the first `data:` payload containing `needle`. */
  async function firstNotification(subscription: string, trigger: () => Promise<string>): Promise<unknown> {
    const controller = new AbortController();
    const response = await fetch(app.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: subscription }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    await sleep(200);
    const needle = await trigger();
    let text = "";
    const deadline = Date.now() + 15_000;
    try {
      while (!text.includes(needle) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString("utf8");
      }
    } finally {
      controller.abort();
    }
    const line = text.split("\n").find((l) => l.startsWith("data:") && l.includes(needle));
    assert.ok(line !== undefined, `no notification with ${needle} in ${text.slice(0, 500)}`);
    return JSON.parse(line.slice(5));
  }

  it("delivers new events and account changes to GraphQL subscriptions (over SSE)", async () => {
    let signature = "";
    const event = (await firstNotification(`subscription { eventEmitted(program: "runtime_probe", name: "Echoed") { signature name slot data } }`, async () => {
      signature = await echo(client, 4242, "subscribed");
      return signature;
    })) as { data: { eventEmitted: { signature: string; name: string; data: { value: string; note: string } } } };
    assert.equal(event.data.eventEmitted.signature, signature);
    assert.equal(event.data.eventEmitted.name, "Echoed");
    assert.equal(event.data.eventEmitted.data.value, "4242");
    assert.equal(event.data.eventEmitted.data.note, "subscribed");

    const node = registryPda.node(b.pubkey).toBase58();
    const change = (await firstNotification(`subscription { accountChanged(program: "registry", type: "Node", address: "${node}") { address type slot closed data } }`, async () => {
      await send(client, client.registry.updateNode(b.pubkey, { endpoint: "https://b.subscribed.example" }), b.key);
      return "https://b.subscribed.example";
    })) as { data: { accountChanged: { address: string; type: string; closed: boolean; data: { endpoint: string } } } };
    assert.equal(change.data.accountChanged.address, node);
    assert.equal(change.data.accountChanged.type, "Node");
    assert.equal(change.data.accountChanged.closed, false);
    assert.equal(change.data.accountChanged.data.endpoint, "https://b.subscribed.example");
  });

  it("answers from its response cache only until the index changes", async () => {
    const latest = `{ events(where: { program: "runtime_probe", name: "Echoed" }, first: 1000) { nodes { signature } } }`;
    const first = await query<{ events: { nodes: { signature: string }[] } }>(app.graphqlUrl, latest);
    const again = await query<{ events: { nodes: { signature: string }[] } }>(app.graphqlUrl, latest);
    assert.deepEqual(again, first);
    const signature = await echo(client, 77, "cache");
    await waitFor("the echo row", async () => {
      const { rows } = await app.pool.query("SELECT 1 FROM events WHERE signature = $1", [signature]);
      return rows.length > 0 ? true : undefined;
    });
    await sleep(20);
    const fresh = await query<{ events: { nodes: { signature: string }[] } }>(app.graphqlUrl, latest);
    assert.ok(!first.events.nodes.some((n) => n.signature === signature));
    assert.ok(fresh.events.nodes.some((n) => n.signature === signature), "the write cleared the cached answer");
  });

  it("repairs the gap after the websocket drops (getSignaturesForAddress + getTransaction)", async () => {
    const metricValue = async (): Promise<number> => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      const m = /^synq_indexer_repaired_transactions_total (\d+)/m.exec(text);
      return Number(m?.[1] ?? 0);
    };
    const before = await metricValue();
    app.indexer.dropConnection(2_500);
    await waitFor("the drop", async () => (app.indexer.connected ? undefined : true));
    const gap: string[] = [];
    for (let i = 0; i < 5; i += 1) gap.push(await echo(client, 1000 + i, `gap ${i}`));
    gap.push(await send(client, client.registry.updateNode(a.pubkey, { endpoint: "https://moved.example" }), a.key));
    assert.equal(app.indexer.connected, false, "the transactions went out while disconnected");
    await indexed(app, gap);
    assert.ok((await metricValue()) >= before + 6, "the gap came from the repair path");
    const node = await query<{ registryNodes: { nodes: { endpoint: string }[] } }>(
      app.graphqlUrl,
      `query($op: String!) { registryNodes(where: { operator: $op }) { nodes { endpoint } } }`,
      { op: a.pubkey.toBase58() },
    );
    assert.equal(node.registryNodes.nodes[0]?.endpoint, "https://moved.example");
    const { rows } = await app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE signature = ANY($1)", [gap]);
    assert.equal(rows[0]!.n, 6);
    await compareWithChain(app.pool);
  });

  it("is idempotent: replaying the whole history changes no row", async () => {
    const snapshot = async (): Promise<string> => {
      const tables = (await app.pool.query<{ table_name: string }>("SELECT table_name FROM indexer_tables ORDER BY 1")).rows;
      const parts: string[] = [];
      for (const { table_name } of tables) {
        const { rows } = await app.pool.query(`SELECT address, slot, closed, data, updated_at FROM "${table_name}" ORDER BY address`);
        parts.push(JSON.stringify(rows));
      }
      parts.push(JSON.stringify((await app.pool.query("SELECT signature, idx, data FROM events ORDER BY signature, idx")).rows));
      return parts.join("\n");
    };
    await sleep(500);
    const before = await snapshot();
    await app.pool.query("DELETE FROM cursors");
    app.indexer.dropConnection(0);
    await waitFor("the replay", async () => (app.indexer.connected && app.indexer.lagSlots <= 1 ? true : undefined));
    await sleep(1_000);
    assert.equal(await snapshot(), before);
  });
});
