/** The embedded default: no DATABASE_URL, so the indexer runs its own PostgreSQL in a data dir. */
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";

import { deployment, network } from "../../tests/support";
import { startIndexerApp, type IndexerApp } from "../src/app";
import { query } from "./support";

describe("embedded PostgreSQL default", () => {
  let dir: string;
  let app: IndexerApp | undefined;

  before(async () => {
    await deployment();
    dir = mkdtempSync(join(tmpdir(), "synq-indexer-pg-"));
    // Run as root, the server runs as a `postgres` user, which must be able to reach the dir.
    chmodSync(dir, 0o755);
  });

  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("initialises a data directory, migrates, indexes and stops its server", async () => {
    app = await startIndexerApp({
      rpcUrl: network().rpcUrl,
      wsUrl: network().wsUrl,
      dataDir: join(dir, "pg"),
      port: 0,
      log: pino({ level: "silent" }),
    });
    assert.ok(existsSync(join(dir, "pg", "PG_VERSION")), "the cluster lives in the data directory");
    assert.match(app.databaseUrl, /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    await app.indexer.whenReady();
    const { rows } = await app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM indexer_tables");
    assert.ok(rows[0]!.n >= 6, "one table per account type");
    const data = await query<{ stakingStakeConfigs: { totalCount: number } }>(app.graphqlUrl, `{ stakingStakeConfigs { totalCount } }`);
    assert.equal(data.stakingStakeConfigs.totalCount, 1);
    const url = app.databaseUrl;
    await app.stop();
    app = undefined;
    // The server is gone with the indexer.
    const { Client } = await import("pg");
    const probe = new Client({ connectionString: url });
    await assert.rejects(probe.connect());
  });
});
