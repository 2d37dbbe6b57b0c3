import assert from 'node:assert/strict';
import { api, startNode } from './helpers';
import type { StorageNode } from '../src/index';

type Bucket = Record<string, number>;

describe('time-series over HTTP', () => {
  let node: StorageNode;
  let port: number;
  const T0 = Date.UTC(2026, 0, 1);
  before(async () => {
    node = await startNode();
    port = node.httpPort;
  });
  after(() => node.close());

  it('creates series with tags and lists them by tag', async () => {
    await api(port, 'PUT', '/v1/series/cpu.host1', { tags: { host: 'h1', metric: 'cpu' } });
    await api(port, 'PUT', '/v1/series/cpu.host2', { tags: { host: 'h2', metric: 'cpu' } });
    await api(port, 'PUT', '/v1/series/mem.host1', { tags: { host: 'h1', metric: 'mem' } });
    const r = await api<{ series: { name: string }[] }>(port, 'GET', '/v1/series?tag.host=h1');
    assert.deepEqual(r.body.series.map((s) => s.name).sort(), ['cpu.host1', 'mem.host1']);
  });

  it('ingests points (in any order) and answers range queries', async () => {
    // 10 minutes at one point per second, sent in two unordered halves.
    const pts = Array.from({ length: 600 }, (_, i) => [T0 + i * 1000, i] as [number, number]);
    let r = await api(port, 'POST', '/v1/series/cpu.host1/points', { points: pts.slice(300) });
    assert.equal(r.body.written, 300);
    r = await api(port, 'POST', '/v1/series/cpu.host1/points', { timestamps: pts.slice(0, 300).map((p) => p[0]).reverse(), values: pts.slice(0, 300).map((p) => p[1]).reverse() });
    assert.equal(r.body.written, 300);
    const range = await api<{ points: [number, number][] }>(port, 'POST', '/v1/series/cpu.host1/range', { from: T0 + 295_000, to: T0 + 304_000 });
    assert.deepEqual(range.body.points.map((p) => p[1]), [295, 296, 297, 298, 299, 300, 301, 302, 303, 304]);
  });

  it('downsamples into 1-minute buckets with every aggregate', async () => {
    const r = await api<{ buckets: Bucket[] }>(port, 'POST', '/v1/series/cpu.host1/downsample', {
      from: T0,
      to: T0 + 600_000,
      bucketMs: 60_000,
      aggs: ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.buckets.length, 10);
    assert.deepEqual(r.body.buckets[1], { t: T0 + 60_000, avg: 89.5, min: 60, max: 119, sum: 5370, count: 60, first: 60, last: 119 });
  });

  it('validates points and names the bad field', async () => {
    let r = await api(port, 'POST', '/v1/series/cpu.host1/points', { points: [[T0, 1], [T0 + 1, 'x']] });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'points.1.1');
    r = await api(port, 'POST', '/v1/series/cpu.host1/points', { timestamps: [T0, -5], values: [1, 2] });
    assert.equal((r.body.error as { field: string }).field, 'timestamps[1]');
    r = await api(port, 'POST', '/v1/series/cpu.host1/downsample', { from: T0, to: T0 + 1, bucketMs: 1000, aggs: ['median'] });
    assert.equal((r.body.error as { field: string }).field, 'aggs.0');
  });

  it('applies retention per series: reads hide expired points at once, the cycle drops exactly the chunks wholly past it', async () => {
    const now = Date.now();
    await api(port, 'PUT', '/v1/series/short', { retentionMs: 60_000 });
    await api(port, 'PUT', '/v1/series/long', {});
    // One ingest, one chunk: two chunks wholly past the retention, one straddling it, one fresh.
    for (const points of [[[now - 3_600_000, 1]], [[now - 120_000, 2]], [[now - 90_000, 3], [now - 1000, 4]], [[now - 500, 5]]]) {
      assert.equal((await api(port, 'POST', '/v1/series/short/points', { points })).status, 200);
    }
    assert.equal((await api(port, 'POST', '/v1/series/long/points', { points: [[now - 3_600_000, 9]] })).status, 200);
    const range = async (series: string): Promise<number[]> =>
      (await api<{ points: [number, number][] }>(port, 'POST', `/v1/series/${series}/range`, { from: 0, to: now + 1000 })).body.points.map((p) => p[1]);
    assert.deepEqual(await range('short'), [4, 5]);
    const stored = (): number => node.engine.usage.of('default').storedBytes;
    const before = stored();
    const dropped = node.engine.timeseries.retentionCycle();
    assert.equal(dropped, 2, 'the two chunks wholly older than the retention, not the straddling one, not the other series');
    assert.ok(stored() < before, 'their bytes left the usage counters');
    assert.deepEqual(await range('short'), [4, 5]);
    assert.deepEqual(await range('long'), [9], 'a series without retention keeps everything');
    assert.equal(node.engine.timeseries.retentionCycle(), 0, 'nothing left to drop');
  });
});
