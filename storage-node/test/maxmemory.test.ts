/**
 * Memory limits of the KV dataset: --maxmemory with Redis's eviction policies and the
 * per-namespace quota, on the socket thread's fast path (SET, INCR, HSET) and the TypeScript
 * path alike. Redis answers OOM in the same words (checked against redis-server); which keys
 * go follows the policy, and one tenant's writes never evict another tenant's keys unless it is
 * the largest one and the node as a whole is full.
 */
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { api, sleep, startNode } from './helpers';
import { haveRedisServer, startRedisServer } from './redis-server';

const KB = Buffer.alloc(1000, 'x');

async function fill(client: Redis, prefix: string, n: number, extra: string[] = []): Promise<{ ok: number; errors: string[] }> {
  const pipe = client.pipeline();
  for (let i = 0; i < n; i++) pipe.set(`${prefix}${i}`, KB, ...(extra as []));
  const replies = (await pipe.exec())!;
  return { ok: replies.filter(([e]) => e === null).length, errors: replies.filter(([e]) => e !== null).map(([e]) => (e as Error).message) };
}

async function tenant(port: number, ns: string): Promise<Redis> {
  const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  await client.call('AUTH', ns, 'any');
  return client;
}

describe('memory limits of the KV dataset', function () {
  this.timeout(60_000);

  it('noeviction: writes past maxmemory get Redis\'s OOM on both paths; reads and DEL still work, and DEL makes room', async () => {
    const node = await startNode({ maxmemory: 100_000 });
    const client = await tenant(node.respPort, 't');
    try {
      const { ok, errors } = await fill(client, 'k', 200);
      assert.ok(ok >= 90 && ok <= 100, `${ok} writes fit`);
      assert.equal(errors[0], "OOM command not allowed when used memory > 'maxmemory'.");
      // The TypeScript path (SET with options, APPEND) refuses the same way.
      await assert.rejects(client.set('js', 'v', 'EX', 100), /^ReplyError: OOM command not allowed/);
      await assert.rejects(client.append('k0', 'more'), /OOM command not allowed/);
      assert.equal(await client.get('k0'), KB.toString());
      assert.equal(await client.call('INFO', 'memory').then((s) => /maxmemory:100000/.test(String(s))), true);
      assert.equal(await client.del('k0', 'k1', 'k2'), 3);
      assert.equal(await client.set('fits', 'now'), 'OK');
      // Full again: HTTP KV writes are refused too, with 507.
      await fill(client, 'again', 10);
      const res = await api(node.httpPort, 'PUT', '/v1/kv/http', { value: KB.toString() }, { 'x-synq-namespace': 't' });
      assert.equal(res.status, 507, JSON.stringify(res.body));
    } finally {
      client.disconnect();
      await node.close();
    }
  });

  it('words OOM exactly as redis-server does', async function () {
    if (!haveRedisServer()) this.skip();
    const redis = await startRedisServer();
    const client = new Redis({ port: redis.port, maxRetriesPerRequest: 0 });
    try {
      await client.config('SET', 'maxmemory', '2mb');
      const big = Buffer.alloc(100_000, 'x');
      let error = '';
      for (let i = 0; i < 100 && error === ''; i++) await client.set(`k${i}`, big).catch((e: Error) => (error = e.message));
      assert.equal(error, "OOM command not allowed when used memory > 'maxmemory'.");
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  it('allkeys-lru: the keys read recently stay, the cold ones go, and the dataset stays under maxmemory', async () => {
    const node = await startNode({ maxmemory: 420_000, maxmemoryPolicy: 'allkeys-lru' });
    const client = await tenant(node.respPort, 't');
    try {
      assert.equal((await fill(client, 'cold', 400)).ok, 400);
      await sleep(1100); // the LRU clock counts seconds, as Redis's
      for (let i = 0; i < 10; i++) assert.ok(await client.get(`cold${i}`), `hot key ${i} read`);
      const added = await fill(client, 'new', 100);
      assert.equal(added.ok, 100, added.errors[0]);
      const survivors = (await client.exists(...Array.from({ length: 10 }, (_, i) => `cold${i}`)));
      assert.equal(survivors, 10, 'every recently read key survives');
      const cold = await client.exists(...Array.from({ length: 390 }, (_, i) => `cold${i + 10}`));
      assert.ok(cold < 330, `${390 - cold} cold keys evicted`);
      assert.ok(node.engine.kv.usedBytes() <= 420_000 + 1100, `used ${node.engine.kv.usedBytes()}`);
    } finally {
      client.disconnect();
      await node.close();
    }
  });

  it('volatile-ttl: the soonest to expire go first, keys without a TTL never; with none left, OOM', async () => {
    const node = await startNode({ maxmemory: 48_000, maxmemoryPolicy: 'volatile-ttl' });
    const client = await tenant(node.respPort, 't');
    try {
      assert.equal((await fill(client, 'keep', 30)).ok, 30);
      for (let i = 0; i < 20; i++) await client.set(`ttl${i}`, KB, 'EX', 1000 + i * 100);
      // Over the limit now: each new write evicts the volatile key nearest its expiry.
      const added = await fill(client, 'more', 10);
      assert.equal(added.ok, 10, added.errors[0]);
      assert.equal(await client.exists(...Array.from({ length: 30 }, (_, i) => `keep${i}`)), 30, 'no key without a TTL went');
      const left = await Promise.all(Array.from({ length: 20 }, (_, i) => client.exists(`ttl${i}`)));
      // Each eviction takes the soonest to expire of a few sampled keys (as Redis samples).
      const mean = (xs: number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
      const evicted = left.flatMap((x, i) => (x === 0 ? [i] : []));
      const kept = left.flatMap((x, i) => (x === 1 ? [i] : []));
      assert.ok(evicted.length >= 5, `evicted ${left.join('')}`);
      assert.ok(mean(evicted) < mean(kept), `the soonest to expire went first: ${left.join('')}`);
      // Only keys without a TTL left to take: writes are refused.
      const rest = await fill(client, 'over', 40);
      assert.ok(rest.errors.length > 0 && rest.errors.every((e) => /^OOM/.test(e)), rest.errors[0]);
      assert.equal(await client.exists(...Array.from({ length: 30 }, (_, i) => `keep${i}`)), 30);
    } finally {
      client.disconnect();
      await node.close();
    }
  });

  it('a namespace quota holds one tenant under it (evicting only its own keys) while another writes freely', async () => {
    const node = await startNode({ namespaceQuota: 50_000, maxmemoryPolicy: 'allkeys-random' });
    const a = await tenant(node.respPort, 'a');
    const b = await tenant(node.respPort, 'b');
    try {
      assert.equal((await fill(b, 'b', 30)).ok, 30);
      assert.equal((await fill(a, 'a', 200)).ok, 200, 'a keeps writing: it evicts its own keys');
      assert.ok(node.engine.kv.usedBytes('a') <= 50_000 + 1100, `a holds ${node.engine.kv.usedBytes('a')}`);
      assert.equal(await b.exists(...Array.from({ length: 30 }, (_, i) => `b${i}`)), 30, 'b lost nothing');
      // Documents count against the same quota: a's next insert is refused once it is full.
      const docs = Array.from({ length: 60 }, (_, i) => ({ _id: i, pad: 'y'.repeat(1000) }));
      assert.equal((await api(node.httpPort, 'POST', '/v1/collections/c/docs', { docs }, { 'x-synq-namespace': 'b' })).status, 200);
      await sleep(50);
      const refused = await api<{ error: { code: string; message: string } }>(node.httpPort, 'POST', '/v1/collections/c/docs', { docs: [{ _id: 'x' }] }, { 'x-synq-namespace': 'b' });
      assert.equal(refused.status, 507, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'quota_exceeded');
    } finally {
      a.disconnect();
      b.disconnect();
      await node.close();
    }
  });

  it('node-wide maxmemory evicts from the largest namespace first', async () => {
    const node = await startNode({ maxmemory: 100_000, maxmemoryPolicy: 'allkeys-random' });
    const big = await tenant(node.respPort, 'big');
    const small = await tenant(node.respPort, 'small');
    try {
      assert.equal((await fill(big, 'k', 90)).ok, 90);
      assert.equal((await fill(small, 'k', 20)).ok, 20);
      assert.equal(await small.exists(...Array.from({ length: 20 }, (_, i) => `k${i}`)), 20, 'the small tenant kept its keys');
      assert.ok((await big.dbsize()) < 90, 'the big tenant gave way');
    } finally {
      big.disconnect();
      small.disconnect();
      await node.close();
    }
  });
});
