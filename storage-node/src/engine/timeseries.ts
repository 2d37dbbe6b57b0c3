/**
 * Time-series: named series with tags, stored as columnar chunks in LMDB
 * (key: ns + series + start + end + seq; value: [u32 n][f64 timestamps][f64 values]).
 * Ingest writes whole chunks, so a batch of points costs one LMDB put per 8192 points.
 * Range queries read only chunks overlapping the range; downsampling folds them into buckets.
 */
import { badRequest, notFound } from './errors';
import { prefixEnd, readU64, u64 } from './keys';
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
/**
 * Buckets one downsample may return (as many as a range's default limit of points): 2M
 * one-second buckets made a 100 MB answer whose JSON held the node for seconds.
 */
export const MAX_BUCKETS = 100_000;
/** Points one range read may return (`limit`; 100,000 unless asked): about 25 MB of JSON. */
export const MAX_RANGE_POINTS = 1_000_000;

/**
 * Downsampling buckets while they are folded, as columns (bucket k's time is t[k]). Buckets
 * arriving in time order (chunks that do not overlap) are appended and found at the end; the
 * first one out of order switches to a map from time to slot, and order() sorts at the end.
 */
class BucketFold {
  n = 0;
  t: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  firstT: Float64Array;
  first: Float64Array;
  lastT: Float64Array;
  last: Float64Array;
  private index: Map<number, number> | undefined;

  /** `capacity`: the buckets expected (more are made room for). */
  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.t = new Float64Array(c);
    this.count = new Float64Array(c);
    this.sum = new Float64Array(c);
    this.min = new Float64Array(c);
    this.max = new Float64Array(c);
    this.firstT = new Float64Array(c);
    this.first = new Float64Array(c);
    this.lastT = new Float64Array(c);
    this.last = new Float64Array(c);
  }

  /** The slot of bucket time b, made empty if new. */
  slot(b: number): number {
    const n = this.n;
    if (n > 0 && this.t[n - 1] === b) return n - 1;
    if (this.index === undefined) {
      if (n === 0 || b > this.t[n - 1]) return this.append(b);
      this.index = new Map();
      for (let k = 0; k < n; k++) this.index.set(this.t[k], k);
    }
    const k = this.index.get(b);
    if (k !== undefined) return k;
    const added = this.append(b);
    this.index.set(b, added);
    return added;
  }

  private append(b: number): number {
    const k = this.n++;
    if (k === this.t.length) {
      const grow = (a: Float64Array): Float64Array => {
        const g = new Float64Array(a.length * 2);
        g.set(a);
        return g;
      };
      this.t = grow(this.t);
      this.count = grow(this.count);
      this.sum = grow(this.sum);
      this.min = grow(this.min);
      this.max = grow(this.max);
      this.firstT = grow(this.firstT);
      this.first = grow(this.first);
      this.lastT = grow(this.lastT);
      this.last = grow(this.last);
    }
    this.t[k] = b;
    this.count[k] = 0;
    this.sum[k] = 0;
    this.min[k] = Infinity;
    this.max[k] = -Infinity;
    this.firstT[k] = Infinity;
    this.first[k] = NaN;
    this.lastT[k] = -Infinity;
    this.last[k] = NaN;
    return k;
  }

  /** The slots in time order. */
  order(): number[] {
    const slots = new Array<number>(this.n);
    for (let k = 0; k < this.n; k++) slots[k] = k;
    if (this.index !== undefined) slots.sort((x, y) => this.t[x] - this.t[y]);
    return slots;
  }
}

/**
 * Makes the answer's bucket objects: `{t, <agg>: value, ...}` in the asked order, built by an
 * object literal made for that list of aggregates (names only from AGGS, checked before), so
 * every bucket has one shape (a key added at a time cost several times more, and more again to
 * serialise). Cached per list, at most BUILDERS of them.
 */
type BuildBucket = (f: BucketFold, k: number) => Bucket;
const BUILDERS = 256;
const builders = new Map<string, BuildBucket>();
const AGG_EXPR: Record<Agg, string> = { avg: 'f.sum[k] / f.count[k]', min: 'f.min[k]', max: 'f.max[k]', sum: 'f.sum[k]', count: 'f.count[k]', first: 'f.first[k]', last: 'f.last[k]' };
function bucketBuilder(aggs: readonly Agg[]): BuildBucket {
  const names = [...new Set(aggs)];
  const key = names.join(',');
  let build = builders.get(key);
  if (build === undefined) {
    for (const g of names) if (!Object.prototype.hasOwnProperty.call(AGG_EXPR, g)) throw badRequest(`unknown aggregate "${g}"`, 'aggs');
    build = new Function('f', 'k', `return { t: f.t[k]${names.map((g) => `, ${g}: ${AGG_EXPR[g]}`).join('')} };`) as BuildBucket;
    if (builders.size >= BUILDERS) builders.clear();
    builders.set(key, build);
  }
  return build;
}

