/**
 * Time-series: named series with tags, stored as columnar chunks in LMDB
 * (key: ns + series + start + end + seq; value: [u32 n][f64 timestamps][f64 values]).
 * Ingest writes whole chunks, so a batch of points costs one LMDB put per 8192 points.
 * Range queries read only chunks overlapping the range; downsampling folds them into buckets.
 */
import { badRequest, notFound } from './errors';
import { readU64, u64 } from './keys';
import { Catalogue, namePrefix } from './catalogue';
import type { Store } from './store';
import type { UsageCounters } from './usage';
import { spend } from './budget';

export type Agg = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'first' | 'last';
export const AGGS: readonly Agg[] = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'];

export interface SeriesInfo {
  name: string;
  tags: Record<string, string>;
  /** Points older than now - retentionMs are dropped; 0 keeps everything. */
  retentionMs: number;
  createdAt: number;
  seq: number;
}

export interface Bucket {
  t: number;
  [agg: string]: number;
}

const CHUNK_POINTS = 8192;
const MAX_TS = Number.MAX_SAFE_INTEGER;

export class TimeSeriesEngine {
  private readonly series: Catalogue<SeriesInfo>;

  constructor(
    private readonly store: Store,
    private readonly usage: UsageCounters,
  ) {
    this.series = new Catalogue<SeriesInfo>(store, 'series:');
  }

