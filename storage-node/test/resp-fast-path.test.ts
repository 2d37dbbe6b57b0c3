/**
 * The socket thread's fast path (GET, plain SET and the counters served natively) and its hand-over of a
 * connection to the JS server and back: byte-for-byte the same replies as a real
 * redis-server for random pipelines cut at random points, RESP3 nulls, and counters.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import Redis from 'ioredis';
import { api, respFrame, rng, startNode } from './helpers';
import { DONE, exchange, haveRedisServer, sameBytes, startRedisServer } from './redis-server';

const frame = (args: string[]): Buffer => respFrame(...args);

type Node = Awaited<ReturnType<typeof startNode>>;

/** Random commands over a small keyspace: fast-path ones interleaved with everything else. */
function script(seed: number, n: number): string[][] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const key = (): string => `k${Math.floor(r() * 8)}`;
  const val = (): string => pick(['1', '42', '-7', 'x', 'hello world', '', '9223372036854775807', '-9223372036854775808', 'ü€', '01', '-0', ' 3']);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const c = r();
    if (c < 0.3) out.push(['GET', key()]);
    else if (c < 0.55) out.push([pick(['SET', 'set', 'SeT']), key(), val()]);
    else
      out.push(
        pick([
          ['INCR', key()],
          ['DEL', key(), key()],
          ['EXISTS', key()],
          ['SET', key(), val(), 'NX'],
          ['SET', key(), val(), 'XX'],
          ['SET', key(), val(), 'GET'],
          ['SETNX', key(), val()],
          ['HSET', key(), 'f', val()],
          ['HGET', key(), 'f'],
          ['HSET', key(), 'g', val(), 'f', val()],
          ['HDEL', key(), 'f'],
          ['HDEL', key(), 'g', 'f'],
          ['HLEN', key()],
          ['HEXISTS', key(), 'g'],
          ['HMSET', key(), 'f', val(), 'g', val()],
          ['HGET', key(), 'g'],
          // Over the fast path's 32 arguments: served by the TypeScript path.
          ['HSET', key(), ...Array.from({ length: 16 }, (_, i) => [`f${i}`, val()]).flat()],
          ['HSET', key(), ...Array.from({ length: 9 }, (_, i) => [`f${i}`, val()]).flat()],
          ['HDEL', key(), 'f0', 'f1', 'f2', 'g'],
          ['TYPE', key()],
          ['MGET', key(), key()],
          ['MSET', key(), val(), key(), val()],
          // Up to 32 arguments: on the fast path; MSET with a missing value: to JS, an error.
          ['MSET', ...Array.from({ length: 10 }, () => [key(), val()]).flat()],
          ['MSET', ...Array.from({ length: 20 }, () => [key(), val()]).flat()],
          ['MSET', key()],
          ['PING'],
          ['PING', 'hello'],
          ['STRLEN', key()],
          ['EXPIRE', key(), '1000'],
          ['PERSIST', key()],
          ['INCRBY', key(), '5'],
          ['INCRBY', key(), val()],
          ['DECRBY', key(), val()],
          ['DECR', key()],
          ['incr', key()],
          ['PING'],
          ['GET', key(), 'extra'],
          ['SET', key()],
          ['NOSUCHCOMMAND', key()],
        ]),
      );
  }
  return out;
}

function cutsFor(seed: number, total: number, max: number): number[] {
  const r = rng(seed);
  const cuts: number[] = [];
  for (let sum = 0; sum < total; ) {
    const n = 1 + Math.floor(r() * max);
    cuts.push(n);
    sum += n;
  }
  return cuts;
}