/** The first index of a stored chunk's (sorted) timestamps with t >= x (m if none). */
function lowerBound(raw: Buffer, m: number, x: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (raw.readDoubleLE(4 + mid * 8) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of a stored chunk's (sorted) timestamps with t > x (m if none). */
function upperBound(raw: Buffer, m: number, x: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (raw.readDoubleLE(4 + mid * 8) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Aligned scratch columns a chunk's slice is decoded into (a stored chunk's columns start at
 * byte 4, so they cannot be viewed as Float64Arrays in place); reused from chunk to chunk.
 */
let scratch = { bytes: new Uint8Array(0), ts: new Float64Array(0), vs: new Float64Array(0), vsOffset: 0 };
function scratchFor(n: number): typeof scratch {
  if (scratch.ts.length < n) {
    const cap = Math.max(n, CHUNK_POINTS);
    const buf = new ArrayBuffer(cap * 16);
    scratch = { bytes: new Uint8Array(buf), ts: new Float64Array(buf, 0, cap), vs: new Float64Array(buf, cap * 8, cap), vsOffset: cap * 8 };
  }
  return scratch;
}

export class TimeSeriesEngine {
  private readonly series: Catalogue<SeriesInfo>;
  /**
   * The longest time one stored chunk of a series spans (last - first), in memory: worked out
   * from the chunk keys at the series' first read, raised by each ingest. Reads start at the
   * first chunk that could reach into their range (start >= from - span), not at the oldest.
   * Keyed by the definition object, so one re-created or dropped works it out afresh.
   */
  private readonly spans = new WeakMap<SeriesInfo, number>();

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
    const span = this.spans.get(info);
    if (span !== undefined) {
      let widest = span;
      for (let off = 0; off < n; off += CHUNK_POINTS) widest = Math.max(widest, ts[Math.min(n, off + CHUNK_POINTS) - 1] - ts[off]);
      this.spans.set(info, widest);
    }
    return n;
  }

  /** See `spans`. */
  private spanOf(ns: string, info: SeriesInfo, p: Buffer): number {
    let span = this.spans.get(info);
    if (span === undefined) {
      span = 0;
      for (const key of this.store.tsChunks.getKeys({ start: p, end: prefixEnd(p) })) {
        const k = key as Buffer;
        span = Math.max(span, readU64(k, p.length + 8) - readU64(k, p.length));
      }
      this.spans.set(info, span);
    }
    return span;
  }

  /**
   * Calls `visit` with the points of every stored chunk overlapping [from, to] (past the
   * retention cutoff), in key order (by chunk start; chunks may overlap). A chunk's points are
   * sorted by time (ingest sorts them), so only the slice inside the range is decoded, found by
   * binary search: `ts[0..n)` and `vs[0..n)` are views into scratch arrays, valid only during
   * the call. `stop(start)` is asked before each chunk (its first time): true ends the scan.
   */
  private scan(ns: string, info: SeriesInfo, from: number, to: number, visit: (ts: Float64Array, vs: Float64Array, n: number) => void, stop?: (start: number) => boolean): void {
    const p = namePrefix(ns, info.name);
    const cutoff = info.retentionMs ? Date.now() - info.retentionMs : 0;
    const lo = Math.max(from, cutoff);
    if (lo > to) return;
    // A chunk reaching lo starts at lo - span or later.
    const first = Math.max(0, Math.floor(lo - this.spanOf(ns, info, p)));
    for (const key of this.store.tsChunks.getKeys({ start: Buffer.concat([p, u64(first)]), end: Buffer.concat([p, u64(Math.min(to, MAX_TS - 1) + 1)]) })) {
      const k = key as Buffer;
      const end = readU64(k, p.length + 8);
      if (end < lo) {
        spend(1);
        continue;
      }
      if (stop !== undefined && stop(readU64(k, p.length))) return;
      const raw = this.store.peek(this.store.tsChunks, k)!;
      const m = raw.readUInt32LE(0);
      spend(m);
      // The first point >= lo and the first point > to: [i0, i1) is the chunk's part of the range.
      const i0 = raw.readDoubleLE(4) >= lo ? 0 : lowerBound(raw, m, lo);
      const i1 = end <= to ? m : upperBound(raw, m, to);
      const n = i1 - i0;
      if (n <= 0) continue;
      const scratch = scratchFor(n);
      scratch.bytes.set(raw.subarray(4 + i0 * 8, 4 + i1 * 8), 0);
      scratch.bytes.set(raw.subarray(4 + (m + i0) * 8, 4 + (m + i1) * 8), scratch.vsOffset);
      visit(scratch.ts, scratch.vs, n);
    }
  }

  /** Raw points in [from, to], sorted by time, at most `limit`. */
  range(ns: string, name: string, from: number, to: number, limit = 100000): [number, number][] {
    const info = this.info(ns, name);
    checkRange(from, to);
    const out: [number, number][] = [];
    // Chunks come by start time; unless one starts before the previous one ended, the points are in order.
    let ordered = true;
    let lastT = -Infinity;
    this.scan(
      ns,
      info,
      from,
      to,
      (ts, vs, n) => {
        if (ts[0] < lastT) ordered = false;
        for (let i = 0; i < n; i++) out.push([ts[i], vs[i]]);
        if (ts[n - 1] > lastT) lastT = ts[n - 1];
      },
      // In order with `limit` points already: a chunk starting at or after the last of them
      // (and every later one) would sort after them (ties keep chunk order, as the sort does).
      (start) => ordered && out.length >= limit && start >= lastT,
    );
    if (!ordered) out.sort((a, b) => a[0] - b[0]);
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
    // Room for every bucket of the range, up to 32768 to begin with.
    const fold = new BucketFold(Math.min(32768, Math.floor(to / bucketMs) - Math.floor(from / bucketMs) + 1));
    // Only the aggregates asked for are folded point by point (count, first and last need the
    // run's bounds alone).
    const sums = aggs.includes('avg') || aggs.includes('sum');
    const extremes = aggs.includes('min') || aggs.includes('max');
    let run = 1;
    // A chunk's points are sorted, so they come in runs of one bucket each: one bucket lookup
    // per run, its end found by search (a regular series' runs are all as long: tried first),
    // and its points fold into locals (in the same order as point by point, so the sums are
    // the same to the last bit).
    this.scan(ns, info, from, to, (ts, vs, n) => {
      let i = 0;
      while (i < n) {
        const b = Math.floor(ts[i] / bucketMs) * bucketMs;
        const limit = b + bucketMs;
        let j = i + run;
        if (!(j <= n && ts[j - 1] < limit && (j === n || ts[j] >= limit))) {
          // The first index past i with ts >= limit.
          let lo = i + 1;
          let hi = n;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (ts[mid] < limit) lo = mid + 1;
            else hi = mid;
          }
          j = lo;
          run = j - i;
        }
        const k = fold.slot(b);
        if (fold.n > MAX_BUCKETS) throw badRequest(`the downsample would return more than ${MAX_BUCKETS} buckets: narrow the range or widen bucketMs`, 'bucketMs');
        if (sums && extremes) {
          let sum = fold.sum[k];
          let min = fold.min[k];
          let max = fold.max[k];
          for (let x = i; x < j; x++) {
            const v = vs[x];
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
          }
          fold.sum[k] = sum;
          fold.min[k] = min;
          fold.max[k] = max;
        } else if (sums) {
          let sum = fold.sum[k];
          for (let x = i; x < j; x++) sum += vs[x];
          fold.sum[k] = sum;
        } else if (extremes) {
          let min = fold.min[k];
          let max = fold.max[k];
          for (let x = i; x < j; x++) {
            const v = vs[x];
            if (v < min) min = v;
            if (v > max) max = v;
          }
          fold.min[k] = min;
          fold.max[k] = max;
        }
        fold.count[k] += j - i;
        // The first point of the bucket is its earliest (the first seen among equals), the last its latest (the last seen).
        if (ts[i] < fold.firstT[k]) (fold.firstT[k] = ts[i]), (fold.first[k] = vs[i]);
        if (ts[j - 1] >= fold.lastT[k]) (fold.lastT[k] = ts[j - 1]), (fold.last[k] = vs[j - 1]);
        i = j;
      }
    });
    const build = bucketBuilder(aggs);
    const order = fold.order();
    const out = new Array<Bucket>(order.length);
    for (let i = 0; i < order.length; i++) out[i] = build(fold, order[i]);
    return out;
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
