/**
 * Usage counters per namespace, read by metering. Kept in memory on the hot path and
 * persisted to the catalogue every second and on close, so after a kill -9 they can lag
 * by at most that second of traffic.
 *
 * `storedBytes` sums every model. The KV engine's share of it is kept apart (and persisted
 * with the counters), so the quota can count a namespace's KV bytes as the native store holds
 * them now plus its other models' bytes (`otherBytes`), and tell the native store the latter
 * whenever they change (`onStoredBytes`).
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
/** The persisted record's entry holding the KV shares (no namespace has this name). */
const KV_SHARE = '#kv';

export class UsageCounters {
  private readonly byNs = new Map<string, Usage>();
  /** Of each namespace's storedBytes, what the KV engine counted (`addKv`). */
  private readonly kvShare = new Map<string, number>();
  /** Whether the saved counters had the KV shares (those saved before them did not). */
  private readonly kvShareSaved: boolean;
  private dirty = false;
  /** Counters kept elsewhere (the native KV store), added in before every read. */
  private readonly sources: (() => void)[] = [];
  private readonly storedWatchers: ((ns: string) => void)[] = [];

  constructor(private readonly store: Store) {
    const saved = store.meta.get(META_KEY) as Record<string, unknown> | undefined;
    if (saved) {
      for (const [ns, u] of Object.entries(saved)) if (ns !== KV_SHARE) this.byNs.set(ns, this.counters(ns, { ...emptyUsage(), ...(u as Partial<Usage>) }));
    }
    const shares = saved?.[KV_SHARE] as Record<string, number> | undefined;
    this.kvShareSaved = shares !== undefined;
    if (shares) for (const [ns, n] of Object.entries(shares)) this.kvShare.set(ns, n);
  }

  /** A namespace's counters whose storedBytes tells the watchers when it is set. */
  private counters(ns: string, init: Usage): Usage {
    let stored = init.storedBytes;
    const u = { ...init };
    Object.defineProperty(u, 'storedBytes', {
      enumerable: true,
      get: () => stored,
      set: (v: number) => {
        stored = v;
        for (const w of this.storedWatchers) w(ns);
      },
    });
    return u;
  }

  of(ns: string): Usage {
    let u = this.byNs.get(ns);
    if (!u) {
      u = this.counters(ns, emptyUsage());
      this.byNs.set(ns, u);
    }
    this.dirty = true;
    return u;
  }

  /** Registers a function that adds counts kept elsewhere (through `of`). */
  addSource(take: () => void): void {
    this.sources.push(take);
  }

  /** Calls `watch(ns)` whenever a namespace's storedBytes is set (synchronously). */
  onStoredBytes(watch: (ns: string) => void): void {
    this.storedWatchers.push(watch);
  }

  /** The KV engine's stored bytes (a delta): into storedBytes and the KV share of it. */
  addKv(ns: string, delta: number): void {
    this.kvShare.set(ns, (this.kvShare.get(ns) ?? 0) + delta);
    this.of(ns).storedBytes += delta;
  }

  /**
   * Startup, once the KV dataset is loaded: a namespace's KV share, when the saved counters
   * had none (saved before shares were kept: their KV bytes are taken as the store holds them).
   */
  seedKv(ns: string, bytes: number): void {
    if (!this.kvShareSaved) this.kvShare.set(ns, bytes);
  }

  /** A namespace's stored bytes of the models other than KV (documents, vectors, time-series). */
  otherBytes(ns: string): number {
    const u = this.byNs.get(ns);
    return u === undefined ? 0 : Math.max(0, u.storedBytes - (this.kvShare.get(ns) ?? 0));
  }

  /** Every namespace with counters. */
  namespaces(): string[] {
    return [...this.byNs.keys()];
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
    const snap: Record<string, unknown> = this.snapshot();
    snap[KV_SHARE] = Object.fromEntries(this.kvShare);
    this.store.write(() => this.store.meta.putSync(META_KEY, snap));
  }
}

function emptyUsage(): Usage {
  return { storedBytes: 0, queries: 0, vectors: 0, writes: 0 };
}
