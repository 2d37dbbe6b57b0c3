/**
 * Usage counters per namespace, read by metering. Kept in memory on the hot path and
 * persisted to the catalogue every second and on close, so after a kill -9 they can lag
 * by at most that second of traffic.
 */
import type { Store } from './store';

export interface Usage {
  /** Approximate bytes of keys + values stored, all models. */
  storedBytes: number;
  /** Queries and commands served. */
  queries: number;
  /** Vectors currently stored. */
  vectors: number;
  /** Writes applied (commands or records). */
  writes: number;
}

const META_KEY = Buffer.from('usage');

export class UsageCounters {
  private readonly byNs = new Map<string, Usage>();
  private dirty = false;
  /** Counters kept elsewhere (the native KV store), added in before every read. */
  private readonly sources: (() => void)[] = [];

  constructor(private readonly store: Store) {
    const saved = store.meta.get(META_KEY) as Record<string, Usage> | undefined;
    if (saved) for (const [ns, u] of Object.entries(saved)) this.byNs.set(ns, { ...emptyUsage(), ...u });
  }

  of(ns: string): Usage {
    let u = this.byNs.get(ns);
    if (!u) {
      u = emptyUsage();
      this.byNs.set(ns, u);
    }
    this.dirty = true;
    return u;
  }

  /** Registers a function that adds counts kept elsewhere (through `of`). */
  addSource(take: () => void): void {
    this.sources.push(take);
  }

  snapshot(): Record<string, Usage> {
    for (const take of this.sources) take();
    const out: Record<string, Usage> = {};
    for (const [ns, u] of this.byNs) out[ns] = { ...u };
    return out;
  }

  flush(): void {
    for (const take of this.sources) take();
    if (!this.dirty) return;
    this.dirty = false;
    const snap = this.snapshot();
    this.store.write(() => this.store.meta.putSync(META_KEY, snap));
  }
}

function emptyUsage(): Usage {
  return { storedBytes: 0, queries: 0, vectors: 0, writes: 0 };
}
