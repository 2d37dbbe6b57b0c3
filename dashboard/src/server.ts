/**
 * The dashboard's HTTP server: the page (web/index.html, style.css), its script bundle, the
 * endpoints the page talks to (`/config.json`), the indexer's GraphQL proxied under `/graphql`
 * (queries and the SSE subscriptions stream through, so the page needs no CORS from the
 * indexer), `/health` and Prometheus `/metrics`.
 */
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { WEB_DIR, type Bundle } from "./bundle";
import type { Logger } from "./log";
import type { DashboardMetrics } from "./metrics";
import type { PageConfig } from "./page-config";

export interface DashboardServerOptions {
  host: string;
  port: number;
  config: PageConfig;
  bundle: Bundle;
  log: Logger;
  metrics: DashboardMetrics;
}

export interface DashboardServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

/** Streams a request to the indexer's /graphql and its answer back (SSE included). */
function proxyGraphql(target: URL, req: IncomingMessage, res: ServerResponse, onError: (err: Error) => void): void {
  const search = new URL(req.url ?? "/", "http://x").search;
  const headers = { ...req.headers, host: target.host };
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(
    { protocol: target.protocol, hostname: target.hostname, port: target.port, path: `${target.pathname}${search}`, method: req.method, headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", (err) => {
    onError(err);
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ message: `the indexer's GraphQL at ${target.href} is unreachable: ${err.message}` }] }));
  });
  // A closed page ends its subscription at the indexer too.
  res.on("close", () => upstream.destroy());
  req.pipe(upstream);
}

/** Whether the indexer's /health (beside its /graphql) answers 200 within two seconds. */
async function indexerHealthy(graphql: URL): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health", graphql), { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const { bundle, log, metrics, config } = options;
  const graphqlTarget = new URL(config.graphqlUrl);
  // The page is small and read once per start: kept in memory.
  const files = new Map(Object.entries(STATIC).map(([path, { file, type }]) => [path, { body: readFileSync(join(WEB_DIR, file)), type }]));
  files.set("/app.js", { body: Buffer.from(bundle.js), type: "text/javascript; charset=utf-8" });
  files.set("/app.js.map", { body: Buffer.from(bundle.map), type: "application/json" });
  files.set("/config.json", { body: Buffer.from(JSON.stringify(config)), type: "application/json" });

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = path === "/graphql" || path === "/health" || path === "/metrics" || files.has(path) ? path : "other";
    const stopTimer = metrics.latency.startTimer({ route });
    res.on("close", () => {
      stopTimer();
      metrics.requests.inc({ route, status: String(res.statusCode) });
    });
    if (path === "/graphql") {
      proxyGraphql(graphqlTarget, req, res, (err) => {
        metrics.proxyErrors.inc();
        log.warn({ err: err.message }, "GraphQL proxy error");
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/health") {
      // The page is only as good as the indexer behind it: its health is part of ours.
      void indexerHealthy(graphqlTarget).then((indexer) => {
        res.writeHead(indexer ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: indexer ? "ok" : "degraded", indexer, ...config }));
      });
      return;
    }
    if (path === "/metrics") {
      void metrics.registry.metrics().then((text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text));
      return;
    }
    const file = files.get(path);
    if (file === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-cache" }).end(req.method === "HEAD" ? undefined : file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Open subscriptions (SSE) would keep close() waiting.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
