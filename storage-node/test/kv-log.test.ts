import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { OP_DEL, OP_PUT, readLog } from '../src/engine/kv-log';
import { loadNative } from '../src/native';
import { nsPrefix } from '../src/engine/keys';
import { Engine } from '../src/engine/engine';
import pino from 'pino';
import { sleep, spawnNode, tempDir, type ChildNode } from './helpers';

describe('KV log', () => {
  it('reads intact frames and ignores a torn or corrupt tail', () => {
    const file = path.join(tempDir('kvlog'), 'kv.log');
    // The writer is the native record store.
    const core = new (loadNative().KvCore)(file, false);
    const p = core.spaceId(Buffer.from([1, 0x61]));
    core.put(p, Buffer.from('k1'), Buffer.from('rec-1'));
    core.put(p, Buffer.from('k0'), Buffer.from('gone'));
    assert.equal(core.del(p, Buffer.from('k0')), 4);
    core.commit();
    core.put(p, Buffer.from('k2'), Buffer.alloc(100_000, 7));
    core.commit();
    const whole = fs.readFileSync(file);
    const all = readLog(whole);
    assert.equal(all.ops.length, 4);
    assert.equal(all.torn, false);
    assert.deepEqual(all.ops[0], { op: OP_PUT, fullKey: Buffer.from([1, 0x61, 0x6b, 0x31]), record: Buffer.from('rec-1') });
    assert.deepEqual(all.ops[2], { op: OP_DEL, fullKey: Buffer.from([1, 0x61, 0x6b, 0x30]) });
    const last = all.ops[3];
    assert.equal(last.op === OP_PUT && last.record.length, 100_000);
    // A crash mid-append: every prefix of the second frame yields just the first one.
    const firstEnd = whole.length - (8 + 1 + 2 + 4 + 4 + 100_000);
    for (const cut of [firstEnd + 1, firstEnd + 7, firstEnd + 9, whole.length - 1]) {
      const r = readLog(whole.subarray(0, cut));
      assert.equal(r.ops.length, 3, `cut at ${cut}`);
      assert.equal(r.validBytes, firstEnd);
      assert.equal(r.torn, true);
    }
    // A flipped byte in the last frame (e.g. a torn page) fails its checksum.
    const bad = Buffer.from(whole);
    bad[whole.length - 10] ^= 0xff;
    assert.equal(readLog(bad).ops.length, 3);
  });

  it('replays a rotated log (a background checkpoint cut short) before the current one', async () => {
    const dir = tempDir('kvlog-rotated');
    const core = new (loadNative().KvCore)(path.join(dir, 'kv.log'), false);
    const ns = core.spaceId(nsPrefix('default'));
    const rec = (v: string): Buffer => Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from(v)]);
    core.put(ns, Buffer.from('k'), rec('old'));
    core.put(ns, Buffer.from('only-old'), rec('1'));
    core.commit();
    // A checkpoint that begins (the log rotates to kv.log.old) and never ends.
    assert.ok(core.beginCheckpoint());
    assert.ok(fs.existsSync(path.join(dir, 'kv.log.old')));
    core.put(ns, Buffer.from('k'), rec('new'));
    core.commit();
    const node = await spawnNode(dir);
    try {
      const c = new Redis({ port: node.respPort });
      assert.equal(await c.get('k'), 'new');
      assert.equal(await c.get('only-old'), '1');
      c.disconnect();
      assert.equal(fs.existsSync(path.join(dir, 'kv.log.old')), false);
    } finally {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
  });

  it('after a replay retires the rotated log before the current one (a crash between leaves nothing stale to replay)', async () => {
    const dir = tempDir('kvlog-order');
    const core = new (loadNative().KvCore)(path.join(dir, 'kv.log'), false);
    const ns = core.spaceId(nsPrefix('default'));
    const rec = (v: string): Buffer => Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from(v)]);
    core.put(ns, Buffer.from('k'), rec('old'));
    core.commit();
    assert.ok(core.beginCheckpoint()); // kv.log.old holds 'old'
    core.put(ns, Buffer.from('k'), rec('new'));
    core.commit();
    // The node "crashes" right after its replay, as it empties the current log.
    const truncate = fs.truncateSync;
    fs.truncateSync = () => {
      throw new Error('crash');
    };
    try {
      assert.throws(() => new Engine({ dataDir: dir, log: pino({ level: 'silent' }) }), /crash/);
    } finally {
      fs.truncateSync = truncate;
    }
    assert.equal(fs.existsSync(path.join(dir, 'kv.log.old')), false, 'the old log went first');
    // Restarting replays the current log only: the newest record wins.
    const node = await spawnNode(dir);
    try {
      const c = new Redis({ port: node.respPort });
      assert.equal(await c.get('k'), 'new');
      c.disconnect();
    } finally {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
  });

  describe('replay after kill -9', () => {
    const dataDir = tempDir('kvlog-replay');
    let node: ChildNode | undefined;
    after(async () => {
      if (node && node.proc.exitCode === null) {
        node.proc.kill('SIGKILL');
        await node.exited;
      }
    });

    it('replays SET, DEL, EXPIRE, PERSIST, INCR, HSET, HDEL and FLUSHDB; a torn last frame is ignored', async () => {
      node = await spawnNode(dataDir);
      const c = new Redis({ port: node.respPort });
      await c.set('gone', 'x');
      await c.set('flushed', 'y');
      await c.flushdb(); // checkpoints, then deletes in LMDB
      // Hashes are logged a field at a time.
      const hp = c.pipeline();
      for (let i = 0; i < 300; i++) hp.hset('big', `f${i}`, `v${i}`);
      for (let i = 0; i < 100; i++) hp.hdel('big', `f${i * 3}`);
      hp.hset('big', 'f1', 'changed');
      hp.expire('big', 1000);
      hp.hset('hx', 'f', 'v');
      hp.hset('hempty', 'f', 'v');
      hp.hdel('hempty', 'f'); // the last field: the key goes
      await hp.exec();
      await c.set('a', '1');
      await c.set('b', '2');
      await c.set('c', '3');
      await c.del('b');
      await c.set('b2', 'will be deleted');
      // Both expire while the node is down. (Nothing may wait from here to the kill: a due
      // TTL makes active expiry checkpoint, and the log is then empty.)
      await c.pexpire('c', 200);
      await c.pexpire('hx', 200);
      await c.set('d', '4');
      await c.expire('d', 1000);
      await c.set('e', '5', 'EX', 1000);
      await c.persist('e');
      await c.incrby('n', 41);
      await c.incr('n');
      await c.hset('h', 'f1', 'v1', 'f2', 'v2');
      await c.hdel('h', 'f2');
      const p = c.pipeline();
      for (let i = 0; i < 500; i++) p.set(`p${i}`, `v${i}`);
      p.del('b2');
      await p.exec();
      // Acknowledged, and (no checkpoint yet) only in the log.
      const logFile = path.join(dataDir, 'kv.log');
      assert.ok(fs.statSync(logFile).size > 0, 'writes are pending in the log');
      node.proc.kill('SIGKILL');
      await node.exited;
      c.disconnect();
      // A crash mid-append leaves a partial frame: it must be ignored, not fatal.
      fs.appendFileSync(logFile, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 1, 5]));
      await sleep(250);

      node = await spawnNode(dataDir);
      assert.ok(node.logs.some((l) => l.includes('replayed the KV log') && l.includes('"tornBytesIgnored":10')), node.logs.join('\n'));
      const r = new Redis({ port: node.respPort });
      assert.equal(await r.get('gone'), null);
      assert.equal(await r.get('flushed'), null);
      assert.equal(await r.get('a'), '1');
      assert.equal(await r.get('b'), null);
      assert.equal(await r.get('b2'), null);
      assert.equal(await r.get('c'), null);
      assert.equal(await r.get('d'), '4');
      const ttl = await r.ttl('d');
      assert.ok(ttl > 900 && ttl <= 1000, `ttl ${ttl}`);
      assert.equal(await r.ttl('e'), -1);
      assert.equal(await r.get('n'), '42');
      assert.deepEqual(await r.hgetall('h'), { f1: 'v1' });
      const big = await r.hgetall('big');
      assert.equal(Object.keys(big).length, 200);
      for (let i = 0; i < 300; i++) assert.equal(big[`f${i}`], i % 3 === 0 ? undefined : i === 1 ? 'changed' : `v${i}`);
      const bigTtl = await r.ttl('big');
      assert.ok(bigTtl > 900 && bigTtl <= 1000, `ttl ${bigTtl}`);
      assert.deepEqual(await r.hgetall('hx'), {});
      assert.equal(await r.exists('hempty'), 0);
      const vals = await r.mget(...Array.from({ length: 500 }, (_v, i) => `p${i}`));
      vals.forEach((v, i) => assert.equal(v, `v${i}`));
      // Everything reading LMDB directly sees the replayed state (once active expiry, whose
      // index was replayed too, has removed 'c'), and the log was emptied.
      let keys = 0;
      for (let i = 0; i < 50 && (keys = await r.dbsize()) !== 506; i++) await sleep(100);
      assert.equal(keys, 506);
      assert.equal(fs.statSync(logFile).size, 0);
      // Writes after a replay are logged and replayed again.
      await r.set('after', 'restart');
      assert.deepEqual((await r.keys('a*')).sort(), ['a', 'after']);
      await r.set('late', 'x');
      node.proc.kill('SIGKILL');
      await node.exited;
      r.disconnect();
      node = await spawnNode(dataDir);
      const r2 = new Redis({ port: node.respPort });
      assert.equal(await r2.get('late'), 'x');
      assert.equal(await r2.get('after'), 'restart');
      r2.disconnect();
      node.proc.kill('SIGTERM');
      assert.equal(await node.exited, 0);
    });
  });

  it('SCAN, KEYS, DBSIZE, TYPE and the HTTP API see writes not yet applied to LMDB', async () => {
    const node = await spawnNode(tempDir('kvlog-visibility'));
    try {
      const c = new Redis({ port: node.respPort });
      const p = c.pipeline();
      for (let i = 0; i < 100; i++) p.set(`k${i}`, String(i));
      p.hset('hh', 'f', 'v');
      p.dbsize();
      p.scan(0, 'COUNT', 1000);
      p.type('hh');
      p.del('k0');
      p.keys('k*');
      p.flushdb();
      p.dbsize();
      p.set('z', '1');
      const res = (await p.exec())!.map(([e, v]) => (assert.equal(e, null), v));
      assert.equal(res[101], 101);
      assert.equal((res[102] as [string, string[]])[1].length, 101);
      assert.equal(res[103], 'hash');
      assert.equal((res[105] as string[]).length, 99);
      assert.equal(res[107], 0);
      const http = await fetch(`http://127.0.0.1:${node.httpPort}/v1/kv/z`).then((r) => r.json());
      assert.deepEqual(http, { value: '1' });
      await fetch(`http://127.0.0.1:${node.httpPort}/v1/kv/y`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 'from-http' }) });
      assert.equal(await c.get('y'), 'from-http');
      assert.deepEqual((await c.keys('*')).sort(), ['y', 'z']);
      c.disconnect();
    } finally {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
  });

  it('kill -9 during background checkpoints (every 20 ms) loses no acknowledged write', async () => {
    const dir = tempDir('kvlog-ckpt');
    process.env.SYNQ_KV_CHECKPOINT_MS = '20';
    let node: ChildNode;
    try {
      node = await spawnNode(dir);
    } finally {
      delete process.env.SYNQ_KV_CHECKPOINT_MS;
    }
    const acked = new Map<string, string>();
    // The pipeline in flight at the kill may or may not have been logged: either is right.
    const inflight = new Map<string, string>();
    let stop = false;
    const clients: Redis[] = [];
    const writers = Array.from({ length: 6 }, async (_v, w) => {
      const c = new Redis({ port: node.respPort, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      c.on('error', () => undefined);
      clients.push(c);
      await new Promise((r) => c.once('ready', r));
      for (let i = 0; !stop; i++) {
        const p = c.pipeline();
        // Overwrites and deletes of a small key set, so checkpoints apply superseded state too.
        const ops: [string, string | null][] = [];
        for (let j = 0; j < 50; j++) {
          const k = `w${w}:${(i * 50 + j) % 3000}`;
          const v = (i + j) % 7 === 0 ? null : `${i}.${j}`;
          if (v === null) p.del(k);
          else p.set(k, v);
          ops.push([k, v]);
        }
        for (const [k, v] of ops) inflight.set(k, v ?? '');
        try {
          const res = await p.exec();
          if (res!.some(([e]) => e !== null)) return;
          for (const [k, v] of ops) {
            acked.set(k, v ?? '');
            inflight.delete(k);
          }
        } catch {
          return;
        }
      }
    });
    await sleep(1500);
    node.proc.kill('SIGKILL');
    await node.exited;
    stop = true;
    await Promise.all(writers);
    clients.forEach((c) => c.disconnect());
    assert.ok(acked.size > 1000, `only ${acked.size} keys acknowledged`);
    node = await spawnNode(dir);
    const r = new Redis({ port: node.respPort });
    const keys = [...acked.keys()];
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500);
      const vals = await r.mget(...batch);
      vals.forEach((v, j) => {
        const k = batch[j];
        if ((v ?? '') !== inflight.get(k)) assert.equal(v ?? '', acked.get(k), `key ${k}`);
      });
    }
    r.disconnect();
    node.proc.kill('SIGKILL');
    await node.exited;
  });

  it('an MSET is one log frame: after a kill -9 a restart sees all of its keys or none', async () => {
    const dir = tempDir('kvlog-mset');
    process.env.SYNQ_KV_CHECKPOINT_MS = '600000'; // the frames stay in kv.log until the kill
    let node: ChildNode;
    try {
      node = await spawnNode(dir);
    } finally {
      delete process.env.SYNQ_KV_CHECKPOINT_MS;
    }
    const logFile = path.join(dir, 'kv.log');
    const c = new Redis({ port: node.respPort });
    await c.set('a0', 'old');
    const s0 = fs.statSync(logFile).size;
    // 10 keys (the socket thread's fast path), then 20 (41 arguments: the JS server's).
    const first = Array.from({ length: 10 }, (_v, i) => `a${i}`);
    const second = Array.from({ length: 20 }, (_v, i) => `b${i}`);
    assert.equal(await c.mset(...first.flatMap((k) => [k, `new-${k}`])), 'OK');
    const s1 = fs.statSync(logFile).size;
    assert.equal(await c.mset(...second.flatMap((k) => [k, `new-${k}`])), 'OK');
    const s2 = fs.statSync(logFile).size;
    assert.ok(s0 > 0 && s1 > s0 && s2 > s1, `log sizes ${s0} ${s1} ${s2}`);
    node.proc.kill('SIGKILL');
    await node.exited;
    c.disconnect();
    // The same crash, cut inside each frame (the append torn mid-way) and not at all.
    const cases: [string, number, (k: string) => string | null][] = [
      ['intact', s2, (k) => `new-${k}`],
      ['second torn', s1 + Math.floor((s2 - s1) / 2), (k) => (k.startsWith('a') ? `new-${k}` : null)],
      ['first torn', s0 + Math.floor((s1 - s0) / 2), (k) => (k === 'a0' ? 'old' : null)],
    ];
    for (const [name, size, want] of cases) {
      const copy = tempDir(`kvlog-mset-${name.replace(' ', '-')}`);
      fs.cpSync(dir, copy, { recursive: true });
      fs.truncateSync(path.join(copy, 'kv.log'), size);
      const n = await spawnNode(copy);
      try {
        const r = new Redis({ port: n.respPort });
        const keys = [...first, ...second];
        const vals = await r.mget(...keys);
        vals.forEach((v, i) => assert.equal(v, want(keys[i]), `${name}: ${keys[i]}`));
        r.disconnect();
      } finally {
        n.proc.kill('SIGKILL');
        await n.exited;
      }
    }
  });

  it('an MSET with a key over the limit changes nothing (fast path and JS alike)', async () => {
    const node = await spawnNode(tempDir('kvlog-mset-limit'));
    try {
      const c = new Redis({ port: node.respPort });
      await c.set('k1', 'old');
      const long = 'x'.repeat(1801);
      for (const n of [3, 20]) {
        const pairs = Array.from({ length: n }, (_v, i) => [`k${i}`, `new${i}`]).flat();
        await assert.rejects(c.mset(...pairs, long, 'v'), /key too long/);
        assert.deepEqual(await c.mget('k0', 'k1', 'k2'), [null, 'old', null]);
      }
      c.disconnect();
    } finally {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
  });

  it('kill -9 during an HSET/HDEL-heavy run on big hashes (one of 200k fields) across background checkpoints (every 20 ms) keeps every acknowledged field', async () => {
    const dir = tempDir('kvlog-hset-ckpt');
    process.env.SYNQ_KV_CHECKPOINT_MS = '20';
    let node: ChildNode;
    try {
      node = await spawnNode(dir);
    } finally {
      delete process.env.SYNQ_KV_CHECKPOINT_MS;
    }
    // hash -> field -> value ('' = deleted); the pipeline in flight at the kill may go either way.
    const acked = new Map<string, Map<string, string>>();
    const inflight = new Map<string, Map<string, string>>();
    const at = (m: Map<string, Map<string, string>>, h: string): Map<string, string> => {
      let fields = m.get(h);
      if (!fields) m.set(h, (fields = new Map()));
      return fields;
    };
    // A hash of 200k fields first (checkpointed field by field), which one writer then changes
    // a few fields at a time (HSET and HDEL, its own fields and the first ones): each checkpoint
    // writes those, not the whole hash.
    const setup = new Redis({ port: node.respPort });
    const large = at(acked, 'large');
    for (let i = 0; i < 200_000; i += 5000) {
      const p = setup.pipeline();
      for (let j = i; j < i + 5000; j += 500) {
        const args: string[] = [];
        for (let k = j; k < j + 500; k++) {
          args.push(`p:${k}`, `v${k}`);
          large.set(`p:${k}`, `v${k}`);
        }
        p.hset('large', ...args);
      }
      await p.exec();
    }
    assert.equal(await setup.hlen('large'), 200_000);
    setup.disconnect();
    let stop = false;
    const clients: Redis[] = [];
    const writers = Array.from({ length: 4 }, async (_v, w) => {
      const c = new Redis({ port: node.respPort, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      c.on('error', () => undefined);
      clients.push(c);
      await new Promise((r) => c.once('ready', r));
      // Two big hashes shared by writers 0, 1 and 3, the 200k-field one changed by writer 2,
      // each writer with fields of its own (writer 2 also the first of the 200k).
      const h = w === 2 ? 'large' : `big${w % 2}`;
      for (let i = 0; !stop; i++) {
        const p = c.pipeline();
        const ops: [string, string][] = [];
        for (let j = 0; j < 100; j++) {
          const f = w === 2 && j % 4 === 0 ? `p:${(i * 25 + j / 4) % 2000}` : `w${w}:${(i * 100 + j) % 6000}`;
          if ((i + j) % 11 === 0) {
            p.hdel(h, f);
            ops.push([f, '']);
          } else {
            const v = `${i}.${j}`;
            if (j % 2) p.hset(h, f, v);
            else p.hmset(h, f, v, `w${w}:extra`, v);
            ops.push([f, v]);
            if (!(j % 2)) ops.push([`w${w}:extra`, v]);
          }
        }
        for (const [f, v] of ops) at(inflight, h).set(f, v);
        try {
          const res = await p.exec();
          if (res!.some(([e]) => e !== null)) return;
          for (const [f, v] of ops) {
            at(acked, h).set(f, v);
            at(inflight, h).delete(f);
          }
        } catch {
          return;
        }
      }
    });
    await sleep(2000);
    node.proc.kill('SIGKILL');
    await node.exited;
    stop = true;
    await Promise.all(writers);
    clients.forEach((c) => c.disconnect());
    const total = [...acked.values()].reduce((n, m) => n + m.size, 0);
    assert.ok(total > 5000, `only ${total} fields acknowledged`);
    node = await spawnNode(dir);
    try {
      const r = new Redis({ port: node.respPort });
      for (const [h, fields] of acked) {
        const got = await r.hgetall(h);
        for (const [f, v] of fields) {
          const have = got[f] ?? '';
          if (inflight.get(h)?.get(f) !== have) assert.equal(have, v, `${h} ${f}`);
        }
        for (const f of Object.keys(got)) assert.ok(fields.has(f) || inflight.get(h)?.has(f), `${h} ${f} was never written`);
      }
      r.disconnect();
    } finally {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
  });

  it('--fsync: acknowledged writes survive kill -9 too (fdatasync before the reply)', async () => {
    const dir = tempDir('kvlog-fsync');
    let node = await spawnNode(dir, ['--fsync']);
    const c = new Redis({ port: node.respPort });
    const p = c.pipeline();
    for (let i = 0; i < 200; i++) p.set(`f${i}`, String(i));
    await p.exec();
    await c.del('f0');
    c.disconnect();
    node.proc.kill('SIGKILL');
    await node.exited;
    node = await spawnNode(dir, ['--fsync']);
    const r = new Redis({ port: node.respPort });
    assert.equal(await r.get('f0'), null);
    assert.equal(await r.get('f199'), '199');
    assert.equal(await r.dbsize(), 199);
    r.disconnect();
    node.proc.kill('SIGKILL');
    await node.exited;
  });
});
