/**
 * Latency of the Redis-protocol commands the JS server runs, by command: a Prometheus
 * histogram kept in typed arrays on the hot path and rendered by prom-client's registry.
 *
 * Why not prom-client's own Histogram: its `observe` hashes the label set on every call
 * (about 0.3 µs here, as much as a pipelined JS command itself costs); recording below is an
 * array index and a few comparisons. The registry renders any metric object with `get()`.
 */
import type { Metric, Registry } from 'prom-client';

/** Upper bounds in seconds: a command runs in microseconds, a heavy one (KEYS, SCAN) in ms. */
export const COMMAND_BUCKETS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/** The label of a command name not in the table (bounded: clients' typos never become labels). */
export const OTHER_COMMAND = 'other';

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
}

export class CommandLatency<C extends object> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly slots = new Map<C, number>();
  private readonly labels: string[];
  /** Bounds in ms (what performance.now() measures), compared without converting each sample. */
  private readonly boundsMs = Float64Array.from(COMMAND_BUCKETS, (s) => s * 1000);
  /** Per slot, per bucket (the last: over the top bound): observations, not cumulative. */
  private readonly counts: Float64Array;
  private readonly sumsMs: Float64Array;
  private readonly totals: Float64Array;

  /** `commands`: each known command object and its name; anything else counts as OTHER_COMMAND. */
  constructor(
    readonly name: string,
    readonly help: string,
    commands: Iterable<[string, C]>,
  ) {
    this.labels = [];
    for (const [label, command] of commands) {
      if (this.slots.has(command)) continue;
      this.slots.set(command, this.labels.length);
      this.labels.push(label);
    }
    this.labels.push(OTHER_COMMAND);
    this.counts = new Float64Array(this.labels.length * (COMMAND_BUCKETS.length + 1));
    this.sumsMs = new Float64Array(this.labels.length);
    this.totals = new Float64Array(this.labels.length);
  }

  /** Counts one command (null: an unknown name) that ran for `ms` milliseconds. */
  record(command: C | null, ms: number): void {
    const slot = (command === null ? undefined : this.slots.get(command)) ?? this.labels.length - 1;
    const bounds = this.boundsMs;
    let b = 0;
    while (b < bounds.length && ms > bounds[b]) b++;
    this.counts[slot * (bounds.length + 1) + b]++;
    this.sumsMs[slot] += ms;
    this.totals[slot]++;
  }

  /** Commands recorded, all names. */
  total(): number {
    let n = 0;
    for (const t of this.totals) n += t;
    return n;
  }

  register(registry: Registry): void {
    // prom-client types registerMetric for its own four classes; its registry needs only
    // name, help, type and get() (registry.js getMetricsAsString).
    registry.registerMetric(this as unknown as Metric);
  }

  /** prom-client's metric contract: the samples of every command seen so far. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    const width = COMMAND_BUCKETS.length + 1;
    for (let slot = 0; slot < this.labels.length; slot++) {
      const count = this.totals[slot];
      if (count === 0) continue;
      const command = this.labels[slot];
      let cumulative = 0;
      for (let b = 0; b < COMMAND_BUCKETS.length; b++) {
        cumulative += this.counts[slot * width + b];
        values.push({ value: cumulative, labels: { command, le: COMMAND_BUCKETS[b] }, metricName: `${this.name}_bucket` });
      }
      values.push({ value: count, labels: { command, le: '+Inf' }, metricName: `${this.name}_bucket` });
      values.push({ value: this.sumsMs[slot] / 1000, labels: { command }, metricName: `${this.name}_sum` });
      values.push({ value: count, labels: { command }, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.counts.fill(0);
    this.sumsMs.fill(0);
    this.totals.fill(0);
  }
}
