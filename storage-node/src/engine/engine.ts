/** The data engine: one store, every data model, and the background jobs that keep it tidy. */
import type { Logger } from 'pino';
import { DocumentEngine } from './documents';
import { KvEngine } from './kv';
import { Store } from './store';
import { TimeSeriesEngine } from './timeseries';
import { UsageCounters } from './usage';
import { VectorEngine } from './vectors';

export interface EngineOptions {
  dataDir: string;
  fsync?: boolean;
  log: Logger;
  /** How often changed vector graphs are saved (they are always saved on close). */
  vectorSaveIntervalMs?: number;
}

export class Engine {
  readonly store: Store;
  readonly usage: UsageCounters;
  readonly kv: KvEngine;
  readonly documents: DocumentEngine;
  readonly vectors: VectorEngine;
  readonly timeseries: TimeSeriesEngine;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  /**
   * A namespace's stored bytes (every model) past which writes that add data are refused
   * (`quota_exceeded`); 0 = none. The same limit is the KV dataset's namespace quota
   * (`kv.setLimits`), where the namespace's other models' bytes count too: one quota.
   */
  namespaceQuota = 0;

  constructor(private readonly opts: EngineOptions) {
    this.store = new Store({ dataDir: opts.dataDir, fsync: opts.fsync });
    this.usage = new UsageCounters(this.store);
    this.kv = new KvEngine(this.store, this.usage, { fsync: opts.fsync });
    if (this.kv.replayed || this.kv.tornBytes) opts.log.info({ ops: this.kv.replayed, tornBytesIgnored: this.kv.tornBytes }, 'replayed the KV log into the store');
    this.documents = new DocumentEngine(this.store, this.usage);
    this.vectors = new VectorEngine(this.store, this.usage, opts.log);
    this.timeseries = new TimeSeriesEngine(this.store, this.usage);
    // One quota across the models: the native store, which checks KV writes against it on the
    // socket thread too, hears of a namespace's other models' bytes as soon as they change.
    const told = new Map<string, number>();
    const tell = (ns: string): void => {
      const other = this.usage.otherBytes(ns);
      if (told.get(ns) === other) return;
      told.set(ns, other);
      try {
        this.kv.setOtherBytes(ns, other);
      } catch (err) {
        opts.log.warn({ err, namespace: ns }, 'could not count the namespace in its KV quota');
      }
    };
    for (const ns of this.usage.namespaces()) tell(ns);
    this.usage.onStoredBytes(tell);
    const every = (ms: number, name: string, fn: () => void): void => {
      const t = setInterval(() => {
        try {
          fn();
        } catch (e) {
          opts.log.error({ err: e, job: name }, 'background job failed');
        }
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    // Active expiry like Redis: keep sweeping while a sweep finds a full batch.
    every(100, 'kv-expiry', () => {
      for (let i = 0; i < 10 && this.kv.expireCycle(500) === 500; i++);
    });
    every(1000, 'usage-flush', () => this.usage.flush());
    every(10_000, 'ts-retention', () => this.timeseries.retentionCycle());
    every(opts.vectorSaveIntervalMs ?? 60_000, 'vector-save', () => {
      this.vectors.saveInBackground().catch((e: unknown) => opts.log.error({ err: e }, 'vector graph save failed'));
    });
  }

  /** Saves derived state (vector graphs, counters) and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.kv.close();
    await this.vectors.close();
    this.usage.flush();
    await this.store.close();
    this.opts.log.info({ dataDir: this.opts.dataDir }, 'engine closed');
  }
}
