/**
 * Big hashes in LMDB field by field (engine/kv-layout.ts, native/src/layout.rs): a checkpoint
 * writes a changed hash's header and changed fields, not the whole hash; data directories
 * holding hashes whole (the only layout before) open with every field and move to the new
 * layout at the hash's next change.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import Redis from 'ioredis';
import { Engine } from '../src/engine/engine';
import { Store } from '../src/engine/store';
import { nsPrefix, prefixEnd } from '../src/engine/keys';
import { FIELD_LEAD, fieldPrefix, isSplitHeader, parseFieldRecord, SPLIT_BYTES } from '../src/engine/kv-layout';
import { loadNative } from '../src/native';
import { spawnNode, tempDir } from './helpers';

const log = pino({ level: 'silent' });
const open = (dataDir: string): Engine => new Engine({ dataDir, log });
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const full = (ns: string, key: string): Buffer => Buffer.concat([nsPrefix(ns), b(key)]);

/** `n` fields `element:<i>` = `v<i>`, in HSETs of 1000. */
function fill(e: Engine, key: string, n: number, from = 0): void {
  for (let i = from; i < from + n; i += 1000) {
    const pairs: [Buffer, Buffer][] = [];
    for (let j = i; j < Math.min(from + n, i + 1000); j++) pairs.push([b(`element:${j}`), b(`v${j}`)]);
    e.kv.hset('default', b(key), pairs);
  }
}

/** The field records LMDB holds for a key (field -> value). */
function lmdbFields(store: Store, fullKey: Buffer): Map<string, string> {
  const p = fieldPrefix(fullKey);
  const out = new Map<string, string>();
  for (const { key, value } of store.kv.getRange({ start: p, end: prefixEnd(p) })) {
    const r = parseFieldRecord(Buffer.from(key), Buffer.from(value))!;
    out.set(r.field.toString('latin1'), r.value.toString('latin1'));
  }
  return out;
}

/** Every field record in LMDB (of any key). */
function countFieldRecords(store: Store): number {
  return store.kv.getKeysCount({ start: Buffer.from([FIELD_LEAD]) });
}

/** A hash record as the node wrote every hash before field-level checkpoints. */
function wholeHashRecord(fields: [string, string][], expireAt = 0): Buffer {
  const parts: Buffer[] = [Buffer.alloc(9)];
  parts[0][0] = 2;
  if (expireAt) parts[0].writeDoubleBE(expireAt, 1);
  for (const [f, v] of fields) {
    for (const x of [b(f), b(v)]) {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(x.length);
      parts.push(len, x);
    }
  }
  return Buffer.concat(parts);
}

