/**
 * `npm run bench` (indexer part). Against a fresh localnet, deployment and PostgreSQL database:
 *
 * 1. lag from confirmation (sendTransaction answered: localnet executes on receipt) to
 *    visibility over GraphQL (the event reaching a GraphQL subscription, published right after
 *    the row is committed), p50/p99 at 50 and 200 tx/s (runtime_probe `echo`, pre-signed);
 *    baseline: the RPC's own getSlot round trip in the same run;
 * 2. GraphQL p99 with 50 concurrent clients (autocannon) on an account page query; baseline:
 *    `{ _meta { slot } }` (no database) in the same run;
 * 3. backfill: accounts per second for N (default 50,000) runtime_probe Blob accounts written
 *    by a second indexer on an empty database; baseline: the bare getProgramAccounts call.
 *
 * Targets (issue 7): lag p99 < 500 ms at 200 tx/s; GraphQL p99 < 30 ms.
 *   npm run bench -w indexer -- [--accounts N] [--seconds S] [--quick] [--only lag|graphql|backfill]
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, type TransactionInstruction } from "@solana/web3.js";
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { SynqClient, loadConfig } from "@synq/sdk";

import { deploy } from "../../migrations/deploy";
import { startLocalnet, type Localnet } from "../../scripts/lib/localnet";
import { createTestDatabase, type TestDatabase } from "../test/support";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ACCOUNTS = option("--accounts", quick ? 5_000 : 50_000);
const SECONDS = option("--seconds", quick ? 4 : 10);
/** `--only lag|graphql|backfill`: one part (all by default). */
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const runs = (part: string): boolean => only === undefined || only === part;
const out = (line: string): void => console.log(`[bench:indexer] ${line}`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface IndexerChild {
  child: ChildProcess;
  graphqlUrl: string;
  logs: Record<string, unknown>[];
}

function startIndexer(localnet: Localnet, databaseUrl: string): Promise<IndexerChild> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(__dirname, "..", "src", "cli.ts"), "--rpc-url", localnet.rpcUrl, "--ws-url", localnet.wsUrl, "--port", "0"],
    { env: { ...process.env, DATABASE_URL: databaseUrl, SYNQ_LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const logs: Record<string, unknown>[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      process.stderr.write(`${line}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`indexer exited (${code})`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const ready = JSON.parse(line) as { graphqlUrl?: string };
      if (ready.graphqlUrl !== undefined) resolve({ child, graphqlUrl: ready.graphqlUrl, logs });
    });
  });
}

async function stopIndexer(indexer: IndexerChild): Promise<void> {
  if (indexer.child.exitCode !== null) return;
  const exited = new Promise((resolve) => indexer.child.once("exit", resolve));
  indexer.child.kill("SIGTERM");
  await exited;
}

async function waitLive(graphqlUrl: string): Promise<void> {
  for (;;) {
    const health = await fetch(graphqlUrl.replace("/graphql", "/health"));
    if (health.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Arrival time of each event signature on a GraphQL subscription. */
function subscribeArrivals(graphqlUrl: string, arrivals: Map<string, number>): { ready: Promise<void>; close(): void } {
  const controller = new AbortController();
  const ready = (async () => {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: `subscription { eventEmitted(program: "runtime_probe", name: "Echoed") { signature } }` }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    void (async () => {
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const now = performance.now();
          buffer += Buffer.from(value).toString("utf8");
          let cut;
          while ((cut = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 1);
            const m = /"signature":"(\w+)"/.exec(line);
            if (m !== null && !arrivals.has(m[1]!)) arrivals.set(m[1]!, now);
          }
        }
      } catch {
        // aborted
      }
    })();
  })();
  return { ready, close: () => controller.abort() };
}

async function lagAt(client: SynqClient, payer: Keypair, graphqlUrl: string, rate: number): Promise<{ p50: number; p99: number; achieved: number; count: number }> {
  const { connection } = client;
  const count = rate * SECONDS;
  const probe = client.programs.runtimeProbe;
  const { blockhash } = await connection.getLatestBlockhash("confirmed");
  const wire: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const ix = await probe.methods.echo(new BN(rate * 1_000_000 + i), "lag").accounts({ caller: payer.publicKey }).instruction();
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(ix);
    tx.sign(payer);
    wire.push(tx.serialize());
  }
  const arrivals = new Map<string, number>();
  const sub = subscribeArrivals(graphqlUrl, arrivals);
  await sub.ready;
  await new Promise((r) => setTimeout(r, 300));
  const confirmed = new Map<string, number>();
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      connection.sendRawTransaction(wire[i]!, { skipPreflight: true }).then((signature) => {
        confirmed.set(signature, performance.now());
      }),
    );
  }
  await Promise.all(inflight);
  const achieved = count / ((performance.now() - started) / 1000);
  const deadline = performance.now() + 30_000;
  while ([...confirmed.keys()].some((s) => !arrivals.has(s)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  sub.close();
  const lags = [...confirmed].map(([s, t]) => (arrivals.get(s) ?? Infinity) - t).map((l) => Math.max(0, l));
  return { p50: percentile(lags, 50), p99: percentile(lags, 99), achieved, count };
}

/** 50 clients; `rate` caps the total requests per second (undefined: as fast as they can). */
async function cannon(url: string, query: string, rate?: number, bypassCache = false): Promise<{ p50: number; p99: number; rps: number; errors: number }> {
  const result = await autocannon({
    url,
    method: "POST",
    connections: 50,
    duration: SECONDS,
    ...(rate === undefined ? {} : { overallRate: rate }),
    headers: { "content-type": "application/json", ...(bypassCache ? { "cache-control": "no-cache" } : {}) },
    body: JSON.stringify({ query }),
  });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

async function createBlobs(client: SynqClient, funder: Keypair, count: number): Promise<void> {
  const probe = client.programs.runtimeProbe;
  const { connection } = client;
  const perTx = 6;
  const rent = await connection.getMinimumBalanceForRentExemption(64);
  let { blockhash } = await connection.getLatestBlockhash("confirmed");
  let created = 0;
  const send = async (): Promise<void> => {
    while (created < count) {
      const n = Math.min(perTx, count - created);
      created += n;
      const owners = Array.from({ length: n }, () => Keypair.generate());
      const ixs: TransactionInstruction[] = [];
      for (const owner of owners) {
        ixs.push(SystemProgram.transfer({ fromPubkey: funder.publicKey, toPubkey: owner.publicKey, lamports: rent * 2 }));
        ixs.push(await probe.methods.initBlob().accounts({ owner: owner.publicKey }).instruction());
      }
      const tx = new Transaction({ feePayer: funder.publicKey, recentBlockhash: blockhash }).add(...ixs);
      tx.sign(funder, ...owners);
      await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    }
  };
  const refresh = setInterval(() => {
    void connection.getLatestBlockhash("confirmed").then((b) => (blockhash = b.blockhash));
  }, 5_000);
  try {
    await Promise.all(Array.from({ length: 16 }, send));
  } finally {
    clearInterval(refresh);
  }
}

async function main(): Promise<void> {
  if (args.includes("--help")) {
    console.log("usage: bench/run.ts [--accounts N] [--seconds S] [--quick] [--only lag|graphql|backfill]");
    return;
  }
  const payer = Keypair.generate();
  const localnet = await startLocalnet({ args: ["--rpc-port", "0"], upgradeAuthority: payer.publicKey });
  const dbs: TestDatabase[] = [];
  const indexers: IndexerChild[] = [];
  try {
    process.env.SYNQ_RPC_URL = localnet.rpcUrl;
    process.env.SYNQ_WS_URL = localnet.wsUrl;
    process.env.SYNQ_DEPLOYMENT = join(mkdtempSync(join(tmpdir(), "synq-bench-")), "deployment.json");
    const client = new SynqClient(SynqClient.provider(loadConfig(), payer));
    const airdrop = await client.connection.requestAirdrop(payer.publicKey, 1_000_000 * LAMPORTS_PER_SOL);
    await client.connection.confirmTransaction({ signature: airdrop, ...(await client.connection.getLatestBlockhash()) }, "confirmed");
    await deploy({ payer, log: () => undefined });

    dbs.push(await createTestDatabase());
    const live = await startIndexer(localnet, dbs[0]!.url);
    indexers.push(live);
    await waitLive(live.graphqlUrl);

    const rtt: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const t = performance.now();
      await client.connection.getSlot();
      rtt.push(performance.now() - t);
    }
    out(`baseline: RPC getSlot round trip p50 ${percentile(rtt, 50).toFixed(1)} ms, p99 ${percentile(rtt, 99).toFixed(1)} ms`);
    for (const rate of runs("lag") ? [50, 200] : []) {
      const lag = await lagAt(client, payer, live.graphqlUrl, rate);
      out(
        `lag at ${rate} tx/s (achieved ${lag.achieved.toFixed(0)} tx/s, ${lag.count} tx): p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms` +
          (rate === 200 ? ` (target p99 < 500 ms: ${lag.p99 < 500 ? "met" : "NOT met"})` : ""),
      );
    }

    if (runs("graphql")) {
      const pageQuery = "{ stakingStakeConfigs { nodes { address totalStaked } } events(first: 20, orderBy: SLOT_DESC) { nodes { signature name } } }";
      // Flat out: each of the 50 clients sends its next request as soon as the previous answers.
      const meta = await cannon(live.graphqlUrl, "{ _meta { slot } }", undefined, true);
      out(`baseline: GraphQL { _meta } (no database, no cache), 50 clients flat out: p50 ${meta.p50} ms, p99 ${meta.p99} ms, ${meta.rps.toFixed(0)} req/s`);
      const uncached = await cannon(live.graphqlUrl, pageQuery, undefined, true);
      out(
        `GraphQL accounts+events page, no cache, 50 clients flat out: p50 ${uncached.p50} ms, p99 ${uncached.p99} ms, ${uncached.rps.toFixed(0)} req/s, ` +
          `errors ${uncached.errors} (${(uncached.p99 / Math.max(1, meta.p99)).toFixed(1)}x the { _meta } baseline; target p99 < 30 ms: ${uncached.p99 < 30 ? "met" : "NOT met"})`,
      );
      const cached = await cannon(live.graphqlUrl, pageQuery);
      out(
        `GraphQL accounts+events page, response cache (cleared on every index change), 50 clients flat out: p50 ${cached.p50} ms, p99 ${cached.p99} ms, ` +
          `${cached.rps.toFixed(0)} req/s, errors ${cached.errors} (target p99 < 30 ms: ${cached.p99 < 30 ? "met" : "NOT met"})`,
      );
    }
    if (!runs("backfill")) return;
    const t0 = performance.now();
    await createBlobs(client, payer, ACCOUNTS);
    out(`created ${ACCOUNTS} Blob accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const g0 = performance.now();
    const raw = await fetch(localnet.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getProgramAccounts", params: [client.programs.runtimeProbe.programId.toBase58(), { encoding: "base64" }] }),
    });
    const fetched = ((await raw.json()) as { result: unknown[] }).result.length;
    const gpaSeconds = (performance.now() - g0) / 1000;
    out(`baseline: bare getProgramAccounts of ${fetched} accounts: ${(fetched / gpaSeconds).toFixed(0)} accounts/s`);

    dbs.push(await createTestDatabase());
    const fresh = await startIndexer(localnet, dbs[1]!.url);
    indexers.push(fresh);
    for (;;) {
      const done = fresh.logs.find((l) => l.msg === "backfilled" && l.program === "runtime_probe");
      if (done !== undefined) {
        const accounts = Number(done.accounts);
        const ms = Number(done.ms);
        out(`backfill: ${accounts} accounts in ${(ms / 1000).toFixed(1)} s = ${((accounts * 1000) / ms).toFixed(0)} accounts/s (${((accounts * 1000) / ms / (fetched / gpaSeconds)).toFixed(2)}x the bare RPC read)`);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    for (const indexer of indexers) await stopIndexer(indexer);
    for (const db of dbs) await db.drop().catch(() => undefined);
    await localnet.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
