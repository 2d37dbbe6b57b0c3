import assert from 'node:assert/strict';
import net from 'node:net';
import Redis from 'ioredis';
import { startNode, sleep } from './helpers';
import type { StorageNode } from '../src/index';

describe('KV over the Redis protocol (ioredis)', () => {
  let node: StorageNode;
  let redis: Redis;
  const clients: Redis[] = [];
  const client = (opts: Record<string, unknown> = {}): Redis => {
    const c = new Redis({ port: node.respPort, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1, ...opts });
    clients.push(c);
    return c;
  };

  before(async () => {
    node = await startNode();
    redis = client();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await node.close();
  });

  it('GET/SET with EX, PX, NX, XX, GET and KEEPTTL', async () => {
    assert.equal(await redis.set('s1', 'hello'), 'OK');
    assert.equal(await redis.get('s1'), 'hello');
    assert.equal(await redis.set('s1', 'x', 'NX'), null);
    assert.equal(await redis.set('nope', 'x', 'XX'), null);
    assert.equal(await redis.get('nope'), null);
    assert.equal(await redis.set('s1', 'world', 'XX'), 'OK');
    assert.equal(await redis.set('s1', 'w2', 'GET'), 'world');
    await redis.set('s2', 'v', 'EX', 100);
    const ttl = await redis.ttl('s2');
    assert.ok(ttl > 98 && ttl <= 100, `ttl ${ttl}`);
    await redis.set('s2', 'v2', 'KEEPTTL');
    assert.ok((await redis.pttl('s2')) > 90_000);
    await redis.set('s3', 'v', 'PX', 5000);
    const pttl = await redis.pttl('s3');
    assert.ok(pttl > 4000 && pttl <= 5000);
    await assert.rejects(redis.set('s3', 'v', 'EX', 0), /invalid expire time in 'set' command/);
    await assert.rejects(redis.call('SET', 's3', 'v', 'NX', 'XX'), /syntax error/);
  });

  it('DEL, EXISTS, TYPE, MGET, MSET, binary-safe values', async () => {
    await redis.mset('m1', 'a', 'm2', 'b');
    assert.deepEqual(await redis.mget('m1', 'm2', 'missing'), ['a', 'b', null]);
    assert.equal(await redis.exists('m1', 'm2', 'missing'), 2);
    assert.equal(await redis.type('m1'), 'string');
    assert.equal(await redis.type('missing'), 'none');
    assert.equal(await redis.del('m1', 'missing'), 1);
    assert.equal(await redis.exists('m1'), 0);
    const bin = Buffer.from([0, 1, 2, 255, 13, 10, 0]);
    await redis.set(Buffer.from([1, 0, 2]), bin);
    assert.deepEqual(await redis.getBuffer(Buffer.from([1, 0, 2])), bin);
  });

  it('INCR/INCRBY/DECR with Redis errors', async () => {
    assert.equal(await redis.incr('c'), 1);
    assert.equal(await redis.incrby('c', 10), 11);
    assert.equal(await redis.decr('c'), 10);
    assert.equal(await redis.decrby('c', 20), -10);
    await redis.set('notnum', 'abc');
    await assert.rejects(redis.incr('notnum'), /ERR value is not an integer or out of range/);
    await redis.set('big', '9223372036854775807');
    await assert.rejects(redis.incr('big'), /ERR increment or decrement would overflow/);
    await redis.hset('hh', 'f', 'v');
    await assert.rejects(redis.incr('hh'), /WRONGTYPE Operation against a key holding the wrong kind of value/);
    await assert.rejects(redis.get('hh'), /WRONGTYPE/);
  });

  it('hashes: HSET/HGET/HGETALL/HDEL', async () => {
    assert.equal(await redis.hset('user:1', 'name', 'ada', 'age', '36'), 2);
    assert.equal(await redis.hset('user:1', 'age', '37'), 0);
    assert.equal(await redis.hget('user:1', 'age'), '37');
    assert.deepEqual(await redis.hgetall('user:1'), { name: 'ada', age: '37' });
    assert.equal(await redis.hdel('user:1', 'name', 'nope'), 1);
    assert.equal(await redis.type('user:1'), 'hash');
    assert.equal(await redis.hdel('user:1', 'age'), 1);
    assert.equal(await redis.exists('user:1'), 0);
    // A key whose string has expired takes a hash; a hash keeps its TTL across HSET and HDEL.
    await redis.set('h:was-string', 'x', 'PX', 20);
    await assert.rejects(redis.hset('h:was-string', 'f', 'v'), /WRONGTYPE/);
    await sleep(40);
    assert.equal(await redis.hset('h:was-string', 'f', 'v'), 1);
    assert.equal(await redis.type('h:was-string'), 'hash');
    assert.equal(await redis.expire('h:was-string', 100), 1);
    await redis.hset('h:was-string', 'g', 'w');
    await redis.hdel('h:was-string', 'f');
    assert.ok((await redis.ttl('h:was-string')) > 90);
    assert.equal(await redis.hlen('h:was-string'), 1);
    await assert.rejects(redis.get('h:was-string'), /WRONGTYPE/);
    await assert.rejects(redis.incr('h:was-string'), /WRONGTYPE/);
  });

  it('EXPIRE/PEXPIRE/TTL/PTTL/PERSIST', async () => {
    await redis.set('e1', 'v');
    assert.equal(await redis.ttl('e1'), -1);
    assert.equal(await redis.ttl('missing'), -2);
    assert.equal(await redis.expire('e1', 100), 1);
    assert.ok((await redis.ttl('e1')) > 98);
    assert.equal(await redis.pexpire('e1', 50_000), 1);
    assert.ok((await redis.pttl('e1')) <= 50_000);
    assert.equal(await redis.persist('e1'), 1);
    assert.equal(await redis.ttl('e1'), -1);
    assert.equal(await redis.persist('e1'), 0);
    assert.equal(await redis.expire('missing', 10), 0);
  });

  it('keys expire lazily on access and actively without it', async () => {
    await redis.set('lazy', 'v', 'PX', 100);
    await redis.set('active', 'v', 'PX', 100);
    const before = await redis.dbsize();
    await sleep(250);
    assert.equal(await redis.get('lazy'), null);
    assert.equal(await redis.exists('lazy'), 0);
    // No access to "active": the background cycle must have deleted it from the store.
    await sleep(300);
    assert.ok((await redis.dbsize()) <= before - 2, 'expired keys were removed by the active cycle');
  });

  it('KEYS and SCAN with patterns', async () => {
    for (let i = 0; i < 30; i++) await redis.set(`scan:${i}`, String(i));
    await redis.hset('scan:h', 'a', '1');
    const keys = (await redis.keys('scan:1*')).sort();
    assert.deepEqual(keys, ['scan:1', ...Array.from({ length: 10 }, (_, i) => `scan:1${i}`)].sort());
    assert.deepEqual(await redis.keys('scan:?'), expect(['scan:0', 'scan:1', 'scan:2', 'scan:3', 'scan:4', 'scan:5', 'scan:6', 'scan:7', 'scan:8', 'scan:9', 'scan:h']));
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', 'scan:*', 'COUNT', 7);
      batch.forEach((k) => seen.add(k));
      cursor = next;
    } while (cursor !== '0');
    assert.equal(seen.size, 31);
    const [, hashes] = await redis.scan('0', 'MATCH', 'scan:*', 'COUNT', 1000, 'TYPE', 'hash');
    assert.deepEqual(hashes, ['scan:h']);
  });

  it('INCR races from 50 concurrent clients lose no increment', async () => {
    const racers = Array.from({ length: 50 }, () => client());
    await Promise.all(racers.map((c) => c.ping()));
    await Promise.all(racers.map(async (c) => {
      for (let i = 0; i < 40; i++) await c.incr('race');
    }));
    assert.equal(await redis.get('race'), '2000');
  });

  it('pipelining: 2000 commands in one pipeline, replies in order', async () => {
    const p = redis.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`p:${i}`, `v${i}`);
    for (let i = 0; i < 1000; i++) p.get(`p:${i}`);
    const res = (await p.exec())!;
    assert.equal(res.length, 2000);
    for (let i = 0; i < 1000; i++) assert.equal(res[1000 + i][1], `v${i}`);
    // A failing command in the middle fails alone.
    const q = await redis.pipeline().set('p:x', 'a').incr('p:x').get('p:x').exec();
    assert.equal(q![0][1], 'OK');
    assert.match(String(q![1][0]), /not an integer/);
    assert.equal(q![2][1], 'a');
  });

  it('unknown commands and wrong arity are worded as Redis words them', async () => {
    await assert.rejects(redis.call('NOSUCH', 'a'), /ERR unknown command 'NOSUCH', with args beginning with: 'a'/);
    await assert.rejects(redis.call('GET'), /ERR wrong number of arguments for 'get' command/);
    await assert.rejects(redis.call('SELECT', '16'), /ERR DB index is out of range/);
  });

  it('RESP3 via HELLO 3: maps and nulls', async () => {
    const sock = net.connect(node.respPort, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const got: Buffer[] = [];
    sock.on('data', (d) => got.push(d));
    sock.write('*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n*4\r\n$4\r\nHSET\r\n$2\r\nr3\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$7\r\nHGETALL\r\n$2\r\nr3\r\n*2\r\n$3\r\nGET\r\n$7\r\nmissing\r\n');
    await sleep(200);
    sock.destroy();
    const text = Buffer.concat(got).toString();
    assert.match(text, /^%7\r\n/);
    assert.match(text, /\$5\r\nproto\r\n:3\r\n/);
    assert.ok(text.endsWith(':1\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n_\r\n'), JSON.stringify(text.slice(-60)));
  });
});

