/** HTTP: GraphQL at /graphql (graphql-yoga, GraphQL over SSE for subscriptions), /health, /metrics. */
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createYoga } from "graphql-yoga";
import type { Pool } from "pg";

import { buildSchema, type GraphQLContext } from "./graphql/schema";
import type { Indexer } from "./indexer";
import type { Metrics } from "./metrics";

export interface HttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export const LIMITS = { maxDepth: 8, maxCost: 20_000 };

export async function startHttpServer(options: {
  indexer: Indexer;
  pool: Pool;
  metrics: Metrics;
  host: string;
  port: number;
}): Promise<HttpServer> {
  const { indexer, pool, metrics } = options;
  const yoga = createYoga<object, GraphQLContext>({
    schema: buildSchema(indexer),
    context: () => ({ pool }),
    graphqlEndpoint: "/graphql",
    logging: false,
    plugins: [
      maxDepthPlugin({ n: LIMITS.maxDepth, exposeLimits: true }),
      costLimitPlugin({ maxCost: LIMITS.maxCost, exposeLimits: true }),
    ],
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health") {
      void pool
        .query("SELECT 1")
        .then(() => true, () => false)
        .then((dbOk) => {
          const healthy = dbOk && indexer.connected && indexer.ready;
          res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              status: healthy ? "ok" : "degraded",
              database: dbOk,
              pubsub: indexer.connected,
              synced: indexer.ready,
              slot: indexer.indexedSlot,
              lagSlots: indexer.lagSlots,
            }),
          );
        });
      return;
    }
    if (path === "/metrics") {
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    void yoga.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
