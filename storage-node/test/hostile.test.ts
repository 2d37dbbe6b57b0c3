/**
 * One tenant cannot stall the node: requests that used to hold it for everyone (a glob that a
 * backtracking RegExp explodes on, code-running query operators, a non-positive multibulk
 * count) are answered correctly or refused clearly, while another client's GET is answered
 * within a second. The node runs as a child process so a hang cannot stall the test itself.
 * Globs are checked against a real redis-server.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';
import { freePort } from '../bench/util';
import { api, rng, sleep, spawnNode, tempDir, type ChildNode } from './helpers';

/** Raw bytes in, every reply byte that arrives within `ms` out. */
async function raw(port: number, bytes: string, ms = 500): Promise<string> {
  const sock = net.connect(port, '127.0.0.1');
  let out = '';
  sock.on('data', (d: Buffer) => (out += d.toString('latin1')));
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  sock.write(bytes);
  await sleep(ms);
  sock.destroy();
  return out;
}

/**
 * Runs `hostile` and, while it is in flight, times another client's GET and ECHO: the GET is
 * served by the socket thread, the ECHO by the JS thread the hostile request would hold.
 */
async function whileRunning<T>(node: ChildNode, hostile: () => Promise<T>): Promise<{ result: T; otherMs: number }> {
  const other = new Redis(node.respPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  await other.connect();
  try {
    const pending = hostile();
    await sleep(20);
    const started = Date.now();
    assert.equal(await other.get('canary'), 'alive');
    assert.equal(await other.echo('still here'), 'still here');
    const otherMs = Date.now() - started;
    return { result: await pending, otherMs };
  } finally {
    other.disconnect();
  }
}

describe('hostile requests cannot hold the node', function () {
  this.timeout(60_000);
  let node: ChildNode;
  let client: Redis;
  const longKey = 'a'.repeat(60);
  const explosive = '*a'.repeat(30) + '*b';

  before(async () => {
    node = await spawnNode(tempDir('hostile'));
    client = new Redis(node.respPort, '127.0.0.1');
    await client.set('canary', 'alive');
    await client.set(longKey, '1');
    const inserted = await api(node.httpPort, 'POST', '/v1/collections/c/docs', { docs: [{ _id: 'x', s: 'a'.repeat(32) + '!' }] });
    assert.equal(inserted.status, 200, JSON.stringify(inserted.body));
  });

  after(async () => {
    client.disconnect();
    node.proc.kill('SIGTERM');
    await node.exited;
  });

  it(`KEYS ${explosive.slice(0, 12)}... (30 stars) over a 60-byte key answers at once, and so does everyone else`, async () => {
    const { result, otherMs } = await whileRunning(node, () => client.keys(explosive));
    assert.deepEqual(result, []);
    assert.ok(otherMs < 1_000, `another client's GET and ECHO took ${otherMs} ms`);
    assert.deepEqual(await client.keys('*a'.repeat(30)), [longKey]);
  });

  it('GET /v1/kv?pattern= with the same glob answers at once', async () => {
    const { result, otherMs } = await whileRunning(node, () => api(node.httpPort, 'GET', `/v1/kv?pattern=${encodeURIComponent(explosive)}`));
    assert.equal(result.status, 200);
    assert.deepEqual((result.body as { keys: string[] }).keys, []);
    assert.ok(otherMs < 1_000, `another client's GET and ECHO took ${otherMs} ms`);
  });

  it('$regex ^(a+)+$ over 32 a\'s and a ! (and $regexMatch in an aggregation) answers at once; backreferences are refused', async () => {
    for (const [path, body, expected] of [
      ['/v1/collections/c/find', { filter: { s: { $regex: '^(a+)+$' } } }, { docs: [] }],
      ['/v1/collections/c/aggregate', { pipeline: [{ $project: { m: { $regexMatch: { input: '$s', regex: '^(a+)+$' } } } }] }, { docs: [{ _id: 'x', m: false }] }],
      ['/v1/collections/c/find', { filter: { s: { $regex: '^A+!$', $options: 'i' } } }, { docs: [{ _id: 'x', s: 'a'.repeat(32) + '!' }] }],
    ] as const) {
      const { result, otherMs } = await whileRunning(node, () => api(node.httpPort, 'POST', path, body));
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.deepEqual(result.body, expected);
      assert.ok(otherMs < 1_000, `another client's GET and ECHO took ${otherMs} ms`);
    }
    const refused = await api(node.httpPort, 'POST', '/v1/collections/c/find', { filter: { s: { $regex: '(a)\\1' } } });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /backreferences are not supported/);
  });

  it('$regexFind and $regexFindAll run in linear time too: the catastrophe, and an empty pattern (which loops forever in JavaScript) answer at once', async () => {
    const project = (fields: Record<string, unknown>) => ({ pipeline: [{ $project: fields }] });
    const body = project({
      none: { $regexFind: { input: '$s', regex: '^(a+)+$' } },
      last: { $regexFind: { input: '$s', regex: '(a)(b)?!' } },
      all: { $size: { $regexFindAll: { input: '$s', regex: '(a)(b)?' } } },
      empty: { $size: { $regexFindAll: { input: '$s', regex: '' } } },
      missing: { $regexFind: { input: '$nothing', regex: 'a' } },
      missingAll: { $regexFindAll: { input: '$nothing', regex: 'a' } },
    });
    const { result, otherMs } = await whileRunning(node, () => api(node.httpPort, 'POST', '/v1/collections/c/aggregate', body));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.deepEqual(result.body, {
      docs: [{ _id: 'x', none: null, last: { match: 'a!', idx: 31, captures: ['a', null] }, all: 32, empty: 34, missing: null, missingAll: [] }],
    });
    assert.ok(otherMs < 1_000, `another client's GET and ECHO took ${otherMs} ms`);
    const wrongType = await api(node.httpPort, 'POST', '/v1/collections/c/aggregate', project({ f: { $regexFind: { input: 5, regex: 'a' } } }));
    assert.equal(wrongType.status, 400);
    assert.match(JSON.stringify(wrongType.body), /needs 'input' to be a string/);
    const refused = await api(node.httpPort, 'POST', '/v1/collections/c/aggregate', project({ f: { $regexFindAll: { input: '$s', regex: '(?=a)' } } }));
    assert.equal(refused.status, 400);
  });

  it('refuses operators that run client code ($function, $accumulator, $where) with 400, not 500', async () => {
    const fn = { $function: { body: 'function () { while (true) {} }', args: [], lang: 'js' } };
    for (const [path, body] of [
      ['/v1/collections/c/find', { filter: { $expr: fn } }],
      ['/v1/collections/c/count', { filter: { $where: 'while (true) {}' } }],
      ['/v1/collections/c/aggregate', { pipeline: [{ $project: { v: fn } }] }],
      ['/v1/collections/c/aggregate', { pipeline: [{ $group: { _id: null, v: { $accumulator: { init: 'function () {}', accumulate: 'function () {}', accumulateArgs: [], merge: 'function () {}', lang: 'js' } } } }] }],
    ] as const) {
      const { result, otherMs } = await whileRunning(node, () => api(node.httpPort, 'POST', path, body));
      assert.equal(result.status, 400, `${path} ${JSON.stringify(result.body)}`);
      assert.match(JSON.stringify(result.body), /\$(function|where|accumulator) is not supported/);
      assert.ok(otherMs < 1_000);
    }
  });

  it('skips a multibulk count <= 0 and answers the next request, as Redis does', async () => {
    assert.equal(await raw(node.respPort, '*-5\r\nPING\r\n'), '+PONG\r\n');
    assert.equal(await raw(node.respPort, '*0\r\n*1\r\n$4\r\nPING\r\n'), '+PONG\r\n');
    assert.equal(await raw(node.respPort, '*-1\r\n*2\r\n$3\r\nGET\r\n$6\r\ncanary\r\n'), '$5\r\nalive\r\n');
  });

  it('a downsample into more than 100,000 buckets is refused (2M one-second buckets made a 100 MB answer that held the node for seconds), and so is a range limit over 1M points', async () => {
    assert.equal((await api(node.httpPort, 'PUT', '/v1/series/dense', {})).status, 200);
    for (let b = 0; b < 200_000; b += 100_000) {
      const timestamps = Array.from({ length: 100_000 }, (_, i) => (b + i) * 1000);
      const r = await api(node.httpPort, 'POST', '/v1/series/dense/points', { timestamps, values: timestamps.map((t) => t % 97) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const { result, otherMs } = await whileRunning(node, () => api<{ error: { code: string; field: string; message: string } }>(node.httpPort, 'POST', '/v1/series/dense/downsample', { from: 0, to: 1e13, bucketMs: 1000, aggs: ['avg', 'min', 'max', 'count'] }));
    assert.equal(result.status, 400, JSON.stringify(result.body).slice(0, 200));
    assert.equal(result.body.error.field, 'bucketMs');
    assert.match(result.body.error.message, /more than 100000 buckets/);
    assert.ok(otherMs < 1_000, `another client's GET and ECHO took ${otherMs} ms`);
    // Exactly 100,000 buckets are served.
    const wide = await api<{ buckets: unknown[] }>(node.httpPort, 'POST', '/v1/series/dense/downsample', { from: 0, to: 1e13, bucketMs: 2000 });
    assert.equal(wide.status, 200);
    assert.equal(wide.body.buckets.length, 100_000);
    const range = await api<{ error: { field: string } }>(node.httpPort, 'POST', '/v1/series/dense/range', { from: 0, to: 1e13, limit: 2_000_000 });
    assert.equal(range.status, 400);
    assert.equal(range.body.error.field, 'limit');
  });

  describe('vector searches', () => {
    const DIM = 32;
    const N = 20_000;
    const rand = rng(11);
    const vector = (): number[] => Array.from({ length: DIM }, rand);

    before(async function () {
      this.timeout(120_000);
      assert.equal((await api(node.httpPort, 'PUT', '/v1/vectors/v', { dimension: DIM })).status, 200);
      for (let b = 0; b < N; b += 1000) {
        const items = Array.from({ length: 1000 }, (_, i) => ({ id: b + i, vector: vector(), metadata: { g: (b + i) % 100 } }));
        assert.equal((await api(node.httpPort, 'POST', '/v1/vectors/v/upsert', { items })).status, 200);
      }
    });

    it('refuses an ef (or efSearch, efConstruction) past its bound: one hnswlib search cannot be stopped midway', async () => {
      const r = await api<{ error: { field: string } }>(node.httpPort, 'POST', '/v1/vectors/v/search', { vector: vector(), k: 10, ef: 1_000_000 });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.field, 'ef');
      const created = await api<{ error: { field: string } }>(node.httpPort, 'PUT', '/v1/vectors/w', { dimension: 2, efConstruction: 100_000 });
      assert.equal(created.status, 400);
      assert.equal(created.body.error.field, 'efConstruction');
    });

    it('a batch of heavy queries stops at the work budget (it used to run ~20 ms each, 400 of them, holding the node), and so does a filter nothing passes', async () => {
      const q = vector();
      const batch = { queries: Array.from({ length: 400 }, () => q), k: 10_000, ef: 10_000 };
      const { result, otherMs } = await whileRunning(node, () => api<{ error: { code: string } }>(node.httpPort, 'POST', '/v1/vectors/v/search', batch));
      assert.equal(result.status, 400, JSON.stringify(result.body).slice(0, 200));
      assert.equal(result.body.error.code, 'over_budget');
      assert.ok(otherMs < 1_000, `another client's GET and ECHO took ${otherMs} ms`);

      const filtered = { queries: Array.from({ length: 400 }, () => q), k: 10, ef: 10_000, filter: { g: 1000 } };
      const second = await whileRunning(node, () => api<{ error: { code: string } }>(node.httpPort, 'POST', '/v1/vectors/v/search', filtered));
      assert.equal(second.result.status, 400, JSON.stringify(second.result.body).slice(0, 200));
      assert.equal(second.result.body.error.code, 'over_budget');
      assert.ok(second.otherMs < 1_000, `another client's GET and ECHO took ${second.otherMs} ms`);

      // A modest batch is served.
      const fine = await api<{ results: unknown[][] }>(node.httpPort, 'POST', '/v1/vectors/v/search', { queries: [q, vector()], k: 10 });
      assert.equal(fine.status, 200);
      assert.equal(fine.body.results[0].length, 10);
    });

    it('a large upsert answers once its records are committed; the graph takes the vectors over the next turns while every one is found', async () => {
      assert.equal((await api(node.httpPort, 'PUT', '/v1/vectors/bulk', { dimension: 16, metric: 'euclidean' })).status, 200);
      const bulk = Array.from({ length: 20_000 }, (_, i) => ({ id: i, vector: Array.from({ length: 16 }, rand) }));
      // Another client's GET and ECHO, again and again while the upsert is in flight: the longest wait.
      const other = new Redis(node.respPort, '127.0.0.1', { maxRetriesPerRequest: 0 });
      const upsert = api(node.httpPort, 'POST', '/v1/vectors/bulk/upsert', JSON.stringify({ items: bulk }));
      let answered = false;
      void upsert.finally(() => (answered = true));
      let worstMs = 0;
      while (!answered) {
        const started = Date.now();
        assert.equal(await other.get('canary'), 'alive');
        assert.equal(await other.echo('still here'), 'still here');
        worstMs = Math.max(worstMs, Date.now() - started);
        await sleep(5);
      }
      other.disconnect();
      const result = await upsert;
      assert.equal(result.status, 200, JSON.stringify(result.body).slice(0, 200));
      assert.ok(worstMs < 1_000, `another client's GET and ECHO waited up to ${worstMs} ms`);
      const findsItself = async (i: number): Promise<void> => {
        const r = await api<{ hits: { id: number; distance: number }[] }>(node.httpPort, 'POST', '/v1/vectors/bulk/search', { vector: bulk[i].vector, k: 3 });
        assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 200));
        assert.equal(r.body.hits[0].id, i);
        assert.ok(r.body.hits[0].distance < 1e-3);
      };
      await findsItself(19_999); // most likely not in the graph yet
      await findsItself(0);
      let info = (await api<{ count: number; indexing: number }>(node.httpPort, 'GET', '/v1/vectors/bulk')).body;
      assert.equal(info.count, 20_000);
      for (let i = 0; i < 600 && info.indexing > 0; i++) {
        await sleep(100);
        info = (await api<{ count: number; indexing: number }>(node.httpPort, 'GET', '/v1/vectors/bulk')).body;
      }
      assert.equal(info.indexing, 0);
      await findsItself(19_999);
      await findsItself(12_345);
    });
  });
});

