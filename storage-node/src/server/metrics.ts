/**
 * The storage node's Prometheus metrics (/metrics), named `synq_storage_*`. One prom-client
 * registry per node, never the global one: tests run several nodes in one process and each
 * must count only its own traffic. Values kept elsewhere (usage, the native socket thread's
 * counters) are read at scrape time by the metrics' collect().
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { Usage } from '../engine/usage';
import { CommandLatency } from './command-latency';
import { COMMANDS, type Command } from './resp-commands';

/** The prefix of every metric the storage node exposes, process metrics included. */
export const METRIC_PREFIX = 'synq_storage_';

/** Upper bounds in seconds of HTTP request latency: a KV read takes ~100 µs, a query up to the work budget. */
const HTTP_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type HttpLabel = 'method' | 'route' | 'status';

export class Metrics {
  readonly registry = new Registry();
  readonly startedAt = Date.now();
  respConnections = 0;
  /** Commands the native socket thread served itself (native/src/fast_path.rs). */
  respFastCommands: () => number = () => 0;
  /** Response body bytes sent over HTTP. */
  httpBytesOut = 0;
  /** Reply bytes written to Redis-protocol connections (by the native socket thread). */
  respBytesOut: () => number = () => 0;
  /** Connections accepted since start, both protocols: the sessions the node reports. */
  sessionsTotal = 0;
  /** HTTP connections closed as accepted: the node held --http-max-connections. */
  httpConnectionsRefused = 0;
  /** Bytes of HTTP request bodies held now (http.ts sets it from the fair share). */
  httpBodyBytes: () => number = () => 0;
  /** Commands run by the JS RESP server, timed (resp.ts records them). */
  readonly respLatency = new CommandLatency<Command>(
    `${METRIC_PREFIX}resp_command_duration_seconds`,
    'Time the JS RESP server spent running each Redis-protocol command, by command (names it does not know: other); ' +
      'replies wait for the batch\'s KV log append after it. Commands the native socket thread serves itself ' +
      '(GET, plain SET, the counters, hash fields) are counted in synq_storage_resp_commands_total but not timed.',
    COMMANDS,
  );
  /** Observed by http.ts when a response ends. */
  readonly httpLatency: Histogram<HttpLabel>;

  /** `usage`: the engine's per-namespace counters, read at each scrape. */
  constructor(usage: () => Record<string, Usage>) {
    const registers = [this.registry];
    const p = METRIC_PREFIX;
    for (const metric of processMetrics()) this.registry.registerMetric(metric);
    this.respLatency.register(this.registry);
    this.httpLatency = new Histogram({
      name: `${p}http_request_duration_seconds`,
      help: 'Time from an HTTP request\'s headers to the end of its response, by method, route (the path\'s pattern, e.g. /v1/kv/:key; unmatched when none) and status code (aborted: the client left first).',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    });
    scrapedGauge(this.registry, `${p}uptime_seconds`, 'Seconds since the node started.', () => (Date.now() - this.startedAt) / 1000);
    scrapedGauge(this.registry, `${p}resp_connections`, 'Open Redis-protocol connections.', () => this.respConnections);
    scrapedCounter(this.registry, `${p}resp_commands_total`, 'Redis-protocol commands executed (by the JS server and the native socket thread).', () => this.respCommandsTotal);
    scrapedCounter(this.registry, `${p}bytes_served_total`, 'Bytes sent to clients (HTTP bodies and Redis-protocol replies).', () => this.bytesServed);
    scrapedCounter(this.registry, `${p}sessions_total`, 'Client connections accepted (HTTP and Redis protocol).', () => this.sessionsTotal);
    scrapedCounter(this.registry, `${p}http_connections_refused_total`, 'HTTP connections closed as they were accepted: the node held --http-max-connections.', () => this.httpConnectionsRefused);
    scrapedGauge(this.registry, `${p}http_request_body_bytes`, 'Bytes of HTTP request bodies held now (at most --http-body-memory).', () => this.httpBodyBytes());
    const perNamespace = (field: keyof Usage) => (): Map<string, number> => new Map(Object.entries(usage()).map(([ns, u]) => [ns, u[field]]));
    scrapedGauge(this.registry, `${p}namespace_stored_bytes`, 'Approximate bytes stored per namespace.', perNamespace('storedBytes'));
    scrapedCounter(this.registry, `${p}namespace_queries_total`, 'Queries and commands served per namespace.', perNamespace('queries'));
    scrapedCounter(this.registry, `${p}namespace_writes_total`, 'Writes applied per namespace.', perNamespace('writes'));
    scrapedGauge(this.registry, `${p}namespace_vectors`, 'Vectors stored per namespace.', perNamespace('vectors'));
  }

  /** prom-client's per-label-set children, kept: `observe(labels, v)` hashes the labels each time. */
  private readonly httpChildren = new Map<string, Histogram.Internal<HttpLabel>>();

  /** Times one HTTP exchange (label values are bounded: methods, route patterns, status codes). */
  observeHttp(method: string, route: string, status: string, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let child = this.httpChildren.get(key);
    if (child === undefined) {
      child = this.httpLatency.labels({ method, route, status });
      this.httpChildren.set(key, child);
    }
    child.observe(seconds);
  }

  /** Bytes served to clients since start, both protocols. */
  get bytesServed(): number {
    return this.httpBytesOut + this.respBytesOut();
  }

  /** Every Redis-protocol command executed. */
  get respCommandsTotal(): number {
    return this.respLatency.total() + this.respFastCommands();
  }

  /** The Prometheus text of every metric of this node. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** One value, or one per namespace (the label `namespace`). */
type Reading = number | Map<string, number>;

/** A gauge whose value is read at scrape time. */
export function scrapedGauge(registry: Registry, name: string, help: string, read: () => Reading): Gauge<'namespace'> {
  return new Gauge({
    name,
    help,
    labelNames: ['namespace'] as const,
    registers: [registry],
    collect() {
      const v = read();
      this.reset();
      if (typeof v === 'number') this.set(v);
      else for (const [namespace, n] of v) this.set({ namespace }, n);
    },
  });
}

/** A counter whose total is kept elsewhere, read at scrape time. */
export function scrapedCounter(registry: Registry, name: string, help: string, read: () => Reading): Counter<'namespace'> {
  return new Counter({
    name,
    help,
    labelNames: ['namespace'] as const,
    registers: [registry],
    collect() {
      const v = read();
      this.reset();
      if (typeof v === 'number') this.inc(v);
      else for (const [namespace, n] of v) this.inc({ namespace }, n);
    },
  });
}

let processMetricsOnce: Metric[] | undefined;

/**
 * prom-client's process metrics (CPU, memory, event loop lag, GC), prefixed: made once per
 * process, since each set starts a GC observer and an event-loop monitor that are never
 * stopped, then registered on every node's registry (they describe the process the nodes share).
 */
function processMetrics(): Metric[] {
  if (processMetricsOnce === undefined) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    processMetricsOnce = registry.getMetricsAsArray().flatMap(({ name }) => registry.getSingleMetric(name) ?? []);
  }
  return processMetricsOnce;
}
