import assert from 'node:assert/strict';
import { api, startNode } from './helpers';
import type { StorageNode } from '../src/index';

describe('the one query endpoint', () => {
  let node: StorageNode;
  before(async () => {
    node = await startNode();
    const port = node.httpPort;
    await api(port, 'POST', '/v1/collections/products/docs', {
      docs: [
        { _id: 'p1', name: 'red shoe', price: 30 },
        { _id: 'p2', name: 'blue shoe', price: 80 },
        { _id: 'p3', name: 'red hat', price: 20 },
        { _id: 'p4', name: 'green hat', price: 25 },
      ],
    });
    await api(port, 'PUT', '/v1/vectors/product-vecs', { dimension: 2, metric: 'euclidean' });
    await api(port, 'POST', '/v1/vectors/product-vecs/upsert', {
      items: [
        { id: 'p1', vector: [1, 1] },
        { id: 'p2', vector: [1, 1.1] },
        { id: 'p3', vector: [5, 5] },
        { id: 'p4', vector: [2, 2] },
      ],
    });
  });
  after(() => node.close());

  it('runs a single request naming its model', async () => {
    const r = await api(node.httpPort, 'POST', '/v1/query', { model: 'kv', op: 'set', key: 'greeting', value: 'hi', ttlMs: 60_000 });
    assert.deepEqual(r.body, { written: true });
    const g = await api(node.httpPort, 'POST', '/v1/query', { model: 'kv', op: 'get', key: 'greeting' });
    assert.deepEqual(g.body, { value: 'hi' });
    const h = await api(node.httpPort, 'GET', '/v1/kv/greeting');
    assert.deepEqual(h.body, { value: 'hi' });
  });

  it('finds documents, then the nearest vectors among their ids, in one call', async () => {
    const r = await api<{ results: [{ docs: { _id: string }[] }, { hits: { id: string }[] }] }>(node.httpPort, 'POST', '/v1/query', {
      steps: [
        { as: 'cheap', model: 'documents', op: 'find', collection: 'products', filter: { price: { $lt: 50 } } },
        { model: 'vectors', op: 'search', collection: 'product-vecs', vector: [1, 1.05], k: 2, filter: { id: { $in: { $from: 'cheap', path: '_id' } } } },
      ],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.results[0].docs.length, 3);
    assert.deepEqual(r.body.results[1].hits.map((h) => h.id), ['p1', 'p4'], 'p2 is nearest but too expensive');
  });

  it('names the bad field in a step', async () => {
    let r = await api(node.httpPort, 'POST', '/v1/query', { steps: [{ model: 'documents', op: 'find', collection: 'products' }, { model: 'vectors', op: 'search', collection: 'product-vecs', k: 'ten', vector: [1, 1] }] });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'steps[1].k');
    r = await api(node.httpPort, 'POST', '/v1/query', { model: 'graph', op: 'walk' });
    assert.equal((r.body.error as { field: string }).field, 'model');
    r = await api(node.httpPort, 'POST', '/v1/query', { steps: [{ model: 'vectors', op: 'search', collection: 'product-vecs', vector: [1, 1], filter: { id: { $in: { $from: 'nope' } } } }] });
    assert.equal(r.status, 400);
    assert.match((r.body.error as { message: string }).message, /no earlier step is named "nope"/);
  });

  it('exposes /health, /metrics and per-namespace usage', async () => {
    const h = await api(node.httpPort, 'GET', '/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    const m = await api<string>(node.httpPort, 'GET', '/metrics');
    assert.match(m.body, /# TYPE synq_storage_namespace_stored_bytes gauge/);
    assert.match(m.body, /synq_storage_namespace_vectors\{namespace="default"\} 4/);
    const u = await api<{ usage: { storedBytes: number; queries: number; vectors: number } }>(node.httpPort, 'GET', '/v1/usage');
    assert.ok(u.body.usage.storedBytes > 0);
    assert.ok(u.body.usage.queries > 0);
    assert.equal(u.body.usage.vectors, 4);
    const other = await api<{ usage: unknown }>(node.httpPort, 'GET', '/v1/usage', undefined, { 'x-synq-namespace': 'someone-else' });
    assert.equal(other.body.usage, null);
  });

  it('drops collections, vector collections and series, releasing their stored bytes', async () => {
    const port = node.httpPort;
    const ns = { 'x-synq-namespace': 'dropper' };
    const usage = async (): Promise<number> => (await api<{ usage: { storedBytes: number } }>(port, 'GET', '/v1/usage', undefined, ns)).body.usage.storedBytes;
    await api(port, 'POST', '/v1/collections/d/docs', { docs: [{ a: 1 }, { a: 2 }] }, ns);
    await api(port, 'POST', '/v1/collections/d/indexes', { fields: ['a'] }, ns);
    await api(port, 'PUT', '/v1/vectors/dv', { dimension: 2 }, ns);
    await api(port, 'POST', '/v1/vectors/dv/upsert', { items: [{ id: 'a', vector: [1, 2] }] }, ns);
    await api(port, 'POST', '/v1/series/ds/points', { points: [[1, 1], [2, 2]] }, ns);
    assert.ok((await usage()) > 0);
    for (const path of ['/v1/collections/d', '/v1/vectors/dv', '/v1/series/ds']) {
      const r = await api(port, 'DELETE', path, undefined, ns);
      assert.equal(r.body.dropped, true, path);
    }
    assert.equal(await usage(), 0);
    assert.equal((await api(port, 'POST', '/v1/collections/d/count', {}, ns)).body.count, 0);
    assert.equal((await api(port, 'GET', '/v1/vectors/dv', undefined, ns)).status, 404);
  });
});
