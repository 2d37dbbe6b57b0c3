/** `npm run dashboard -- [options]` (or `node -r ts-node/register/transpile-only dashboard/src/cli.ts`): serves the dashboard until SIGTERM/SIGINT. */
import { parseArgs } from "node:util";

import { loadConfig } from "@synq/sdk";

import { buildBundle } from "./bundle";
import { createLogger } from "./log";
import { DashboardMetrics } from "./metrics";
import { startDashboardServer } from "./server";

export const DEFAULT_PORT = 7080;
const DEFAULT_GRAPHQL_URL = "http://127.0.0.1:4000/graphql";

const HELP = `synq dashboard: the network, its nodes, a developer's credits and usage, epochs and
proposals in the browser, read from the indexer's GraphQL (live over its subscriptions), with
actions (buy credits, vote) signed in the page by a keypair file it loads.

Usage: node -r ts-node/register/transpile-only dashboard/src/cli.ts [options]

Options:
  --port N             HTTP port (default: ${DEFAULT_PORT}; 0 = any free port)
  --host ADDR          listen address (default: 127.0.0.1)
  --rpc-url URL        Solana JSON-RPC the page uses (default: $SYNQ_RPC_URL, else http://127.0.0.1:8899)
  --ws-url URL         its PubSub (default: $SYNQ_WS_URL, else the RPC port + 1)
  --graphql-url URL    the indexer's GraphQL, proxied to the page at /graphql
                       (default: $SYNQ_GRAPHQL_URL, else ${DEFAULT_GRAPHQL_URL})
  --log-level LEVEL    trace|debug|info|warn|error (default: info, or $SYNQ_LOG_LEVEL)
  -h, --help           show this help

Serves / (the page), /config.json (the endpoints above), /graphql, /health and /metrics
(Prometheus). Logs are JSON lines on stderr; once serving, one JSON line
{"event":"ready","url":...} is printed on stdout. SIGTERM/SIGINT stops cleanly.`;

function usage(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

function endpointUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    usage(`${flag} must be a URL, got "${value}"`);
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) usage(`${flag} must be an http(s) or ws(s) URL, got "${value}"`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "rpc-url": { type: "string" },
        "ws-url": { type: "string" },
        "graphql-url": { type: "string" },
        "log-level": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) usage(`--port must be 0..65535, got "${portText}"`);
  const chain = loadConfig({ rpcUrl: values["rpc-url"], wsUrl: values["ws-url"] });
  const config = {
    rpcUrl: endpointUrl(chain.rpcUrl, "--rpc-url"),
    wsUrl: endpointUrl(chain.wsUrl, "--ws-url"),
    graphqlUrl: endpointUrl(values["graphql-url"] ?? (process.env.SYNQ_GRAPHQL_URL || DEFAULT_GRAPHQL_URL), "--graphql-url"),
  };
  const log = createLogger(values["log-level"]);
  const metrics = new DashboardMetrics();
  const bundle = await buildBundle();
  metrics.bundleBytes.set(bundle.js.length);
  metrics.bundleSeconds.set(bundle.buildMs / 1000);
  log.info({ bytes: bundle.js.length, ms: bundle.buildMs }, "page bundle built");
  const server = await startDashboardServer({ host: values.host ?? "127.0.0.1", port, config, bundle, log, metrics });
  log.info({ url: server.url, ...config }, "dashboard listening");
  process.stdout.write(`${JSON.stringify({ event: "ready", url: server.url })}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    server.close().then(
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
  process.stderr.write(`dashboard failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