describe('KV hashes in LMDB field by field', function () {
  this.timeout(300_000);

  it('a checkpoint after changing one field of a 200k-field hash writes O(1) records', async () => {
    const e = open(tempDir('layout-o1'));
    try {
      fill(e, 'big', 200_000);
      e.kv.checkpoint();
      const first = e.kv.checkpointStats;
      assert.equal(first.keys, 1);
      assert.equal(first.fieldOps, 200_000, 'the first checkpoint writes every field');
      assert.ok(isSplitHeader(e.store.kv.get(full('default', 'big'))!));
      assert.equal(countFieldRecords(e.store), 200_000);

      e.kv.hset('default', b('big'), [[b('element:7'), b('changed')]]);
      e.kv.checkpoint();
      let s = e.kv.checkpointStats;
      assert.deepEqual([s.keys, s.ops, s.fieldOps], [1, 2, 1], 'the header and the changed field');
      assert.ok(s.bytes < 200, `${s.bytes} bytes of changes`);
      assert.equal(lmdbFields(e.store, full('default', 'big')).get('element:7'), 'changed');

      // A field added, one deleted, the TTL set: still a handful.
      e.kv.hset('default', b('big'), [[b('new'), b('1')]]);
      e.kv.hdel('default', b('big'), [b('element:8')]);
      e.kv.setExpiry('default', b('big'), Date.now() + 3_600_000);
      e.kv.checkpoint();
      s = e.kv.checkpointStats;
      assert.deepEqual([s.keys, s.ops, s.fieldOps], [1, 3, 2]);
      const stored = lmdbFields(e.store, full('default', 'big'));
      assert.equal(stored.size, 200_000);
      assert.equal(stored.get('new'), '1');
      assert.equal(stored.has('element:8'), false);
      assert.ok(e.kv.pttl('default', b('big')) > 3_000_000);
      // One key as SCAN, DBSIZE and TYPE see it.
      assert.equal(e.kv.dbsize('default'), 1);
      assert.deepEqual(e.kv.scan('default', 0, 100).keys.map(String), ['big']);
      assert.deepEqual(e.kv.scan('default', 0, 100, '*', 'hash').keys.map(String), ['big']);
    } finally {
      await e.close();
    }
  });

  it('reopens a hash stored field by field with every field, TTL and usage', async () => {
    const dir = tempDir('layout-reopen');
    let e = open(dir);
    const expireAt = Date.now() + 3_600_000;
    fill(e, 'big', 20_000);
    e.kv.hset('default', b('big'), [[Buffer.alloc(3000, 'L'), b('long field, named by its digest in LMDB')]]);
    e.kv.setExpiry('default', b('big'), expireAt);
    e.kv.hset('default', b('small'), [[b('a'), b('1')]]);
    e.kv.checkpoint();
    const before = e.kv.hgetall('default', b('big'));
    const bytes = e.usage.snapshot().default.storedBytes;
    await e.close();
    e = open(dir);
    try {
      assert.deepEqual(e.kv.hgetall('default', b('big')), before);
      assert.equal(e.kv.hlen('default', b('big')), 20_001);
      assert.equal(e.kv.hget('default', b('big'), Buffer.alloc(3000, 'L'))?.toString(), 'long field, named by its digest in LMDB');
      assert.ok(Math.abs(e.kv.pttl('default', b('big')) - (expireAt - Date.now())) < 5000);
      assert.equal(e.kv.usedBytes('default'), bytes, 'the native store counts the loaded hash as before');
      assert.deepEqual(e.kv.hgetall('default', b('small')), new Map([['a', b('1')]]));
      assert.equal(e.store.kv.get(full('default', 'small'))!.length, 9 + 8 + 2, 'a small hash stays one whole record');
    } finally {
      await e.close();
    }
  });

  it('opens a data directory in the old layout (hashes whole) with every field, and moves a big hash at its next change', async () => {
    const dir = tempDir('layout-old');
    const big: [string, string][] = Array.from({ length: 50_000 }, (_v, i) => [`f${i}`, `value-${i}`]);
    const small: [string, string][] = [['x', '1'], ['y', '2']];
    const logged: [string, string][] = Array.from({ length: 3000 }, (_v, i) => [`g${i}`, `w${i}`]);
    {
      // What the node before field-level checkpoints left: whole hash records in LMDB...
      const store = new Store({ dataDir: dir });
      store.write(() => {
        store.kv.putSync(full('default', 'big'), wholeHashRecord(big));
        store.kv.putSync(full('default', 'small'), wholeHashRecord(small));
        store.kv.putSync(full('default', 'logged'), wholeHashRecord(logged));
        store.kv.putSync(full('tenant', 'big'), wholeHashRecord(big.slice(0, 10)));
      });
      await store.close();
      // ...and a log not yet checkpointed (a kill -9): field changes to a whole hash.
      const core = new (loadNative().KvCore)(path.join(dir, 'kv.log'), false);
      const ns = core.spaceId(nsPrefix('default'));
      core.load(ns, b('logged'), wholeHashRecord(logged));
      const pairs = (items: Buffer[]): Buffer => Buffer.concat(items.flatMap((x) => [Buffer.from(Uint32Array.of(x.length).buffer), x]));
      assert.equal(core.hset(ns, b('logged'), pairs([b('g1'), b('changed'), b('new'), b('1')]), 0), 1);
      assert.equal(core.hdel(ns, b('logged'), pairs([b('g2')]), 0), 1);
      core.commit();
    }
    let e = open(dir);
    try {
      assert.equal(e.kv.replayed, 3);
      const want = new Map(big.map(([f, v]) => [f, b(v)]));
      assert.deepEqual(e.kv.hgetall('default', b('big')), want);
      assert.deepEqual(e.kv.hgetall('default', b('small')), new Map(small.map(([f, v]) => [f, b(v)])));
      assert.equal(e.kv.hlen('tenant', b('big')), 10);
      const l = e.kv.hgetall('default', b('logged'));
      assert.equal(l.size, 3000);
      assert.equal(l.get('g1')?.toString(), 'changed');
      assert.equal(l.get('new')?.toString(), '1');
      assert.equal(l.has('g2'), false);
      // The replay wrote the changed hash in the new layout (it passed the threshold).
      assert.ok(isSplitHeader(e.store.kv.get(full('default', 'logged'))!));
      assert.equal(lmdbFields(e.store, full('default', 'logged')).size, 3000);
      // Untouched, the big hash stays whole; its first change moves it, once.
      assert.equal(e.store.kv.get(full('default', 'big'))![9] === 0xff, false);
      e.kv.hset('default', b('big'), [[b('f1'), b('changed')]]);
      e.kv.checkpoint();
      assert.equal(e.kv.checkpointStats.fieldOps, 50_000);
      assert.ok(isSplitHeader(e.store.kv.get(full('default', 'big'))!));
      e.kv.hset('default', b('big'), [[b('f2'), b('changed')]]);
      e.kv.checkpoint();
      assert.equal(e.kv.checkpointStats.fieldOps, 1);
    } finally {
      await e.close();
    }
    e = open(dir);
    try {
      const got = e.kv.hgetall('default', b('big'));
      assert.equal(got.size, 50_000);
      assert.equal(got.get('f1')?.toString(), 'changed');
      assert.equal(got.get('f2')?.toString(), 'changed');
      assert.equal(got.get('f49999')?.toString(), 'value-49999');
    } finally {
      await e.close();
    }
  });

  it('deleting, replacing, shrinking, expiring and flushing a big hash leave no field records behind', async () => {
    const dir = tempDir('layout-gone');
    const e = open(dir);
    try {
      const used0 = e.usage.snapshot().default?.storedBytes ?? 0;
      for (const k of ['del', 'str', 'shrink', 'ttl', 'again']) fill(e, k, 3000);
      e.kv.checkpoint();
      assert.equal(countFieldRecords(e.store), 5 * 3000);
      e.kv.del('default', [b('del')]);
      e.kv.set('default', b('str'), b('a string now'));
      e.kv.hdel('default', b('shrink'), Array.from({ length: 2990 }, (_v, i) => b(`element:${i}`)));
      e.kv.del('default', [b('again')]);
      fill(e, 'again', 2000, 5000); // deleted and made again before the checkpoint
      e.kv.setExpiry('default', b('ttl'), Date.now() + 300);
      e.kv.checkpoint();
      assert.deepEqual([...lmdbFields(e.store, full('default', 'again')).keys()].sort(), Array.from({ length: 2000 }, (_v, i) => `element:${5000 + i}`).sort());
      assert.equal(countFieldRecords(e.store), 3000 + 2000, 'the hash with a TTL and the new one');
      assert.equal(e.store.kv.get(full('default', 'shrink'))!.length, 9 + 10 * (8 + 12 + 5), 'shrunk: whole again');
      assert.equal(e.kv.hlen('default', b('shrink')), 10);
      await new Promise((r) => setTimeout(r, 400));
      e.kv.expireCycle();
      assert.equal(e.kv.type('default', b('ttl')), 'none');
      assert.equal(e.store.kv.get(full('default', 'ttl')), undefined);
      e.kv.checkpoint();
      assert.equal(countFieldRecords(e.store), 2000, 'the expired hash took its fields along (at the next checkpoint)');
      e.kv.flush('default');
      assert.equal(countFieldRecords(e.store), 0);
      assert.equal(e.store.kv.getKeysCount({}), 0);
      assert.equal(e.usage.snapshot().default.storedBytes, used0, 'stored bytes back where they were');
      assert.equal(e.kv.usedBytes('default'), 0);
    } finally {
      await e.close();
    }
  });

  it('SPLIT_BYTES matches the native threshold (a hash just past it is stored field by field)', async () => {
    const e = open(tempDir('layout-threshold'));
    try {
      // Payload: 8 + field + value per field; one field of SPLIT_BYTES - 8 bytes is exactly at it.
      e.kv.hset('default', b('at'), [[b('f'), Buffer.alloc(SPLIT_BYTES - 9, 'v')]]);
      e.kv.hset('default', b('past'), [[b('f'), Buffer.alloc(SPLIT_BYTES - 8, 'v')]]);
      e.kv.checkpoint();
      assert.equal(isSplitHeader(e.store.kv.get(full('default', 'at'))!), false);
      assert.ok(isSplitHeader(e.store.kv.get(full('default', 'past'))!));
    } finally {
      await e.close();
    }
  });

  it('kill -9 while a big hash is moved between layouts and rewritten, across checkpoints, keeps every acknowledged field', async () => {
    const dir = tempDir('layout-kill');
    process.env.SYNQ_KV_CHECKPOINT_MS = '20';
    let node;
    try {
      node = await spawnNode(dir);
    } finally {
      delete process.env.SYNQ_KV_CHECKPOINT_MS;
    }
    const c = new Redis({ port: node.respPort, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    c.on('error', () => undefined);
    await new Promise((r) => c.once('ready', r));
    // Each round: grow a hash past the threshold, shrink it under a quarter of it, delete it
    // and build it again, on several keys, so checkpoints move them between layouts.
    const acked = new Map<string, Map<string, string>>();
    const inflight = new Map<string, Map<string, string>>();
    let stop = false;
    setTimeout(() => (stop = true), 2500);
    let round = 0;
    const run = async (): Promise<void> => {
      for (; !stop; round++) {
        const key = `h${round % 4}`;
        const want = new Map(acked.get(key) ?? []);
        const p = c.pipeline();
        if (round % 3 === 2) {
          p.del(key);
          want.clear();
        }
        const n = round % 3 === 1 ? 50 : 1500;
        for (let i = 0; i < n; i += 100) {
          const args: string[] = [];
          for (let j = i; j < i + 100; j++) {
            args.push(`f${j}`, `${round}.${j}`);
            want.set(`f${j}`, `${round}.${j}`);
          }
          p.hset(key, ...args);
        }
        if (round % 3 === 1) {
          // Shrink: everything past f49 goes.
          for (const f of [...want.keys()]) if (Number(f.slice(1)) >= 50) want.delete(f);
          p.hdel(key, ...Array.from({ length: 1450 }, (_v, j) => `f${50 + j}`));
        }
        inflight.set(key, want);
        try {
          const res = await p.exec();
          if (res!.some(([err]) => err !== null)) return;
        } catch {
          return;
        }
        acked.set(key, want);
        inflight.delete(key);
      }
    };
    const writer = run();
    await new Promise((r) => setTimeout(r, 2000));
    node.proc.kill('SIGKILL');
    await node.exited;
    stop = true;
    await writer;
    c.disconnect();
    assert.ok(round > 10, `only ${round} rounds`);
    node = await spawnNode(dir);
    try {
      const r = new Redis({ port: node.respPort });
      for (const [key, want] of acked) {
        const got = new Map(Object.entries(await r.hgetall(key)));
        const maybe = inflight.get(key);
        if (!maybe) {
          assert.deepEqual(got, want, key);
          continue;
        }
        // The pipeline in flight at the kill: any prefix of its commands may have been logged,
        // so each field is as acknowledged or as that pipeline set it.
        for (const [f, v] of got) assert.ok(want.get(f) === v || maybe.get(f) === v, `${key} ${f}=${v}`);
        // Only a pipeline with a DEL or an HDEL (rounds 1 and 2 of 3) may take fields away.
        if (round % 3 === 0) for (const f of want.keys()) assert.ok(got.has(f), `${key} lost ${f}`);
      }
      assert.ok(acked.size >= 3);
      r.disconnect();
    } finally {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
    // And the store it left holds no field record without its hash.
    const store = new Store({ dataDir: dir });
    try {
      for (const { key } of store.kv.getRange({ start: Buffer.from([FIELD_LEAD]) })) {
        const r = parseFieldRecord(Buffer.from(key), Buffer.alloc(4))!;
        const head = store.kv.get(Buffer.from(r.fullKey));
        assert.ok(head && isSplitHeader(head), `field record of ${r.fullKey.toString('latin1')} without its hash`);
      }
    } finally {
      await store.close();
    }
    assert.ok(fs.existsSync(path.join(dir, 'synq.lmdb')));
  });
});
