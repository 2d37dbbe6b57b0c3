/**
 * Per-turn fairness of the JS RESP path: a client that pipelines 200,000 commands the native
 * fast path hands to JS (HINCRBYFLOAT, a write, and GETRANGE, a read) must not make other clients
 * wait for its whole pipeline. Meanwhile another JS-path client (ECHO), a fast-path client
 * (GET, served by the socket thread, which waits for the store lock a JS write batch holds)
 * and an HTTP client are timed, and every reply of the flood must arrive, in order.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import Redis from 'ioredis';
import { RESP_TURNS } from '../src/server/resp';
import { api, respFrame, sleep, spawnNode, startNode, tempDir, type ChildNode } from './helpers';

const FLOOD = 200_000;
/** Generous: the flood takes seconds; others should wait milliseconds. */
const OTHER_MS = 1_000;

/**
 * Pipelines `frames` (in one write, or `chunk` bytes at a time, each after the last is flushed)
 * and calls `check` with each reply line as it arrives; resolves with the time all took.
 */
function flood(port: number, frames: Buffer, replies: number, check: (line: string, i: number) => void, chunk = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    let carry = '';
    let got = 0;
    sock.on('data', (d: Buffer) => {
      carry += d.toString('latin1');
      let nl: number;
      let from = 0;
      while ((nl = carry.indexOf('\r\n', from)) >= 0) {
        const line = carry.slice(from, nl);
        from = nl + 2;
        // A bulk string's header is followed by its body line.
        if (line.startsWith('$') && line !== '$-1') continue;
        check(line, got++);
        if (got === replies) {
          sock.destroy();
          resolve(Date.now() - started);
          return;
        }
      }
      carry = carry.slice(from);
    });
    sock.on('error', reject);
    let sent = 0;
    const send = (): void => {
      if (sent >= frames.length) return;
      const end = chunk ? Math.min(sent + chunk, frames.length) : frames.length;
      const piece = frames.subarray(sent, end);
      sent = end;
      sock.write(piece, () => setImmediate(send));
    };
    sock.on('connect', send);
  });
}

interface Victims {
  echo: number[];
  get: number[];
  http: number[];
}

/** The other clients, connected and warmed up before the flood starts. */
async function victims(node: ChildNode): Promise<{ probe(done: () => boolean): Promise<Victims>; close(): void }> {
  const js = new Redis(node.respPort, '127.0.0.1', { maxRetriesPerRequest: 0 });
  const fast = new Redis(node.respPort, '127.0.0.1', { maxRetriesPerRequest: 0 });
  await js.echo('warm');
  await fast.get('canary');
  await api(node.httpPort, 'GET', '/v1/kv/canary');
  const timed = async (into: number[], run: () => Promise<unknown>, want: unknown): Promise<void> => {
    const t = Date.now();
    assert.equal(await run(), want);
    into.push(Date.now() - t);
  };
  return {
    /** Times each of them every 10 ms (at least once) until `done()`. */
    async probe(done) {
      const out: Victims = { echo: [], get: [], http: [] };
      do {
        await Promise.all([
          timed(out.echo, () => js.echo('still here'), 'still here'),
          timed(out.get, () => fast.get('canary'), 'alive'),
          timed(out.http, async () => (await api<{ value: string }>(node.httpPort, 'GET', '/v1/kv/canary')).body.value, 'alive'),
        ]);
        await sleep(10);
      } while (!done());
      return out;
    },
    close() {
      js.disconnect();
      fast.disconnect();
    },
  };
}

const slowest = (xs: number[]): number => Math.max(0, ...xs);

