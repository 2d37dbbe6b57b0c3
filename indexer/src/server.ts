/** HTTP: GraphQL at /graphql (graphql-yoga, GraphQL over SSE for subscriptions), /health, /metrics. */
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
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

const CACHE_ENTRIES = 2_000;
const MAX_BODY = 1 << 20;

/**
 * Answers to identical GraphQL POSTs (same body), kept until the index changes: any write,
 * closure or slot clears it, so an answer is never older than the data it was computed from.
 * Dashboards polling the same queries are served from memory. `cache-control: no-cache`
 * bypasses it.
 */
class ResponseCache {
  private readonly entries = new Map<string, { status: number; type: string; body: string }>();
  /** Bumped by every clear: an answer computed across a change is not kept. */
  generation = 0;
  get(key: string): { status: number; type: string; body: string } | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: { status: number; type: string; body: string }): void {
    if (this.entries.size >= CACHE_ENTRIES) this.entries.clear();
    this.entries.set(key, value);
  }
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

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
  const cache = new ResponseCache();
  indexer.addListener({ onEvents: () => cache.clear(), onAccounts: () => cache.clear(), onSlot: () => cache.clear() });

  /** POST /graphql with a JSON body (not a subscription): through the cache. */
  const cachedGraphql = async (req: IncomingMessage, res: ServerResponse, url: string): Promise<void> => {
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    const bypass = /no-cache/.test(req.headers["cache-control"] ?? "");
    const hit = bypass ? undefined : cache.get(body);
    if (hit !== undefined) {
      res.writeHead(hit.status, { "content-type": hit.type }).end(hit.body);
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const generation = cache.generation;
    const response = await yoga.fetch(url, { method: "POST", headers, body });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "application/json";
    if (response.status === 200 && generation === cache.generation && type.includes("json") && !text.includes('"errors"')) {
      cache.set(body, { status: 200, type, body: text });
    }
    res.writeHead(response.status, { "content-type": type }).end(text);
  };

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
    const accept = req.headers.accept ?? "";
    if (path === "/graphql" && req.method === "POST" && !accept.includes("text/event-stream") && (req.headers["content-type"] ?? "").includes("json")) {
      cachedGraphql(req, res, `http://${req.headers.host ?? "localhost"}${req.url ?? "/graphql"}`).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
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
