/** Prometheus metrics (`/metrics`) on the dashboard's own registry. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class DashboardMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "synq_dashboard_http_requests_total",
    help: "HTTP requests by route and status code",
    labelNames: ["route", "status"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "synq_dashboard_http_request_seconds",
    help: "Time to answer an HTTP request (for /graphql subscriptions: until the stream ends)",
    labelNames: ["route"] as const,
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [this.registry],
  });
  readonly proxyErrors = new Counter({
    name: "synq_dashboard_graphql_proxy_errors_total",
    help: "Requests to the indexer's GraphQL that failed (indexer down or unreachable)",
    registers: [this.registry],
  });
  readonly bundleBytes = new Gauge({ name: "synq_dashboard_bundle_bytes", help: "Size of the page's script bundle", registers: [this.registry] });
  readonly bundleSeconds = new Gauge({ name: "synq_dashboard_bundle_build_seconds", help: "Time the bundle took to build at start", registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "synq_dashboard_" });
  }
}