  create(ns: string, name: string, opts: { tags?: Record<string, string>; retentionMs?: number } = {}): SeriesInfo {
    if (!/^[A-Za-z0-9_.:/-]{1,200}$/.test(name)) throw badRequest('series names are 1-200 of [A-Za-z0-9_.:/-]', 'series');
    const tags = opts.tags ?? {};
    if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) throw badRequest('tags must be an object of strings', 'tags');
    for (const [k, v] of Object.entries(tags)) if (typeof v !== 'string') throw badRequest('tag values must be strings', `tags.${k}`);
    const retentionMs = opts.retentionMs ?? 0;
    if (!Number.isInteger(retentionMs) || retentionMs < 0) throw badRequest('retentionMs must be a non-negative integer', 'retentionMs');
    const prev = this.series.get(ns, name);
    const info: SeriesInfo = { name, tags, retentionMs, createdAt: prev?.createdAt ?? Date.now(), seq: prev?.seq ?? 0 };
    this.store.write(() => this.series.put(ns, info));
    return info;
  }

  info(ns: string, name: string): SeriesInfo {
    const s = this.series.get(ns, name);
    if (!s) throw notFound(`series "${name}" does not exist`);
    return s;
  }

  /** Series of a namespace whose tags include every given tag. */
  list(ns: string, tags: Record<string, string> = {}): SeriesInfo[] {
    return this.series.list(ns).filter((s) => Object.entries(tags).every(([t, v]) => s.tags[t] === v));
  }

  drop(ns: string, name: string): boolean {
    if (!this.series.get(ns, name)) return false;
    const p = namePrefix(ns, name);
    this.store.write(() => {
      const freed = this.store.clearPrefix(this.store.tsChunks, p);
      this.series.remove(ns, name);
      this.usage.of(ns).storedBytes -= freed;
    });
    return true;
  }

  /** Appends points (any order); creates the series on first use. Returns points written. */
  ingest(ns: string, name: string, timestamps: ArrayLike<number>, values: ArrayLike<number>): number {
    const n = timestamps.length;
    if (n !== values.length) throw badRequest(`timestamps has ${n} entries but values has ${values.length}`, 'values');
    if (n === 0) return 0;
    let sorted = true;
    for (let i = 0; i < n; i++) {
      const t = timestamps[i];
      if (!Number.isInteger(t) || t < 0 || t > MAX_TS) throw badRequest('timestamps must be non-negative integer milliseconds', `timestamps[${i}]`);
      if (typeof values[i] !== 'number' || Number.isNaN(values[i])) throw badRequest('values must be numbers', `values[${i}]`);
      if (i > 0 && t < timestamps[i - 1]) sorted = false;
    }
    let ts = Float64Array.from(timestamps);
    let vs = Float64Array.from(values);
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a] - ts[b]);
      ts = Float64Array.from(order, (i) => timestamps[i]);
      vs = Float64Array.from(order, (i) => values[i]);
    }
    const info = this.series.get(ns, name) ?? this.create(ns, name);
    const p = namePrefix(ns, name);
    const u = this.usage.of(ns);
    this.store.write(() => {
      let seq = info.seq;
      for (let off = 0; off < n; off += CHUNK_POINTS) {
        const m = Math.min(CHUNK_POINTS, n - off);
        const buf = Buffer.allocUnsafe(4 + m * 16);
        buf.writeUInt32LE(m, 0);
        // Column copies through aligned typed arrays: far faster than per-point writes.
        const cols = new Float64Array(m * 2);
        cols.set(ts.subarray(off, off + m), 0);
        cols.set(vs.subarray(off, off + m), m);
        Buffer.from(cols.buffer).copy(buf, 4);
        const key = Buffer.concat([p, u64(ts[off]), u64(ts[off + m - 1]), u64(seq++)]);
        this.store.tsChunks.putSync(key, buf);
        u.storedBytes += key.length + buf.length;
      }
      info.seq = seq;
      this.series.put(ns, info);
      u.writes += n;
    });
    return n;
  }

  /** Calls fn for every stored point with from <= t <= to (chunk order; may be unsorted across chunks). */
  private scan(ns: string, info: SeriesInfo, from: number, to: number, fn: (t: number, v: number) => void): void {
    const p = namePrefix(ns, info.name);
    const cutoff = info.retentionMs ? Date.now() - info.retentionMs : 0;
    const lo = Math.max(from, cutoff);
    for (const key of this.store.tsChunks.getKeys({ start: p, end: Buffer.concat([p, u64(Math.min(to, MAX_TS - 1) + 1)]) })) {
      const end = readU64(key as Buffer, p.length + 8);
      if (end < lo) continue;
      const raw = this.store.peek(this.store.tsChunks, key as Buffer)!;
      const m = raw.readUInt32LE(0);
      spend(m);
      const cols = new Float64Array(m * 2);
      new Uint8Array(cols.buffer).set(raw.subarray(4, 4 + m * 16));
      for (let i = 0; i < m; i++) {
        const t = cols[i];
        if (t >= lo && t <= to) fn(t, cols[m + i]);
      }
    }
  }

  /** Raw points in [from, to], sorted by time, at most `limit`. */
  range(ns: string, name: string, from: number, to: number, limit = 100000): [number, number][] {
    const info = this.info(ns, name);
    checkRange(from, to);
    const out: [number, number][] = [];
    this.scan(ns, info, from, to, (t, v) => out.push([t, v]));
    out.sort((a, b) => a[0] - b[0]);
    return out.length > limit ? out.slice(0, limit) : out;
  }

  /** Folds [from, to] into buckets of bucketMs (aligned to the epoch) with the asked aggregates. */
  downsample(ns: string, name: string, from: number, to: number, bucketMs: number, aggs: Agg[] = ['avg']): Bucket[] {
    const info = this.info(ns, name);
    checkRange(from, to);
    if (!Number.isInteger(bucketMs) || bucketMs < 1) throw badRequest('bucketMs must be a positive integer', 'bucketMs');
    aggs.forEach((a, i) => {
      if (!AGGS.includes(a)) throw badRequest(`unknown aggregate "${a}" (use ${AGGS.join(', ')})`, `aggs[${i}]`);
    });
    interface Acc { count: number; sum: number; min: number; max: number; firstT: number; first: number; lastT: number; last: number }
    const buckets = new Map<number, Acc>();
    this.scan(ns, info, from, to, (t, v) => {
      const b = Math.floor(t / bucketMs) * bucketMs;
      const a = buckets.get(b);
      if (!a) {
        buckets.set(b, { count: 1, sum: v, min: v, max: v, firstT: t, first: v, lastT: t, last: v });
        return;
      }
      a.count++;
      a.sum += v;
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
      if (t < a.firstT) (a.firstT = t), (a.first = v);
      if (t >= a.lastT) (a.lastT = t), (a.last = v);
    });
    return [...buckets.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([t, a]) => {
        const out: Bucket = { t };
        for (const g of aggs) out[g] = g === 'avg' ? a.sum / a.count : a[g];
        return out;
      });
  }

  /** Drops chunks wholly older than each series' retention; returns chunks removed. */
  retentionCycle(): number {
    const now = Date.now();
    let removed = 0;
    for (const { ns, info } of this.series.all()) {
      if (!info.retentionMs) continue;
      const p = namePrefix(ns, info.name);
      const cutoff = now - info.retentionMs;
      const old: Buffer[] = [];
      for (const key of this.store.tsChunks.getKeys({ start: p, end: Buffer.concat([p, u64(Math.max(0, cutoff))]) })) {
        if (readU64(key as Buffer, p.length + 8) < cutoff) old.push(Buffer.from(key as Buffer));
      }
      if (!old.length) continue;
      this.store.write(() => {
        for (const key of old) {
          const v = this.store.peek(this.store.tsChunks, key);
          if (v) this.usage.of(ns).storedBytes -= key.length + v.length;
          this.store.tsChunks.removeSync(key);
        }
      });
      removed += old.length;
    }
    return removed;
  }
}

function checkRange(from: number, to: number): void {
  if (typeof from !== 'number' || !Number.isFinite(from)) throw badRequest('from must be a number (ms since the epoch)', 'from');
  if (typeof to !== 'number' || !Number.isFinite(to)) throw badRequest('to must be a number (ms since the epoch)', 'to');
  if (to < from) throw badRequest('to must not be before from', 'to');
}