describe('globs match as Redis matches them', function () {
  this.timeout(120_000);
  let redisProc: ChildProcess | undefined;
  let redis: Redis;
  let node: ChildNode;
  let ours: Redis;
  const keys = ['', 'a', 'b', 'ab', 'ba', 'abc', 'a-b', 'a]b', 'a[b', 'a\\b', 'z', 'aaaa', 'a*b', 'a?b', '^a', 'b-a', 'zz-a'];

  before(async function () {
    if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
      console.log('    (skipped: redis-server is not installed; Debian package redis-server)');
      this.skip();
    }
    const port = await freePort();
    redisProc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tempDir('redis-glob')], { stdio: 'ignore' });
    redis = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
    redis.on('error', () => undefined); // refused until redis-server listens; ioredis retries
    await redis.ping();
    node = await spawnNode(tempDir('glob'));
    ours = new Redis(node.respPort, '127.0.0.1');
    for (const k of keys.filter((k) => k !== '')) {
      await redis.set(k, '1');
      await ours.set(k, '1');
    }
  });

  after(async () => {
    redis?.disconnect();
    ours?.disconnect();
    if (node) {
      node.proc.kill('SIGTERM');
      await node.exited;
    }
    if (redisProc && redisProc.exitCode === null) {
      const exited = new Promise((r) => redisProc!.once('exit', r));
      redisProc.kill('SIGTERM');
      await exited;
    }
  });

  it('KEYS gives redis-server\'s keys for fixed and random patterns (reversed ranges, escapes, unterminated classes)', async () => {
    const fixed = ['*', '?', '??', 'a*', '*b', 'a?b', '[ab]', '[^a]', '[a-b]*', '[z-a]*', '[b-a]b', 'a[', 'a[-', '*[a-', 'a\\*b', 'a\\', '[]]*', '[]a]', '[\\]]*', 'a[]]b', '[^]]*', '*a*a*a*b', '[a-]*', '[-a]*', '\\a*'];
    const rand = rng(7);
    const alphabet = ['a', 'b', 'z', '-', '*', '?', '[', ']', '^', '\\'];
    const randomPatterns = Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(rand() * 7) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    for (const pattern of [...fixed, ...randomPatterns]) {
      const [expected, actual] = await Promise.all([redis.keys(pattern), ours.keys(pattern)]);
      assert.deepEqual(actual.sort(), expected.sort(), `KEYS ${JSON.stringify(pattern)}`);
    }
  });
});