describe('AUTH selects an isolated namespace', () => {
  let node: StorageNode;
  const clients: Redis[] = [];
  before(async () => {
    node = await startNode({ requireAuth: true, authenticate: (user, pw) => (pw === 'secret' ? user ?? 'default' : null) });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await node.close();
  });

  it('requires AUTH, rejects bad passwords, and isolates namespaces', async () => {
    // RESP2 so the client connects without credentials (ioredis' RESP3 handshake would fail first, as with Redis).
    const anon = new Redis({ port: node.respPort, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, protocol: 2 });
    clients.push(anon);
    await anon.connect();
    await assert.rejects(anon.get('k'), /NOAUTH Authentication required/);
    await assert.rejects(anon.call('AUTH', 'alice', 'wrong'), /WRONGPASS invalid username-password pair/);
    const alice = new Redis({ port: node.respPort, username: 'alice', password: 'secret' });
    const bob = new Redis({ port: node.respPort, username: 'bob', password: 'secret' });
    clients.push(alice, bob);
    await alice.set('shared-name', 'alice-value');
    await bob.set('shared-name', 'bob-value');
    assert.equal(await alice.get('shared-name'), 'alice-value');
    assert.equal(await bob.get('shared-name'), 'bob-value');
    assert.deepEqual(await bob.keys('*'), ['shared-name']);
    await bob.flushdb();
    assert.equal(await alice.get('shared-name'), 'alice-value');
  });
});

function expect(keys: string[]): string[] {
  return keys;
}
