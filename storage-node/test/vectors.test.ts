import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, rng, startNode } from './helpers';
import type { StorageNode } from '../src/index';

type Hit = { id: string | number; distance: number; metadata?: Record<string, unknown> };

describe('vectors over HTTP', () => {
  const DIM = 64;
  const N = 10_000;
  const rand = rng(42);
  const vectors: number[][] = Array.from({ length: N }, () => Array.from({ length: DIM }, () => rand() * 2 - 1));
  let node: StorageNode & { dataDir: string };

  before(async () => {
    node = await startNode();
  });
  after(() => node.close());

  it('rejects bad collections and vectors, naming the field', async () => {
    let r = await api(node.httpPort, 'PUT', '/v1/vectors/bad', { dimension: 0 });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'dimension');
    r = await api(node.httpPort, 'PUT', '/v1/vectors/bad', { dimension: 3, metric: 'manhattan' });
    assert.equal((r.body.error as { field: string }).field, 'metric');
    await api(node.httpPort, 'PUT', '/v1/vectors/small', { dimension: 3, metric: 'euclidean' });
    r = await api(node.httpPort, 'POST', '/v1/vectors/small/upsert', { items: [{ id: 'a', vector: [1, 2] }] });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'items[0].vector');
    r = await api(node.httpPort, 'POST', '/v1/vectors/small/upsert', { items: [{ id: 'a', vector: [1, 2, 'x'] }] });
    assert.equal((r.body.error as { field: string }).field, 'items.0.vector.2');
  });

  it('upserts with metadata, filters, deletes, and uses each metric', async () => {
    for (const metric of ['euclidean', 'cosine', 'dot'] as const) {
      const c = `m-${metric}`;
      await api(node.httpPort, 'PUT', `/v1/vectors/${c}`, { dimension: 3, metric });
      const items = [
        { id: 'x', vector: [1, 0, 0], metadata: { color: 'red', n: 1 } },
        { id: 'y', vector: [0, 1, 0], metadata: { color: 'blue', n: 2 } },
        { id: 'z', vector: [0, 0, 1], metadata: { color: 'red', n: 3 } },
        { id: 7, vector: [0.9, 0.1, 0], metadata: { color: 'blue', n: 4 } },
      ];
      assert.equal((await api(node.httpPort, 'POST', `/v1/vectors/${c}/upsert`, { items })).status, 200);
      let r = await api<{ hits: Hit[] }>(node.httpPort, 'POST', `/v1/vectors/${c}/search`, { vector: [1, 0, 0], k: 2 });
      assert.deepEqual(r.body.hits.map((h) => h.id), ['x', 7], metric);
      assert.deepEqual(r.body.hits[0].metadata, { color: 'red', n: 1 });
      if (metric === 'euclidean') assert.ok(Math.abs(r.body.hits[1].distance - Math.sqrt(0.02)) < 1e-5);
      if (metric === 'cosine') assert.ok(Math.abs(r.body.hits[0].distance) < 1e-6);
      r = await api(node.httpPort, 'POST', `/v1/vectors/${c}/search`, { vector: [1, 0, 0], k: 2, filter: { color: 'red', n: { $gte: 2 } } });
      assert.deepEqual(r.body.hits.map((h) => h.id), ['z']);
      await api(node.httpPort, 'POST', `/v1/vectors/${c}/delete`, { ids: ['x'] });
      r = await api(node.httpPort, 'POST', `/v1/vectors/${c}/search`, { vector: [1, 0, 0], k: 1 });
      assert.deepEqual(r.body.hits.map((h) => h.id), [7]);
      await api(node.httpPort, 'POST', `/v1/vectors/${c}/upsert`, { items: [{ id: 'y', vector: [1, 0, 0], metadata: { color: 'green' } }] });
      r = await api(node.httpPort, 'POST', `/v1/vectors/${c}/search`, { vector: [1, 0, 0], k: 1 });
      assert.deepEqual(r.body.hits.map((h) => [h.id, h.metadata]), [['y', { color: 'green' }]]);
      const info = await api(node.httpPort, 'GET', `/v1/vectors/${c}`);
      assert.equal(info.body.count, 3);
    }
  });

  it('an upsert that names an id twice keeps its last vector: one record, counted and found once, before and after a restart', async () => {
    assert.equal((await api(node.httpPort, 'PUT', '/v1/vectors/twice', { dimension: 2, metric: 'euclidean' })).status, 200);
    const up = await api(node.httpPort, 'POST', '/v1/vectors/twice/upsert', { items: [{ id: 'a', vector: [0, 0] }, { id: 'b', vector: [5, 5] }, { id: 'a', vector: [1, 1] }] });
    assert.equal(up.status, 200);
    const check = async (): Promise<void> => {
      assert.equal((await api<{ count: number }>(node.httpPort, 'GET', '/v1/vectors/twice')).body.count, 2);
      const hits = (await api<{ hits: Hit[] }>(node.httpPort, 'POST', '/v1/vectors/twice/search', { vector: [0, 0], k: 3 })).body.hits;
      assert.deepEqual(hits.map((h) => h.id), ['a', 'b']);
      assert.ok(Math.abs(hits[0].distance - Math.SQRT2) < 1e-6, `a holds its last vector: ${hits[0].distance}`);
    };
    await check();
    await node.close();
    node = await startNode({ dataDir: node.dataDir });
    await check();
  });

  it(`recall@10 against brute force on ${N} random vectors is >= 0.95`, async () => {
    await api(node.httpPort, 'PUT', '/v1/vectors/recall', { dimension: DIM, metric: 'euclidean', efSearch: 256 });
    for (let i = 0; i < N; i += 1000) {
      const items = vectors.slice(i, i + 1000).map((v, j) => ({ id: i + j, vector: v, metadata: { bucket: (i + j) % 10 } }));
      const r = await api(node.httpPort, 'POST', '/v1/vectors/recall/upsert', { items });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const queries = Array.from({ length: 100 }, () => Array.from({ length: DIM }, () => rand() * 2 - 1));
    const r = await api<{ results: Hit[][] }>(node.httpPort, 'POST', '/v1/vectors/recall/search', { queries, k: 10, includeMetadata: false });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    let found = 0;
    queries.forEach((q, qi) => {
      const exact = vectors
        .map((v, id) => ({ id, d: v.reduce((s, x, k) => s + (x - q[k]) ** 2, 0) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10)
        .map((x) => x.id);
      const got = new Set(r.body.results[qi].map((h) => h.id));
      found += exact.filter((id) => got.has(id)).length;
    });
    const recall = found / (queries.length * 10);
    assert.ok(recall >= 0.95, `recall@10 = ${recall}`);
  });

  it('persists the index, reloads it, and rebuilds it when missing', async () => {
    const q = vectors[123];
    const before = await api<{ hits: Hit[] }>(node.httpPort, 'POST', '/v1/vectors/recall/search', { vector: q, k: 5 });
    assert.equal(before.body.hits[0].id, 123);
    await node.close();
    node = await startNode({ dataDir: node.dataDir });
    let after = await api<{ hits: Hit[] }>(node.httpPort, 'POST', '/v1/vectors/recall/search', { vector: q, k: 5 });
    // The same hits; distances to float32 precision (vectors the graph had not taken yet were scored exactly, in float64).
    assert.deepEqual(after.body.hits.map((h) => h.id), before.body.hits.map((h) => h.id));
    after.body.hits.forEach((h, i) => assert.ok(Math.abs(h.distance - before.body.hits[i].distance) <= 1e-5 * Math.max(1, h.distance), `${h.distance} vs ${before.body.hits[i].distance}`));
    await node.close();
    for (const f of fs.readdirSync(path.join(node.dataDir, 'vectors'))) fs.rmSync(path.join(node.dataDir, 'vectors', f));
    node = await startNode({ dataDir: node.dataDir });
    after = await api<{ hits: Hit[] }>(node.httpPort, 'POST', '/v1/vectors/recall/search', { vector: q, k: 5 });
    assert.equal(after.body.hits[0].id, 123);
    assert.equal((await api(node.httpPort, 'GET', '/v1/vectors/recall')).body.count, N);
  });
});