describe('RESP fast path', () => {
  let node: Node;
  before(async () => {
    node = await startNode();
  });
  after(async () => {
    await node?.close();
  });

  describe('against a real redis-server', () => {
    let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    let redisPort = 0;
    before(async function () {
      if (!haveRedisServer()) {
        console.log('    (skipped: redis-server is not installed; Debian package redis-server)');
        this.skip();
      }
      redis = await startRedisServer();
      redisPort = redis.port;
    });
    after(async () => {
      await redis?.stop();
    });

    for (const [seed, maxCut] of [
      [1, 4096],
      [2, 64],
      [3, 7],
    ] as const) {
      it(`random pipelines cut into pieces of up to ${maxCut} bytes get redis-server's exact replies (seed ${seed})`, async () => {
        const cmds = script(seed, maxCut < 8 ? 400 : 3000);
        const bytes = Buffer.concat([frame(['FLUSHDB']), ...cmds.map(frame)]);
        const cuts = cutsFor(seed, bytes.length, maxCut);
        const theirs = await exchange(redisPort, bytes, cuts);
        const ours = await exchange(node.respPort, bytes, cuts);
        const difference = sameBytes(ours, theirs);
        if (difference !== null) assert.fail(difference);
      });
    }
  });

  it('answers a protocol error after the fast-path commands before it, then closes only that connection', async () => {
    const sock = net.connect(node.respPort, '127.0.0.1');
    const got: Buffer[] = [];
    sock.on('data', (d: Buffer) => got.push(d));
    const closed = new Promise((r) => sock.once('close', r));
    sock.write(Buffer.concat([frame(['SET', 'pe', '1']), frame(['GET', 'pe']), Buffer.from('*1\r\n$x\r\n')]));
    await closed;
    const text = Buffer.concat(got).toString();
    assert.match(text, /^\+OK\r\n\$1\r\n1\r\n-ERR Protocol error: [^\r]+\r\n$/);
    // The node keeps serving others.
    assert.equal((await exchange(node.respPort, frame(['GET', 'pe']), [])).toString(), `$1\r\n1\r\n$${DONE.length}\r\n${DONE}\r\n`);
  });

  it('serves RESP3 nulls on the fast path after HELLO 3 hands the connection back', async () => {
    const bytes = Buffer.concat([frame(['HELLO', '3']), frame(['GET', 'r3-missing']), frame(['SET', 'r3', 'v']), frame(['GET', 'r3'])]);
    const reply = (await exchange(node.respPort, bytes, [bytes.length])).toString();
    assert.ok(reply.startsWith('%7\r\n'), reply);
    assert.ok(reply.endsWith(`_\r\n+OK\r\n$1\r\nv\r\n$${DONE.length}\r\n${DONE}\r\n`), reply);
    // A later connection starts in RESP2 again.
    assert.equal((await exchange(node.respPort, frame(['GET', 'r3-missing']), [])).toString(), `$-1\r\n$${DONE.length}\r\n${DONE}\r\n`);
  });

  it('runs a JS read-modify-write atomically against the socket thread: SET GET racing 20000 INCRs loses none', async () => {
    const incrs = 20_000;
    const counter = new Redis({ port: node.respPort });
    const swapper = new Redis({ port: node.respPort });
    try {
      await counter.set('race', '0');
      const counting = (async () => {
        for (let done = 0; done < incrs; done += 500) {
          const p = counter.pipeline();
          for (let i = 0; i < 500; i++) p.incr('race');
          await p.exec();
        }
      })();
      // SET ... GET runs in JS (an option): each swap takes the count so far and resets it.
      let taken = 0;
      let finished = false;
      void counting.then(() => (finished = true));
      while (!finished) {
        const p = swapper.pipeline();
        for (let i = 0; i < 50; i++) p.set('race', '0', 'GET');
        for (const [err, old] of (await p.exec())!) {
          assert.equal(err, null);
          taken += Number(old);
        }
      }
      await counting;
      assert.equal(taken + Number(await swapper.get('race')), incrs);
    } finally {
      counter.disconnect();
      swapper.disconnect();
    }
  });

  it('counts fast-path commands in INFO, /metrics and the namespace usage', async () => {
    const metric = async (): Promise<number> => {
      const m = (await api<string>(node.httpPort, 'GET', '/metrics')).body;
      return Number(/^synq_storage_resp_commands_total (\d+)$/m.exec(m)![1]);
    };
    const usage = async (): Promise<{ storedBytes: number; queries: number; writes: number }> =>
      (await api<{ usage: { storedBytes: number; queries: number; writes: number } }>(node.httpPort, 'GET', '/v1/usage')).body.usage;
    const fast = async (): Promise<number> => Number(/synq_fast_path_commands:(\d+)/.exec((await exchange(node.respPort, frame(['INFO', 'stats']), [])).toString())![1]);
    const before = { fast: await fast(), commands: await metric(), usage: await usage() };
    const cmds = Buffer.concat([frame(['SET', 'counted', 'abc']), frame(['GET', 'counted']), frame(['GET', 'counted'])]);
    await exchange(node.respPort, cmds, []);
    const after = { commands: await metric(), usage: await usage(), fast: await fast() };
    assert.equal(after.fast - before.fast, 3, 'SET and GET were served by the socket thread');
    assert.equal(after.commands - before.commands, 4, '3 fast-path commands and the ECHO');
    assert.equal(after.usage.queries - before.usage.queries, 4);
    assert.equal(after.usage.writes - before.usage.writes, 1);
    // A new key: its record (9-byte header + value) and its full key (prefix "\x07default" + key).
    assert.equal(after.usage.storedBytes - before.usage.storedBytes, 9 + 3 + 8 + 'counted'.length);
  });
});
