/** Wiring: database (given or embedded), migrations, IDL-derived tables, indexer, HTTP server. */
import { Pool } from "pg";

import { loadConfig } from "@synq/sdk";

import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { loadPrograms } from "./idl";
import { Indexer } from "./indexer";
import { programLayout } from "./layout";
import { createLogger, type Logger } from "./log";
import { Metrics } from "./metrics";
import { migrate } from "./migrate";
import { RpcClient, type Commitment } from "./rpc";
import { startHttpServer } from "./server";
import { bindCluster, ensureAccountTables } from "./store";

export interface IndexerAppOptions {
  rpcUrl: string;
  /** Default: the RPC port + 1 (SYNQ_WS_URL when set). */
  wsUrl?: string;
  /** When absent, an embedded PostgreSQL in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  host?: string;
  port: number;
  commitment?: Commitment;
  log?: Logger;
  touchDelayMs?: number;
}

export interface IndexerApp {
  graphqlUrl: string;
  url: string;
  databaseUrl: string;
  indexer: Indexer;
  pool: Pool;
  stop(): Promise<void>;
}

export async function startIndexerApp(options: IndexerAppOptions): Promise<IndexerApp> {
  const log = options.log ?? createLogger();
  const wsUrl = options.wsUrl ?? loadConfig({ rpcUrl: options.rpcUrl }).wsUrl;
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (databaseUrl === undefined) {
    embedded = await startEmbeddedPostgres(options.dataDir ?? ".synq/indexer-pg");
    databaseUrl = embedded.url;
    log.info({ dataDir: options.dataDir ?? ".synq/indexer-pg" }, "embedded PostgreSQL started");
  }
  // synchronous_commit=off: a commit does not wait for its WAL flush. Each batch is still
  // atomic (rows, events and cursor together), so a PostgreSQL crash can only lose the newest
  // batches whole, cursor included, and the restart replays them from the chain.
  const pool = new Pool({ connectionString: databaseUrl, max: 12, options: "-c synchronous_commit=off" });
  pool.on("error", (err) => log.warn({ err: err.message }, "idle database client error"));
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) log.info({ applied }, "migrations applied");
    const layouts = loadPrograms().map(programLayout);
    const rebuilt = await ensureAccountTables(pool, layouts.flatMap((p) => p.accounts));
    if (rebuilt.length > 0) log.info({ tables: rebuilt }, "account tables created from the IDLs");
    const metrics = new Metrics();
    const rpc = new RpcClient(options.rpcUrl, options.commitment ?? "confirmed");
    if (await bindCluster(pool, await rpc.getGenesisHash())) {
      log.warn("the database held another cluster's index (different genesis hash): emptied it");
    }
    const indexer = new Indexer({ pool, rpc, wsUrl, layouts, log, metrics, touchDelayMs: options.touchDelayMs });
    await indexer.start();
    const http = await startHttpServer({ indexer, pool, metrics, host: options.host ?? "127.0.0.1", port: options.port });
    const url = `http://${options.host ?? "127.0.0.1"}:${http.port}`;
    log.info({ graphql: `${url}/graphql`, rpc: options.rpcUrl, ws: wsUrl }, "indexer listening");
    return {
      graphqlUrl: `${url}/graphql`,
      url,
      databaseUrl,
      indexer,
      pool,
      stop: async () => {
        await http.close();
        await indexer.stop();
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}
