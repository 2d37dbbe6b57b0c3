/**
 * One `--namespace-quota` across the models: a namespace's KV bytes and its documents',
 * vectors' and time-series' stored bytes count against the same limit, on the KV path (the
 * native store's make-room check, socket thread and TypeScript alike: evict per the policy, or
 * OOM) and on the other models' writes (`507 quota_exceeded`), over real sockets.
 */
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { api, startNode, tempDir } from './helpers';

const QUOTA = 50_000;
const KB = Buffer.alloc(1000, 'x');
const NS_OOM = "OOM command not allowed when the namespace's stored bytes > its quota.";

async function tenant(port: number, ns: string): Promise<Redis> {
  const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  await client.call('AUTH', ns, 'any');
  return client;
}

/** Inserts `n` documents of about 1 KB into collection `c` of `ns` (one request). */
async function insertDocs(port: number, ns: string, n: number, from = 0): Promise<{ status: number; body: { error?: { code: string } } }> {
  const docs = Array.from({ length: n }, (_v, i) => ({ _id: from + i, pad: 'y'.repeat(1000) }));
  return api(port, 'POST', '/v1/collections/c/docs', { docs }, { 'x-synq-namespace': ns });
}

describe('one namespace quota across KV and the other models', function () {
  this.timeout(60_000);

  it('documents fill the quota: KV writes get OOM under noeviction (fast path, TypeScript path, HTTP), and room comes back when they go', async () => {
    const node = await startNode({ namespaceQuota: QUOTA });
    const d = await tenant(node.respPort, 'd');
    const other = await tenant(node.respPort, 'other');
    try {
      assert.equal(await d.set('before', 'fits'), 'OK');
      assert.equal((await insertDocs(node.httpPort, 'd', 60)).status, 200);
      // No wait: the native store hears of the documents' bytes as they are written.
      await assert.rejects(d.set('k', KB), (e: Error) => e.message === NS_OOM);
      await assert.rejects(d.hset('h', 'f', 'v'), (e: Error) => e.message === NS_OOM);
      await assert.rejects(d.incr('n'), (e: Error) => e.message === NS_OOM);
      await assert.rejects(d.set('k', 'v', 'EX', 100), (e: Error) => e.message === NS_OOM, 'the TypeScript path');
      const http = await api(node.httpPort, 'PUT', '/v1/kv/k', { value: 'v' }, { 'x-synq-namespace': 'd' });
      assert.equal(http.status, 507, JSON.stringify(http.body));
      // Nothing of the namespace's KV data was given up for it (eviction could not make room).
      assert.equal(await d.get('before'), 'fits');
      // Reads, DEL and the other tenant are not affected.
      assert.equal(await other.set('k', KB), 'OK');
      assert.equal(await d.del('before'), 1);
      // Deleting the documents makes room for KV again.
      const del = await api(node.httpPort, 'POST', '/v1/collections/c/delete', { filter: {}, multi: true }, { 'x-synq-namespace': 'd' });
      assert.equal(del.status, 200, JSON.stringify(del.body));
      assert.equal(await d.set('k', KB), 'OK');
      assert.equal(await d.set('k2', 'v', 'EX', 100), 'OK');
    } finally {
      d.disconnect();
      other.disconnect();
      await node.close();
    }
  });

  it('documents push KV over the quota: allkeys-lru evicts KV keys to make room, until the documents alone fill it', async () => {
    const node = await startNode({ namespaceQuota: QUOTA, maxmemoryPolicy: 'allkeys-lru' });
    const d = await tenant(node.respPort, 'd');
    try {
      const pipe = d.pipeline();
      for (let i = 0; i < 30; i++) pipe.set(`k${i}`, KB);
      assert.ok((await pipe.exec())!.every(([e]) => e === null));
      const kv = node.engine.kv.usedBytes('d');
      assert.equal(await d.dbsize(), 30);
      assert.equal((await insertDocs(node.httpPort, 'd', 25)).status, 200);
      const docs = node.engine.usage.otherBytes('d');
      assert.ok(kv + docs > QUOTA && docs < QUOTA, `KV ${kv} + documents ${docs}`);
      // Both paths evict the namespace's own KV keys until KV + documents fit.
      assert.equal(await d.set('new', KB), 'OK');
      assert.equal(await d.set('new2', KB, 'EX', 100), 'OK');
      const left = await d.dbsize();
      assert.ok(left < 30, `${left} keys left`);
      assert.ok(node.engine.kv.usedBytes('d') + node.engine.usage.otherBytes('d') <= QUOTA + 1100, 'under the quota but for the last write');
      // Documents alone at the quota (a big insert once there is room for it): KV writes are
      // refused, and no KV key is given up in vain.
      assert.equal((await insertDocs(node.httpPort, 'd', 1, 100)).status, 507, 'at the quota: no insert');
      assert.equal(await d.del('new', 'new2'), 2);
      assert.equal((await insertDocs(node.httpPort, 'd', 60, 100)).status, 200);
      assert.ok(node.engine.usage.otherBytes('d') > QUOTA);
      await assert.rejects(d.set('more', KB), (e: Error) => e.message === NS_OOM);
      await assert.rejects(d.set('more', KB, 'EX', 100), (e: Error) => e.message === NS_OOM);
      assert.equal(await d.dbsize(), left - 2);
    } finally {
      d.disconnect();
      await node.close();
    }
  });

  it('KV fills the quota: document, vector and time-series writes get 507 quota_exceeded at once; another namespace writes freely', async () => {
    const node = await startNode({ namespaceQuota: QUOTA });
    const k = await tenant(node.respPort, 'k');
    try {
      const h = { 'x-synq-namespace': 'k' };
      // Set up the collections while there is room.
      assert.equal((await api(node.httpPort, 'PUT', '/v1/vectors/v', { dimension: 2 }, h)).status, 200);
      assert.equal((await api(node.httpPort, 'PUT', '/v1/series/s', {}, h)).status, 200);
      const pipe = k.pipeline();
      for (let i = 0; i < 60; i++) pipe.set(`k${i}`, KB);
      const replies = (await pipe.exec())!;
      assert.ok(replies.some(([e]) => e !== null && e.message === NS_OOM), 'KV itself stops at the quota');
      // No wait for the usage counters' flush: the KV bytes are counted as they are now.
      const refused = [
        await insertDocs(node.httpPort, 'k', 1),
        await api<{ error?: { code: string } }>(node.httpPort, 'POST', '/v1/vectors/v/upsert', { items: [{ id: 1, vector: [1, 2] }] }, h),
        await api<{ error?: { code: string } }>(node.httpPort, 'POST', '/v1/series/s/points', { points: [[1, 2]] }, h),
      ];
      for (const r of refused) {
        assert.equal(r.status, 507, JSON.stringify(r.body));
        assert.equal(r.body.error?.code, 'quota_exceeded');
      }
      assert.equal((await insertDocs(node.httpPort, 'elsewhere', 1)).status, 200);
      // Room again once KV gives some back.
      await k.del(...Array.from({ length: 20 }, (_v, i) => `k${i}`));
      assert.equal((await insertDocs(node.httpPort, 'k', 1)).status, 200);
    } finally {
      k.disconnect();
      await node.close();
    }
  });

  it('a restart keeps the two apart: documents stored before it still count against KV writes', async () => {
    const node = await startNode({ namespaceQuota: QUOTA });
    const d = await tenant(node.respPort, 'd');
    assert.equal(await d.set('small', 'v'), 'OK');
    assert.equal((await insertDocs(node.httpPort, 'd', 60)).status, 200);
    d.disconnect();
    await node.close();
    const again = await startNode({ namespaceQuota: QUOTA, dataDir: node.dataDir });
    const c = await tenant(again.respPort, 'd');
    try {
      const other = again.engine.usage.otherBytes('d');
      assert.ok(other > QUOTA, `documents ${other}`);
      assert.ok(other < QUOTA + 20_000, `documents ${other}: KV bytes are not counted twice`);
      await assert.rejects(c.set('k', KB), (e: Error) => e.message === NS_OOM);
      assert.equal(await c.get('small'), 'v');
    } finally {
      c.disconnect();
      await again.close();
    }
  });

  it('counters saved before the KV share was kept: KV bytes are taken as the store holds them', async () => {
    const dataDir = tempDir('quota-old-counters');
    let e = new Engine({ dataDir, log: pino({ level: 'silent' }) });
    e.kv.set('n', Buffer.from('k'), Buffer.alloc(5000, 'x'));
    e.documents.insert('n', 'c', [{ _id: 1, pad: 'y'.repeat(3000) }]);
    const docs = e.usage.otherBytes('n');
    assert.ok(docs > 3000 && docs < 4000, `documents ${docs}`);
    await e.close();
    // The counters as saved before: no KV share.
    {
      const { Store } = await import('../src/engine/store');
      const store = new Store({ dataDir });
      const saved = store.meta.get(Buffer.from('usage')) as Record<string, unknown>;
      assert.ok(saved['#kv'], 'saved with the KV share');
      delete saved['#kv'];
      store.write(() => store.meta.putSync(Buffer.from('usage'), saved));
      await store.close();
    }
    e = new Engine({ dataDir, log: pino({ level: 'silent' }) });
    try {
      assert.equal(e.usage.otherBytes('n'), docs);
      assert.equal(e.usage.snapshot().n.storedBytes, docs + e.kv.usedBytes('n'));
    } finally {
      await e.close();
    }
  });
});
