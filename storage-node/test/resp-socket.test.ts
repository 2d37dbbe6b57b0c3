/**
 * The native socket layer under the RESP server (src/native.ts): big frames read in many
 * chunks, replies larger than the socket buffer, slow readers, a client that never reads,
 * many connections, connection accounting, QUIT, peers that vanish, and listen errors.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import Redis from 'ioredis';
import { respFrame as frame, sleep, spawnNode, startNode, tempDir } from './helpers';
import type { StorageNode } from '../src/index';

/** Connects, sends `data`, and collects `bytes` bytes of reply (or until the server closes). */
function collect(port: number, data: Buffer, bytes: number, opts: { pauseMs?: number } = {}): Promise<{ reply: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let n = 0;
    const done = (closed: boolean): void => {
      s.destroy();
      resolve({ reply: Buffer.concat(got), closed });
    };
    s.on('data', (d: Buffer) => {
      got.push(d);
      n += d.length;
      if (n >= bytes) done(false);
    });
    s.on('close', () => done(true));
    s.on('error', reject);
    s.on('connect', () => {
      if (opts.pauseMs) {
        s.pause(); // a slow reader: the server's replies pile up in its outbox
        setTimeout(() => s.resume(), opts.pauseMs);
      }
      s.write(data);
    });
  });
}

describe('RESP socket layer', () => {
  let node: StorageNode;
  let redis: Redis;
  before(async () => {
    node = await startNode();
    redis = new Redis({ port: node.respPort, lazyConnect: true });
    await redis.connect();
  });
  after(async () => {
    redis.disconnect();
    await node.close();
  });

  it('takes a 16 MiB value in many reads and sends it back whole', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 12)) & 0xff;
    assert.equal(await redis.set('big', big), 'OK');
    const back = await redis.getBuffer('big');
    assert.ok(back && back.equals(big), 'value differs after the round trip');
    assert.equal(await redis.strlen('big'), big.length);
  });

  it('keeps replies in order for a reader that stalls while megabytes pile up', async () => {
    const value = Buffer.alloc(1024 * 1024, 'v');
    await redis.set('mb', value);
    const n = 24;
    const req = Buffer.concat(Array.from({ length: n }, (_, i) => Buffer.concat([frame('GET', 'mb'), frame('ECHO', `#${i}`)])));
    const one = Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from('\r\n')]);
    const expected = Buffer.concat(Array.from({ length: n }, (_, i) => Buffer.concat([one, Buffer.from(`$${`#${i}`.length}\r\n#${i}\r\n`)])));
    const { reply } = await collect(node.respPort, req, expected.length, { pauseMs: 300 });
    assert.equal(reply.length, expected.length);
    assert.ok(reply.equals(expected), 'replies out of order or corrupted');
  });

  it('holds back a client that pipelines 600 MiB of replies without reading: memory stays bounded, replies complete', async () => {
    const child = await spawnNode(tempDir('outbox'));
    const rss = (): number => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.proc.pid}/status`, 'utf8'))![1]) * 1024;
    const c = new Redis({ port: child.respPort });
    try {
      const value = Buffer.alloc(1024 * 1024, 'm');
      await c.set('mb', value);
      await c.get('mb');
      const base = rss();
      const n = 600;
      const one = Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from('\r\n')]);
      const s = net.connect(child.respPort, '127.0.0.1');
      s.pause(); // reads nothing until told
      await new Promise<void>((resolve) => s.once('connect', resolve));
      s.write(Buffer.concat(Array.from({ length: n }, () => frame('GET', 'mb'))));
      await sleep(1500);
      const grown = rss() - base;
      // Without the limit the node would hold all 600 MiB; with it, about 64 MiB of outbox.
      assert.ok(grown < 256 * 1024 * 1024, `the node grew by ${Math.round(grown / 2 ** 20)} MiB`);
      assert.equal(await c.ping(), 'PONG', 'other clients are served meanwhile');
      let got = 0;
      let bad = false;
      let carry: Buffer = Buffer.alloc(0);
      await new Promise<void>((resolve, reject) => {
        s.on('data', (d: Buffer) => {
          // Check every reply as it arrives (keeping at most one partial reply).
          carry = carry.length ? Buffer.concat([carry, d]) : d;
          while (carry.length >= one.length) {
            if (!carry.subarray(0, one.length).equals(one)) bad = true;
            carry = carry.subarray(one.length);
            got++;
          }
          if (got === n) resolve();
        });
        s.on('error', reject);
        s.resume();
      });
      s.destroy();
      assert.equal(bad, false, 'a reply was corrupted');
      assert.equal(carry.length, 0);
    } finally {
      c.disconnect();
      child.proc.kill('SIGTERM');
      await child.exited;
    }
  });

  it('serves 200 connections at once and counts them in and out', async () => {
    const clientsBefore = Number(/connected_clients:(\d+)/.exec(await redis.info('clients'))![1]);
    const clients = Array.from({ length: 200 }, () => new Redis({ port: node.respPort, lazyConnect: true }));
    await Promise.all(clients.map((c) => c.connect()));
    const during = Number(/connected_clients:(\d+)/.exec(await redis.info('clients'))![1]);
    assert.equal(during, clientsBefore + 200);
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < 10; i++) await c.incr('many');
    }));
    assert.equal(await redis.get('many'), '2000');
    await Promise.all(clients.map((c) => c.quit()));
    let after = -1;
    for (let i = 0; i < 50 && after !== clientsBefore; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = Number(/connected_clients:(\d+)/.exec(await redis.info('clients'))![1]);
    }
    assert.equal(after, clientsBefore);
  });

  it('QUIT answers +OK, then the server closes the connection', async () => {
    const r = await collect(node.respPort, Buffer.concat([frame('PING'), frame('QUIT'), frame('PING')]), Number.MAX_SAFE_INTEGER);
    assert.equal(r.reply.toString(), '+PONG\r\n+OK\r\n');
    assert.ok(r.closed);
  });

  it('applies the writes of a client that hangs up without reading the replies', async () => {
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(node.respPort, '127.0.0.1', () => {
        s.end(Buffer.concat([frame('SET', 'gone:1', 'a'), frame('INCRBY', 'gone:n', '5')]));
      });
      s.on('error', reject);
      s.on('close', () => resolve());
      s.resume();
    });
    let v: string | null = null;
    for (let i = 0; i < 50 && v === null; i++) {
      await new Promise((r) => setTimeout(r, 10));
      v = await redis.get('gone:1');
    }
    assert.equal(v, 'a');
    assert.equal(await redis.get('gone:n'), '5');
  });

  it('refuses a port that is taken with EADDRINUSE and leaves the running node serving', async () => {
    await assert.rejects(startNode({ respPort: node.respPort }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'EADDRINUSE');
      assert.match(e.message, /EADDRINUSE/);
      return true;
    });
    assert.equal(await redis.ping(), 'PONG');
  });
});