describe('fair turns on the JS RESP path', function () {
  this.timeout(300_000);
  let node: ChildNode;

  before(async () => {
    node = await spawnNode(tempDir('fair-turns'));
    const c = new Redis(node.respPort, '127.0.0.1');
    await c.set('canary', 'alive');
    await c.set('text', 'abcdefghij');
    c.disconnect();
  });

  after(async () => {
    node?.proc.kill('SIGTERM');
    await node?.exited;
  });

  // (Not APPEND: the JS path copies and logs the whole value at each one, so 200,000 APPENDs to
  // one key are quadratic work, minutes, whatever the turns.)
  for (const { name, frame, reply } of [
    { name: 'HINCRBYFLOAT (a write)', frame: () => respFrame('HINCRBYFLOAT', 'counts', 'f', '1'), reply: (i: number) => String(i + 1) },
    { name: 'GETRANGE (a read)', frame: (_: unknown, i: number) => respFrame('GETRANGE', 'text', String(i % 10), String(i % 10)), reply: (i: number) => 'abcdefghij'[i % 10] },
  ]) {
    it(`${FLOOD} pipelined ${name}: other clients are answered at once, and every reply arrives in order`, async () => {
      const frames = Buffer.concat(Array.from({ length: FLOOD }, frame));
      const others = await victims(node);
      let finished = false;
      let wrong = 0;
      let firstWrong = '';
      const flooding = flood(node.respPort, frames, FLOOD, (line, i) => {
        if (line !== reply(i) && wrong++ === 0) firstWrong = `reply ${i}: ${line}`;
      }).finally(() => (finished = true));
      await sleep(20);
      const timed = await others.probe(() => finished).finally(() => others.close());
      const floodMs = await flooding;
      if (process.env.SYNQ_TEST_VERBOSE) {
        console.log(`      flood answered in ${floodMs} ms; slowest of ${timed.echo.length} ECHO ${slowest(timed.echo)} ms, GET ${slowest(timed.get)} ms, HTTP ${slowest(timed.http)} ms`);
      }
      assert.equal(wrong, 0, firstWrong);
      assert.ok(timed.echo.length >= 1);
      assert.ok(slowest(timed.echo) < OTHER_MS, `a JS-path client waited ${slowest(timed.echo)} ms`);
      assert.ok(slowest(timed.get) < OTHER_MS, `a fast-path client waited ${slowest(timed.get)} ms`);
      assert.ok(slowest(timed.http) < OTHER_MS, `an HTTP client waited ${slowest(timed.http)} ms`);
    });
  }

  it('the flood wrote everything it was asked to, once', async () => {
    const c = new Redis(node.respPort, '127.0.0.1');
    try {
      assert.equal(await c.hget('counts', 'f'), String(FLOOD));
    } finally {
      c.disconnect();
    }
  });

  it(`eight connections pipelining ${FLOOD / 8} writes each: others are answered at once, each flood's replies in order`, async () => {
    const per = FLOOD / 8;
    const others = await victims(node);
    let left = 8;
    let wrong = 0;
    const floods = Array.from({ length: 8 }, (_, k) =>
      flood(node.respPort, Buffer.concat(Array.from({ length: per }, () => respFrame('HINCRBYFLOAT', 'eight', `f${k}`, '1'))), per, (line, i) => {
        if (line !== String(i + 1)) wrong++;
      }).finally(() => left--),
    );
    await sleep(20);
    const timed = await others.probe(() => left === 0).finally(() => others.close());
    const ms = await Promise.all(floods);
    if (process.env.SYNQ_TEST_VERBOSE) {
      console.log(`      floods answered in ${Math.max(...ms)} ms; slowest of ${timed.echo.length} ECHO ${slowest(timed.echo)} ms, GET ${slowest(timed.get)} ms, HTTP ${slowest(timed.http)} ms`);
    }
    assert.equal(wrong, 0);
    assert.ok(slowest(timed.echo) < OTHER_MS, `a JS-path client waited ${slowest(timed.echo)} ms`);
    assert.ok(slowest(timed.get) < OTHER_MS, `a fast-path client waited ${slowest(timed.get)} ms`);
    assert.ok(slowest(timed.http) < OTHER_MS, `an HTTP client waited ${slowest(timed.http)} ms`);
  });
});

describe('the JS RESP path holds back input it has not run', function () {
  this.timeout(120_000);

  it('past maxUnparsed it leaves input to the socket thread (which stops reading), then takes it: every reply arrives, in order', async () => {
    const saved = RESP_TURNS.maxUnparsed;
    RESP_TURNS.maxUnparsed = 256 * 1024;
    const node = await startNode();
    try {
      const n = 60_000; // about 2 MiB of input: eight times the limit
      const frames = Buffer.concat(Array.from({ length: n }, (_, i) => respFrame(i % 3 === 2 ? 'GETRANGE' : 'HINCRBYFLOAT', i % 3 === 2 ? 'nothing' : 'held', i % 3 === 2 ? '0' : 'f', i % 3 === 2 ? '-1' : '1')));
      let wrong = 0;
      let count = 0;
      // In pieces, so more arrives while the node holds the limit's worth (it runs in this
      // process: its turns and this client's writes take turns).
      await flood(
        node.respPort,
        frames,
        n,
        (line, i) => {
          // GETRANGE of a missing key: an empty bulk string, its body an empty line.
          if (i % 3 === 2 ? line !== '' : line !== String(++count)) wrong++;
        },
        16 * 1024,
      );
      assert.equal(wrong, 0);
      const c = new Redis(node.respPort, '127.0.0.1');
      assert.equal(await c.hget('held', 'f'), String((n / 3) * 2));
      c.disconnect();
    } finally {
      RESP_TURNS.maxUnparsed = saved;
      await node.close();
    }
  });
});

describe('a tenant gets its share of the JS RESP path, however many connections it brings', function () {
  this.timeout(120_000);

  it('eight connections of one namespace pipelining writes do not slow another namespace\'s one connection to a ninth', async () => {
    const node = await spawnNode(tempDir('tenant-share'));
    try {
      const per = 20_000;
      // AUTH picks the namespace (the node runs without --auth-token); one +OK, then a reply per write.
      const frames = (ns: string, key: string): Buffer => Buffer.concat([respFrame('AUTH', ns, 'any'), ...Array.from({ length: per }, () => respFrame('HINCRBYFLOAT', key, 'f', '1'))]);
      const inOrder = (line: string, i: number): void => assert.equal(line, i === 0 ? '+OK' : String(i));
      const heavy = Array.from({ length: 8 }, (_, k) => flood(node.respPort, frames('heavy', `h${k}`), per + 1, inOrder));
      const light = flood(node.respPort, frames('light', 'l'), per + 1, inOrder);
      const lightMs = await light;
      const heavyMs = Math.max(...(await Promise.all(heavy)));
      // By connection the light tenant would finish with the others (a ninth of the turns);
      // by tenant it has half of them until it is done (about 2/9 of the heavy tenant's time).
      assert.ok(lightMs < 0.6 * heavyMs, `the one-connection tenant took ${lightMs} ms, the eight-connection tenant ${heavyMs} ms`);
    } finally {
      node.proc.kill('SIGTERM');
      await node.exited;
    }
  });
});
