import assert from 'node:assert/strict';
import fs from 'node:fs';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { namePrefix } from '../src/engine/catalogue';
import { prefixEnd } from '../src/engine/keys';
import { AGGS, type Agg } from '../src/engine/timeseries';
import { rng, tempDir } from './helpers';

/**
 * The engine's range and downsample (binary search into sorted chunks, one bucket run at a time,
 * early stop at the limit) against the plain reading they replaced: every stored point, chunk by
 * chunk in key order, filtered and folded one at a time.
 */
describe('time-series engine: range and downsample against a point-by-point reading', () => {
  let dir: string;
  let engine: Engine;
  const NS = 't';
  before(() => {
    dir = tempDir('ts-engine');
    engine = new Engine({ dataDir: dir, log: pino({ level: 'silent' }) });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every point of a series in scan order: chunks by key, each chunk's points as stored. */
  const stored = (name: string): [number, number][] => {
    const p = namePrefix(NS, name);
    const out: [number, number][] = [];
    for (const { value } of engine.store.tsChunks.getRange({ start: p, end: prefixEnd(p) })) {
      const raw = value as Buffer;
      const m = raw.readUInt32LE(0);
      for (let i = 0; i < m; i++) out.push([raw.readDoubleLE(4 + i * 8), raw.readDoubleLE(4 + (m + i) * 8)]);
    }
    return out;
  };
  const refRange = (name: string, from: number, to: number, limit = 100000): [number, number][] => {
    const out = stored(name).filter(([t]) => t >= from && t <= to);
    out.sort((a, b) => a[0] - b[0]);
    return out.slice(0, limit);
  };
  const refDownsample = (name: string, from: number, to: number, bucketMs: number, aggs: Agg[]): Record<string, number>[] => {
    const buckets = new Map<number, { count: number; sum: number; min: number; max: number; firstT: number; first: number; lastT: number; last: number }>();
    for (const [t, v] of stored(name)) {
      if (t < from || t > to) continue;
      const b = Math.floor(t / bucketMs) * bucketMs;
      const a = buckets.get(b);
      if (!a) {
        buckets.set(b, { count: 1, sum: v, min: v, max: v, firstT: t, first: v, lastT: t, last: v });
        continue;
      }
      a.count++;
      a.sum += v;
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
      if (t < a.firstT) (a.firstT = t), (a.first = v);
      if (t >= a.lastT) (a.lastT = t), (a.last = v);
    }
    return [...buckets.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([t, a]) => {
        const out: Record<string, number> = { t };
        for (const g of aggs) out[g] = g === 'avg' ? a.sum / a.count : a[g];
        return out;
      });
  };

  it('agrees on random series: in-order, out-of-order and overlapping batches, duplicate times, chunk-sized batches', () => {
    const rand = rng(20260101);
    const T0 = 1_700_000_000_000;
    for (let round = 0; round < 12; round++) {
      const name = `s${round}`;
      const span = 1 + Math.floor(rand() * 50_000_000);
      const batches = 1 + Math.floor(rand() * 8);
      for (let b = 0; b < batches; b++) {
        // Some batches are longer than a chunk (8192 points), some small; some in order, some shuffled, some repeat times.
        const n = rand() < 0.3 ? 8192 + Math.floor(rand() * 9000) : 1 + Math.floor(rand() * 3000);
        const base = T0 + Math.floor(rand() * span);
        const step = 1 + Math.floor(rand() * 2000);
        const mode = Math.floor(rand() * 3);
        const ts: number[] = [];
        const vs: number[] = [];
        for (let i = 0; i < n; i++) {
          ts.push(mode === 0 ? base + i * step : mode === 1 ? T0 + Math.floor(rand() * span) : base + Math.floor(i / 3) * step);
          vs.push(Math.round(rand() * 2000 - 1000) / 8 + rand());
        }
        engine.timeseries.ingest(NS, name, ts, vs);
      }
      for (let q = 0; q < 25; q++) {
        const a = T0 - 1000 + Math.floor(rand() * (span + 2000));
        const b = a + Math.floor(rand() * span * (rand() < 0.2 ? 2 : 0.3));
        const limit = rand() < 0.3 ? 1 + Math.floor(rand() * 5000) : undefined;
        assert.deepEqual(engine.timeseries.range(NS, name, a, b, limit), refRange(name, a, b, limit), `range ${name} [${a}, ${b}] limit ${limit}`);
        const bucketMs = [1, 1000, 60_000, 3_600_000, 7_777][Math.floor(rand() * 5)];
        const aggs = AGGS.filter(() => rand() < 0.6);
        if (aggs.length === 0) aggs.push('last');
        if (bucketMs >= 60_000 || b - a < 2_000_000) {
          assert.deepEqual(engine.timeseries.downsample(NS, name, a, b, bucketMs, aggs), refDownsample(name, a, b, bucketMs, aggs), `downsample ${name} [${a}, ${b}] / ${bucketMs}`);
        }
      }
      // The whole series, and a range past its end.
      assert.deepEqual(engine.timeseries.range(NS, name, 0, T0 * 2), refRange(name, 0, T0 * 2));
      assert.deepEqual(engine.timeseries.downsample(NS, name, 0, T0 * 2, 60_000, [...AGGS]), refDownsample(name, 0, T0 * 2, 60_000, [...AGGS]));
      assert.deepEqual(engine.timeseries.range(NS, name, T0 * 2, T0 * 3), []);
    }
  });

  it('finds a chunk that starts long before a range and reaches into it, written before or after the series was first read', () => {
    // Narrow chunks, one read (which works out the widest chunk), then a wide chunk from the start to past the end.
    for (let b = 0; b < 20; b++) engine.timeseries.ingest(NS, 'wide', Array.from({ length: 100 }, (_, i) => 1_000_000 + b * 1000 + i * 10), Array.from({ length: 100 }, () => b));
    assert.deepEqual(engine.timeseries.range(NS, 'wide', 1_015_000, 1_015_050), refRange('wide', 1_015_000, 1_015_050));
    engine.timeseries.ingest(NS, 'wide', [999_000, 1_015_025, 1_030_000], [-1, -2, -3]);
    const late = engine.timeseries.range(NS, 'wide', 1_015_000, 1_015_050);
    assert.deepEqual(late, refRange('wide', 1_015_000, 1_015_050));
    assert.ok(late.some(([, v]) => v === -2), 'the wide chunk written after the first read is seen');
    assert.deepEqual(engine.timeseries.downsample(NS, 'wide', 1_015_000, 1_029_999, 1000, ['count', 'min']), refDownsample('wide', 1_015_000, 1_029_999, 1000, ['count', 'min']));
    // A fresh engine on the same store works the span out from the keys.
    const again = new (engine.timeseries.constructor as new (...a: unknown[]) => typeof engine.timeseries)(engine.store, engine.usage);
    assert.deepEqual(again.range(NS, 'wide', 1_015_000, 1_015_050), late);
    // Re-created with the same name (PUT again): still found.
    engine.timeseries.create(NS, 'wide', { tags: { again: 'yes' } });
    assert.deepEqual(engine.timeseries.range(NS, 'wide', 1_015_000, 1_015_050), late);
  });

  it('stops reading at the limit when the chunks are in order', () => {
    const n = 8192 * 40;
    const ts = Array.from({ length: n }, (_, i) => 1_000_000 + i);
    engine.timeseries.ingest(NS, 'long', ts, ts);
    const got = engine.timeseries.range(NS, 'long', 0, 1e12, 10);
    assert.deepEqual(got, ts.slice(0, 10).map((t) => [t, t]));
    // An overlapping chunk written later, starting inside the first one: it sorts among them.
    engine.timeseries.ingest(NS, 'long', [1_000_003, 1_000_004], [-1, -2]);
    assert.deepEqual(engine.timeseries.range(NS, 'long', 0, 1e12, 7), refRange('long', 0, 1e12, 7));
    assert.deepEqual(engine.timeseries.range(NS, 'long', 0, 1e12, 7).map((p) => p[1]), [1_000_000, 1_000_001, 1_000_002, 1_000_003, -1, 1_000_004, -2]);
  });
});
