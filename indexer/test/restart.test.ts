/**
 * Kill -9 the indexer (the CLI, as a child process) while transactions stream in, send more
 * while it is down, restart it: every event is there exactly once and the accounts equal the
 * chain again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Pool } from "pg";

import { deployment, network } from "../../tests/support";
import { compareWithChain, echo } from "./chain";
import { createTestDatabase, sleep, waitFor, type TestDatabase } from "./support";

const CLI = join(__dirname, "..", "src", "cli.ts");

interface Child {
  process: ChildProcess;
  graphqlUrl: string;
}

function startCli(databaseUrl: string): Promise<Child> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", CLI, "--rpc-url", network().rpcUrl, "--ws-url", network().wsUrl, "--port", "0"],
    { env: { ...process.env, DATABASE_URL: databaseUrl, SYNQ_LOG_LEVEL: process.env.SYNQ_LOG_LEVEL ?? "warn" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("indexer printed no ready line")), 60_000);
    child.once("exit", (code) => reject(new Error(`indexer exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const ready = JSON.parse(line) as { event?: string; graphqlUrl?: string };
      if (ready.event === "ready" && ready.graphqlUrl !== undefined) {
        clearTimeout(timer);
        resolve({ process: child, graphqlUrl: ready.graphqlUrl });
      }
    });
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

describe("indexer restart after kill -9", () => {
  let db: TestDatabase;
  let pool: Pool;
  let child: Child | undefined;

  before(async () => {
    await deployment();
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url });
  });

  after(async () => {
    if (child !== undefined) await killed(child.process, "SIGKILL");
    await pool?.end();
    await db?.drop();
  });

  it("loses and duplicates nothing", async () => {
    const client = network().client;
    const signatures: string[] = [];
    child = await startCli(db.url);
    const health = await waitFor("health", async () => ((await fetch(child!.graphqlUrl.replace("/graphql", "/health"))).status === 200 ? true : undefined));
    assert.equal(health, true);

    let value = 0;
    const stream = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i += 1) signatures.push(await echo(client, value++, "restart"));
    };
    // Kill -9 mid-stream: transactions keep coming while the indexer writes.
    const streaming = stream(40);
    await sleep(400);
    await killed(child.process, "SIGKILL");
    await streaming;
    await stream(15); // while it is down
    child = await startCli(db.url);
    await stream(15); // after the restart, live

    await waitFor(
      "every echo indexed",
      async () => {
        const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE name = 'Echoed' AND data->>'note' = 'restart'");
        return rows[0]!.n >= signatures.length ? true : undefined;
      },
      30_000,
    );
    await sleep(500);
    const { rows } = await pool.query<{ signature: string; value: string }>(
      "SELECT signature, data->>'value' AS value FROM events WHERE name = 'Echoed' AND data->>'note' = 'restart' ORDER BY (data->>'value')::numeric",
    );
    assert.equal(rows.length, signatures.length, "no event lost or duplicated");
    assert.deepEqual(rows.map((r) => r.signature), signatures);
    assert.deepEqual(rows.map((r) => Number(r.value)), signatures.map((_, i) => i));
    const cursor = await pool.query<{ signature: string }>("SELECT signature FROM cursors WHERE program = 'runtime_probe'");
    assert.equal(cursor.rows[0]?.signature, signatures[signatures.length - 1]);
    await compareWithChain(pool);

    await killed(child.process, "SIGTERM");
    assert.equal(child.process.exitCode, 0, "SIGTERM stops it cleanly");
    child = undefined;
  });
});
