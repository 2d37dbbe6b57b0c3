/** `npm run indexer -- --rpc-url URL --port N`: runs the indexer until SIGTERM/SIGINT. */
import { parseArgs } from "node:util";

import { loadConfig } from "@synq/sdk";

import { startIndexerApp } from "./app";
import { createLogger } from "./log";
import type { Commitment } from "./rpc";

const HELP = `synq indexer: every Synq program's accounts and events in PostgreSQL, served over GraphQL.

Usage: npm run indexer -- [options]

Options:
  --rpc-url URL        Solana JSON-RPC (default: $SYNQ_RPC_URL, else http://127.0.0.1:8899)
  --ws-url URL         PubSub (default: $SYNQ_WS_URL, else the RPC port + 1)
  --port N             HTTP port for /graphql, /health, /metrics (default: 4000; 0 = any free port)
  --host ADDR          listen address (default: 127.0.0.1)
  --commitment LEVEL   processed | confirmed | finalized (default: confirmed)
  --data-dir DIR       embedded PostgreSQL data directory when DATABASE_URL is not set
                       (default: .synq/indexer-pg)
  --log-level LEVEL    trace|debug|info|warn|error (default: info, or $SYNQ_LOG_LEVEL)
  -h, --help           show this help

Environment: DATABASE_URL (postgres://...) selects the PostgreSQL server; without it an
embedded PostgreSQL runs in --data-dir. Logs are JSON lines on stderr; once serving, one JSON
line {"event":"ready","graphqlUrl":...} is printed on stdout. SIGTERM/SIGINT stops cleanly.`;

async function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      options: {
        "rpc-url": { type: "string" },
        "ws-url": { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        commitment: { type: "string" },
        "data-dir": { type: "string" },
        "log-level": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const port = Number(values.port ?? "4000");
  const commitment = values.commitment ?? "confirmed";
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !["processed", "confirmed", "finalized"].includes(commitment)) {
    process.stderr.write(`invalid --port or --commitment\n\n${HELP}\n`);
    process.exit(2);
  }
  const config = loadConfig({ rpcUrl: values["rpc-url"], wsUrl: values["ws-url"] });
  const log = createLogger(values["log-level"]);
  const app = await startIndexerApp({
    rpcUrl: config.rpcUrl,
    wsUrl: config.wsUrl,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: values["data-dir"],
    host: values.host,
    port,
    commitment: commitment as Commitment,
    log,
  });
  process.stdout.write(`${JSON.stringify({ event: "ready", graphqlUrl: app.graphqlUrl, url: app.url })}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`indexer failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
