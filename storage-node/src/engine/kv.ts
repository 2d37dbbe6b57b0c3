/**
 * Redis-style key/value engine over LMDB: strings and hashes with TTLs.
 * Record layout: [type u8][expireAt f64 BE, 0 = none][payload]. Hash payload is a list of
 * [u32 len][field][u32 len][value]. Expired records read as missing at once (lazy expiry);
 * the active cycle deletes them through a time-ordered expiry index, as Redis does.
 */
import path from 'node:path';
import { EngineError } from './errors';
import { KvLog, readLog, type LogOp } from './kv-log';
import { nsPrefix, prefixEnd, u64, readU64 } from './keys';
import { globToRegExp } from './glob';
import type { Store } from './store';
import type { UsageCounters } from './usage';

export const TYPE_STRING = 1;
export const TYPE_HASH = 2;
const HEADER = 9;
/** Bytes before a record's payload (type + expiry). */
export const RECORD_HEADER = HEADER;
/** LMDB caps keys near 2KB; this leaves room for the namespace prefix. */
export const MAX_KEY_BYTES = 1800;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export type KvType = 'string' | 'hash' | 'none';

export class WrongTypeError extends EngineError {
  constructor() {
    super('WRONGTYPE', 'WRONGTYPE Operation against a key holding the wrong kind of value');
  }
}

export interface SetOptions {
  /** Absolute expiry in ms since the epoch. */
  expireAt?: number;
  nx?: boolean;
  xx?: boolean;
  keepTtl?: boolean;
}

/**
 * Write path: every mutation updates the in-memory record map (per namespace, keyed by the
 * key's latin1 string) and appends the whole new record to the KV log (kv-log.ts); a batch
 * (one RESP event-loop turn, or one call from elsewhere) is acknowledged after one write(2)
 * of its log frame. Changed keys stay pinned in the map ("dirty") until a checkpoint writes
 * their latest records to LMDB and retires the log: in the background every 5 s or when much
 * is pending (log rotated, applied in short slices, then deleted), and synchronously before
 * anything that reads LMDB directly (SCAN, KEYS, DBSIZE, FLUSHDB; active expiry when a
 * pending record's TTL is due), so those always see every acknowledged write. Clean records are
 * a read cache of LMDB, cleared whole (after a checkpoint) when over budget.
 */
const CACHE_BYTES = 256 * 1024 * 1024;
/**
 * Checkpoint at once past this many pending ops or log bytes (bounds the log, the pinned map
 * and replay time); otherwise every CHECKPOINT_MS, so rewrites of hot keys coalesce.
 */
const CHECKPOINT_OPS = 500_000;
const CHECKPOINT_LOG_BYTES = 64 * 1024 * 1024;
const CHECKPOINT_MS = Number(process.env.SYNQ_KV_CHECKPOINT_MS) || 5000; // env: tests
/** Keys per LMDB transaction in a background checkpoint (a few ms of event-loop time). */
const CHECKPOINT_SLICE = 2000;

interface Space {
  name: string;
  prefix: Buffer;
  /** Record by key (latin1); null = deleted, not yet checkpointed (always dirty). */
  map: Map<string, Buffer | null>;
  /** Keys changed since the last checkpoint. */
  dirty: Set<string>;
}

export interface KvEngineOptions {
  /** fdatasync the log before a batch is acknowledged. */
  fsync?: boolean;
  /** Log file (default `<data dir>/kv.log`). */
  logFile?: string;
}

/** A record's expireAt, 0 = none (0.0 is all-zero bytes; any other double has a non-zero top 2 bytes). */
function expiryOf(rec: Buffer): number {
  return rec[1] === 0 && rec[2] === 0 ? 0 : rec.readDoubleBE(1);
}

/** True when the record has an expiry at or before `now`. */
function expired(rec: Buffer, now: number): boolean {
  const exp = expiryOf(rec);
  return exp !== 0 && exp <= now;
}

const latin1 = (b: Buffer): string => (b as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(0, b.length);

export class KvEngine {
  private readonly scratch = Buffer.allocUnsafe(2048);
  private readonly spaces = new Map<string, Space>();
  private last: Space | undefined;
  private cacheBytes = 0;
  private readonly log: KvLog;
  private batchDepth = 0;
  /** Ops logged since the last checkpoint (an upper bound on dirty keys). */
  private pendingOps = 0;
  /**
   * The smallest expiry written since the last checkpoint (Infinity when none): records with
   * an expiry reach the expiry index only when checkpointed.
   */
  private pendingMinExpiry = Infinity;
  private readonly timer: NodeJS.Timeout;
  /** The background checkpoint in progress: key sets left to apply. */
  private applying: { work: [Space, Set<string>][]; iter: Iterator<string> | null; minExpiry: number } | null = null;
  private closed = false;
  /** Ops replayed from the log at startup (tests and logs). */
  readonly replayed: number;
  /** Bytes of a torn / corrupt tail ignored at startup. */
  readonly tornBytes: number;

  constructor(
    private readonly store: Store,
    private readonly usage: UsageCounters,
    opts: KvEngineOptions = {},
  ) {
    this.log = new KvLog(opts.logFile ?? path.join(store.dataDir, 'kv.log'), opts.fsync === true);
    const files = this.log.readAll();
    const old = files.old ? readLog(files.old) : { ops: [] as LogOp[], validBytes: 0 };
    const cur = readLog(files.current);
    const ops = old.ops.concat(cur.ops);
    this.replayed = ops.length;
    this.tornBytes = (files.old ? files.old.length - old.validBytes : 0) + files.current.length - cur.validBytes;
    if (ops.length) {
      this.store.write(() => {
        for (const op of ops) {
          if (op.record === null) this.store.kv.removeSync(op.fullKey);
          else this.putLmdb(op.fullKey, op.record);
        }
      });
    }
    this.log.truncate();
    this.log.dropOld();
    this.timer = setInterval(() => {
      try {
        this.startCheckpoint();
      } catch {
        // Retried on the next tick; writes stay in the log meanwhile.
      }
    }, CHECKPOINT_MS);
    this.timer.unref();
  }

  private space(ns: string): Space {
    const l = this.last;
    if (l !== undefined && l.name === ns) return l;
    let sp = this.spaces.get(ns);
    if (!sp) {
      sp = { name: ns, prefix: nsPrefix(ns), map: new Map(), dirty: new Set() };
      this.spaces.set(ns, sp);
    }
    this.last = sp;
    return sp;
  }

  /** prefix + key in a scratch buffer: valid until the next call (LMDB copies keys it keeps). */
  private fullKey(sp: Space, key: Buffer): Buffer {
    const p = sp.prefix;
    p.copy(this.scratch, 0);
    key.copy(this.scratch, p.length);
    return this.scratch.subarray(0, p.length + key.length);
  }

  private static check(key: Buffer): void {
    if (key.length > MAX_KEY_BYTES) throw new EngineError('ERR', `ERR key too long (max ${MAX_KEY_BYTES} bytes)`);
  }

  private putLmdb(fullKey: Buffer, rec: Buffer): void {
    this.store.kv.putSync(fullKey, rec);
    const exp = expiryOf(rec);
    if (exp !== 0) this.store.kvExpiry.putSync(Buffer.concat([u64(exp), fullKey]), Buffer.alloc(0));
  }

  /**
   * Runs `fn` as one batch: its writes are acknowledged together, by one log write when it
   * returns (nested calls join the outer batch). Everything outside a batch commits per call.
   */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      if (--this.batchDepth === 0) this.commit();
    }
  }

  /** Makes the logged ops durable (one write(2)); on failure falls back to a checkpoint. */
  private commit(): void {
    if (!this.log.pending) return;
    try {
      this.log.commit();
    } catch (e) {
      // E.g. a full disk: LMDB may still take them (a checkpoint also drops the frame).
      this.checkpoint();
      if (this.log.pending) throw e;
    }
    if (this.pendingOps >= CHECKPOINT_OPS || this.log.size >= CHECKPOINT_LOG_BYTES) this.startCheckpoint();
  }

  private committed(): void {
    if (this.batchDepth === 0) this.commit();
  }

  /** Tombstones applied in the current transaction: dropped from the map once it commits. */
  private appliedDeletes: [Space, string][] = [];

  /** Writes one dirty record (its current state) to LMDB; call inside a store write. */
  private applyKey(sp: Space, k: string): void {
    const rec = sp.map.get(k);
    if (rec === undefined) return; // e.g. removed by active expiry
    const p = sp.prefix;
    p.copy(this.scratch, 0);
    const full = this.scratch.subarray(0, p.length + this.scratch.write(k, p.length, 'latin1'));
    if (rec === null) {
      this.store.kv.removeSync(full);
      this.appliedDeletes.push([sp, k]);
    } else this.putLmdb(full, rec);
  }

  /** Runs `fn` (applyKey calls) in one LMDB transaction, then forgets the applied tombstones. */
  private applyTxn(fn: () => void): void {
    this.appliedDeletes = [];
    try {
      this.store.write(fn);
    } catch (e) {
      this.appliedDeletes = [];
      throw e;
    }
    for (const [sp, k] of this.appliedDeletes) {
      // Unless deleted or rewritten again since (then it is dirty again and stays).
      if (sp.map.get(k) === null && !sp.dirty.has(k)) {
        sp.map.delete(k);
        this.cacheBytes -= k.length;
      }
    }
    this.appliedDeletes = [];
  }

  /**
   * Background checkpoint: the dirty sets and the log file are set aside (the log rotates to
   * `.old`), then applied to LMDB in slices of CHECKPOINT_SLICE keys, one transaction per
   * event-loop turn, so the event loop never stalls long; `.old` is deleted at the end. New
   * writes meanwhile go to fresh dirty sets and the new log file.
   */
  private startCheckpoint(): void {
    if (this.applying || this.pendingOps === 0 || this.store.writing || this.batchDepth > 0 || this.closed) return;
    this.commit(); // (no-op between batches)
    if (this.applying) return;
    const work: [Space, Set<string>][] = [];
    for (const sp of this.spaces.values()) {
      if (sp.dirty.size === 0) continue;
      work.push([sp, sp.dirty]);
      sp.dirty = new Set();
    }
    this.log.rotate();
    this.applying = { work, iter: null, minExpiry: this.pendingMinExpiry };
    this.pendingOps = 0;
    this.pendingMinExpiry = Infinity;
    setImmediate(() => this.stepCheckpoint());
  }

  /** Applies one slice of the background checkpoint (all of it with `all`). */
  private stepCheckpoint(all = false): void {
    const a = this.applying;
    if (!a || this.closed) return;
    try {
      this.applySlice(a, all);
    } catch (e) {
      // The slice's transaction aborted: redo its key set from the start (idempotent), later.
      a.iter = null;
      if (all) throw e;
      setTimeout(() => this.stepCheckpoint(), 1000).unref();
      return;
    }
    if (a.work.length) {
      setImmediate(() => this.stepCheckpoint());
      return;
    }
    this.applying = null;
    this.log.dropOld();
  }

  private applySlice(a: NonNullable<KvEngine['applying']>, all: boolean): void {
    // Progress is recorded only once the transaction has committed.
    let done = 0;
    let iter = a.iter;
    this.applyTxn(() => {
      let n = 0;
      while (done < a.work.length && (all || n < CHECKPOINT_SLICE)) {
        const [sp, keys] = a.work[done];
        iter ??= keys.values();
        for (let r = iter.next(); !r.done; r = iter.next()) {
          this.applyKey(sp, r.value);
          if (++n >= CHECKPOINT_SLICE && !all) return;
        }
        done++;
        iter = null;
      }
    });
    a.work.splice(0, done);
    a.iter = iter;
  }

  /**
   * Writes every dirty record to LMDB now (finishing a background checkpoint first) and
   * empties the log. Safe mid-batch: the unwritten frame's ops are in that transaction. A
   * no-op inside another LMDB write (its commit is not ours to wait for).
   */
  checkpoint(): void {
    if (this.store.writing) return;
    if (this.applying) this.stepCheckpoint(true);
    if (this.pendingOps === 0 && !this.log.pending && this.log.size === 0) return;
    const dirty = [...this.spaces.values()].filter((sp) => sp.dirty.size > 0).map((sp) => [sp, sp.dirty] as const);
    for (const [sp] of dirty) sp.dirty = new Set();
    try {
      this.applyTxn(() => {
        for (const [sp, keys] of dirty) for (const k of keys) this.applyKey(sp, k);
      });
    } catch (e) {
      for (const [sp, keys] of dirty) sp.dirty = keys;
      throw e;
    }
    this.pendingOps = 0;
    this.pendingMinExpiry = Infinity;
    this.log.discard();
    this.log.truncate();
  }

  /** Checkpoints and closes the log (the engine's shutdown). */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.checkpoint();
    this.closed = true;
    this.log.close();
  }

  /** Drops every clean cached record (dirty ones are checkpointed first). */
  private clearCache(): void {
    if (this.store.writing) return; // over budget for a moment: cleared by the next write
    this.checkpoint();
    for (const sp of this.spaces.values()) sp.map.clear();
    this.cacheBytes = 0;
  }

  /** The stored record, expired or not: from the map, else from LMDB (then cached). */
  private record(sp: Space, key: Buffer, k: string): Buffer | undefined {
    const hit = sp.map.get(k);
    if (hit !== undefined) return hit === null ? undefined : hit;
    const rec = this.store.peek(this.store.kv, this.fullKey(sp, key));
    if (!rec) return undefined;
    const copy = Buffer.allocUnsafe(rec.length);
    rec.copy(copy);
    if (this.cacheBytes + copy.length + k.length > CACHE_BYTES) this.clearCache();
    this.cacheBytes += copy.length + k.length;
    sp.map.set(k, copy);
    return copy;
  }

  /** The LMDB record's length (0 when missing) without caching it (for keys not in the map). */
  private storedLength(sp: Space, key: Buffer): number {
    const rec = this.store.peek(this.store.kv, this.fullKey(sp, key));
    return rec ? rec.length : 0;
  }

  /** The live record (expired ones read as missing). Callers must not modify it. */
  private live(sp: Space, key: Buffer, k: string, now: number): Buffer | undefined {
    const rec = this.record(sp, key, k);
    return rec && !expired(rec, now) ? rec : undefined;
  }

  private writeRecord(sp: Space, key: Buffer, k: string, type: number, expireAt: number, payload: Buffer, oldLen: number, prev: Buffer | null | undefined = sp.map.get(k)): void {
    const n = payload.length;
    const rec = Buffer.allocUnsafe(HEADER + n);
    rec[0] = type;
    if (expireAt === 0) {
      for (let i = 1; i < HEADER; i++) rec[i] = 0;
    } else rec.writeDoubleBE(expireAt, 1);
    if (n < 32) for (let i = 0; i < n; i++) rec[HEADER + i] = payload[i];
    else payload.copy(rec, HEADER);
    this.cacheBytes += rec.length - (prev ? prev.length : prev === null ? 0 : -k.length);
    sp.map.set(k, rec);
    sp.dirty.add(k);
    this.pendingOps++;
    if (expireAt !== 0 && expireAt < this.pendingMinExpiry) this.pendingMinExpiry = expireAt;
    this.log.appendPut(sp.prefix, key, rec);
    const u = this.usage.of(sp.name);
    u.storedBytes += rec.length + (oldLen === 0 ? sp.prefix.length + key.length : 0) - oldLen;
    u.writes++;
    if (this.cacheBytes > CACHE_BYTES) this.clearCache();
  }

  private removeRecord(sp: Space, key: Buffer, k: string, oldLen: number): void {
    const prev = sp.map.get(k);
    if (prev) this.cacheBytes -= prev.length;
    else if (prev === undefined) this.cacheBytes += k.length;
    sp.map.set(k, null);
    sp.dirty.add(k);
    this.pendingOps++;
    this.log.appendDel(sp.prefix, key);
    const u = this.usage.of(sp.name);
    u.storedBytes -= oldLen + sp.prefix.length + key.length;
    u.writes++;
  }

  get(ns: string, key: Buffer): Buffer | null {
    const rec = this.getRecord(ns, key);
    return rec === null ? null : rec.subarray(HEADER);
  }

  /** The live string record (payload from RECORD_HEADER), null when missing. Do not modify. */
  getRecord(ns: string, key: Buffer): Buffer | null {
    KvEngine.check(key);
    const sp = this.space(ns);
    const rec = this.record(sp, key, latin1(key));
    if (!rec) return null;
    // GET's hot path: the clock is read only for a record that has an expiry.
    const exp = expiryOf(rec);
    if (exp !== 0 && exp <= Date.now()) return null;
    if (rec[0] !== TYPE_STRING) throw new WrongTypeError();
    return rec;
  }

  /** Returns false when NX/XX prevented the write. */
  set(ns: string, key: Buffer, value: Buffer, opts?: SetOptions): boolean {
    KvEngine.check(key);
    const sp = this.space(ns);
    const k = latin1(key);
    if (opts === undefined || (!opts.nx && !opts.xx && !opts.keepTtl && opts.expireAt === undefined)) {
      // A plain SET (as the general path below, without reading the old record into the map).
      const prev = sp.map.get(k);
      this.writeRecord(sp, key, k, TYPE_STRING, 0, value, prev === undefined ? this.storedLength(sp, key) : prev === null ? 0 : prev.length, prev);
      this.committed();
      return true;
    }
    const now = Date.now();
    const raw = this.record(sp, key, k);
    const oldLen = raw ? raw.length : 0;
    const oldExp = raw ? raw.readDoubleBE(1) : 0;
    const exists = raw !== undefined && (oldExp === 0 || oldExp > now);
    if ((opts.nx && exists) || (opts.xx && !exists)) return false;
    const expireAt = opts.expireAt ?? (opts.keepTtl && exists ? oldExp : 0);
    this.writeRecord(sp, key, k, TYPE_STRING, expireAt, value, oldLen);
    this.committed();
    return true;
  }

  mget(ns: string, keys: Buffer[]): (Buffer | null)[] {
    const sp = this.space(ns);
    const now = Date.now();
    return keys.map((key) => {
      KvEngine.check(key);
      const rec = this.live(sp, key, latin1(key), now);
      return rec && rec[0] === TYPE_STRING ? rec.subarray(HEADER) : null;
    });
  }

  del(ns: string, keys: Buffer[]): number {
    const sp = this.space(ns);
    const now = Date.now();
    let n = 0;
    for (const key of keys) {
      KvEngine.check(key);
      const k = latin1(key);
      const raw = this.record(sp, key, k);
      if (!raw) continue;
      const exp = raw.readDoubleBE(1);
      if (exp === 0 || exp > now) n++;
      this.removeRecord(sp, key, k, raw.length);
    }
    this.committed();
    return n;
  }

  exists(ns: string, keys: Buffer[]): number {
    const sp = this.space(ns);
    const now = Date.now();
    let n = 0;
    for (const key of keys) {
      KvEngine.check(key);
      if (this.live(sp, key, latin1(key), now)) n++;
    }
    return n;
  }

  type(ns: string, key: Buffer): KvType {
    KvEngine.check(key);
    const sp = this.space(ns);
    const rec = this.live(sp, key, latin1(key), Date.now());
    if (!rec) return 'none';
    return rec[0] === TYPE_HASH ? 'hash' : 'string';
  }

  incrBy(ns: string, key: Buffer, delta: bigint): bigint {
    KvEngine.check(key);
    const now = Date.now();
    const sp = this.space(ns);
    const k = latin1(key);
    const raw = this.record(sp, key, k);
    const oldLen = raw ? raw.length : 0;
    let cur = 0n;
    let expireAt = 0;
    if (raw) {
      const exp = raw.readDoubleBE(1);
      if (exp === 0 || exp > now) {
        if (raw[0] !== TYPE_STRING) throw new WrongTypeError();
        cur = parseInt64(raw.subarray(HEADER));
        expireAt = exp;
      }
    }
    const next = cur + delta;
    if (next > INT64_MAX || next < INT64_MIN) throw new EngineError('ERR', 'ERR increment or decrement would overflow');
    this.writeRecord(sp, key, k, TYPE_STRING, expireAt, Buffer.from(next.toString()), oldLen);
    this.committed();
    return next;
  }

  /** Sets (or with null clears) the absolute expiry; false when the key is missing. */
  setExpiry(ns: string, key: Buffer, expireAt: number | null): boolean {
    KvEngine.check(key);
    const now = Date.now();
    const sp = this.space(ns);
    const k = latin1(key);
    const rec = this.live(sp, key, k, now);
    if (!rec) return false;
    if (expireAt === null) {
      if (rec.readDoubleBE(1) === 0) return false;
      this.writeRecord(sp, key, k, rec[0], 0, rec.subarray(HEADER), rec.length);
    } else if (expireAt <= now) {
      this.removeRecord(sp, key, k, rec.length);
    } else {
      this.writeRecord(sp, key, k, rec[0], expireAt, rec.subarray(HEADER), rec.length);
    }
    this.committed();
    return true;
  }

  /** Remaining ms: -2 when missing, -1 without expiry. */
  pttl(ns: string, key: Buffer): number {
    KvEngine.check(key);
    const now = Date.now();
    const sp = this.space(ns);
    const rec = this.live(sp, key, latin1(key), now);
    if (!rec) return -2;
    const exp = rec.readDoubleBE(1);
    return exp === 0 ? -1 : Math.max(0, Math.round(exp - now));
  }

  /** Live keys of a namespace matching a glob, from `offset`, at most `count` examined. */
  scan(ns: string, offset: number, count: number, pattern?: string, type?: KvType): { next: number; keys: Buffer[] } {
    this.checkpoint();
    const p = nsPrefix(ns);
    const re = pattern && pattern !== '*' ? globToRegExp(pattern) : undefined;
    const now = Date.now();
    const keys: Buffer[] = [];
    let seen = 0;
    for (const { key, value } of this.store.kv.getRange({ start: p, end: prefixEnd(p), offset, limit: count })) {
      seen++;
      const exp = value.readDoubleBE(1);
      if (exp !== 0 && exp <= now) continue;
      if (type && (value[0] === TYPE_HASH ? 'hash' : 'string') !== type) continue;
      const k = key.subarray(p.length);
      if (re && !re.test(k.toString('latin1'))) continue;
      keys.push(Buffer.from(k));
    }
    return { next: seen < count ? 0 : offset + seen, keys };
  }

  keys(ns: string, pattern: string): Buffer[] {
    return this.scan(ns, 0, Number.MAX_SAFE_INTEGER, pattern).keys;
  }

  dbsize(ns: string): number {
    this.checkpoint();
    const p = nsPrefix(ns);
    return this.store.kv.getKeysCount({ start: p, end: prefixEnd(p) });
  }

  /** Deletes the namespace's keys: checkpoint, then one LMDB transaction (committed before return). */
  flush(ns: string): void {
    this.checkpoint();
    const sp = this.space(ns);
    const p = sp.prefix;
    const u = this.usage.of(ns);
    this.store.write(() => {
      for (const { key, value } of this.store.kv.getRange({ start: p, end: prefixEnd(p) })) {
        this.store.kv.removeSync(Buffer.from(key));
        u.storedBytes -= value.length + key.length;
        u.writes++;
      }
    });
    for (const [k, rec] of sp.map) this.cacheBytes -= k.length + (rec ? rec.length : 0);
    sp.map.clear();
  }

  // ---- hashes ----

  private readHash(sp: Space, key: Buffer, k: string, now: number): Map<string, Buffer> | undefined {
    const rec = this.live(sp, key, k, now);
    return rec ? hashOf(rec) : undefined;
  }

  hset(ns: string, key: Buffer, pairs: [Buffer, Buffer][]): number {
    KvEngine.check(key);
    const now = Date.now();
    const sp = this.space(ns);
    const k = latin1(key);
    const raw = this.record(sp, key, k);
    const oldLen = raw ? raw.length : 0;
    const live = raw && !expired(raw, now) ? raw : undefined;
    const expireAt = live ? live.readDoubleBE(1) : 0;
    const h = live ? hashOf(live) : new Map<string, Buffer>();
    let added = 0;
    for (const [f, v] of pairs) {
      const name = f.toString('latin1');
      if (!h.has(name)) added++;
      h.set(name, Buffer.from(v));
    }
    this.writeRecord(sp, key, k, TYPE_HASH, expireAt, encodeHash(h), oldLen);
    this.committed();
    return added;
  }

  hget(ns: string, key: Buffer, field: Buffer): Buffer | null {
    KvEngine.check(key);
    return this.readHash(this.space(ns), key, latin1(key), Date.now())?.get(field.toString('latin1')) ?? null;
  }

  hgetall(ns: string, key: Buffer): Map<string, Buffer> {
    KvEngine.check(key);
    return this.readHash(this.space(ns), key, latin1(key), Date.now()) ?? new Map();
  }

  hdel(ns: string, key: Buffer, fields: Buffer[]): number {
    KvEngine.check(key);
    const now = Date.now();
    const sp = this.space(ns);
    const k = latin1(key);
    const raw = this.record(sp, key, k);
    if (!raw || expired(raw, now)) return 0;
    const oldLen = raw.length;
    const expireAt = raw.readDoubleBE(1);
    const h = hashOf(raw);
    let n = 0;
    for (const f of fields) if (h.delete(f.toString('latin1'))) n++;
    if (n === 0) return 0;
    if (h.size === 0) this.removeRecord(sp, key, k, oldLen);
    else this.writeRecord(sp, key, k, TYPE_HASH, expireAt, encodeHash(h), oldLen);
    this.committed();
    return n;
  }

  // ---- active expiry ----

  /** Deletes up to `max` expired keys; returns how many index entries it consumed. */
  expireCycle(max = 1000): number {
    const now = Date.now();
    // The expiry index is written by checkpoints: bring it up to date when a pending record's
    // entry would fall in the range swept below. Later expiries can wait (reads expire lazily).
    // Then every record matching a due entry is clean, so deleting from LMDB directly is safe.
    if (Math.floor(Math.min(this.pendingMinExpiry, this.applying?.minExpiry ?? Infinity)) <= now) this.checkpoint();
    const due: Buffer[] = [];
    for (const key of this.store.kvExpiry.getKeys({ end: u64(Math.floor(now) + 1), limit: max })) due.push(Buffer.from(key));
    if (due.length === 0) return 0;
    this.store.write(() => {
      for (const entry of due) {
        const at = readU64(entry, 0);
        const full = entry.subarray(8);
        const nsLen = full[0];
        const sp = this.space(full.toString('utf8', 1, 1 + nsLen));
        const key = full.subarray(1 + nsLen);
        const k = latin1(key);
        const rec = this.record(sp, key, k);
        // Only delete when the record still carries this expiry (it may have been rewritten).
        if (rec && Math.floor(rec.readDoubleBE(1)) === at && at !== 0) {
          // Not dirty (a pending record with a due expiry forced the checkpoint above): delete
          // straight from LMDB.
          this.store.kv.removeSync(full);
          const prev = sp.map.get(k);
          if (prev) this.cacheBytes -= prev.length + k.length;
          sp.map.delete(k);
          const u = this.usage.of(sp.name);
          u.storedBytes -= rec.length + full.length;
          u.writes++;
        }
        this.store.kvExpiry.removeSync(entry);
      }
    });
    return due.length;
  }
}

function parseInt64(b: Buffer): bigint {
  const s = b.toString('latin1');
  if (!/^-?\d{1,19}$/.test(s)) throw new EngineError('ERR', 'ERR value is not an integer or out of range');
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN) throw new EngineError('ERR', 'ERR value is not an integer or out of range');
  return n;
}

/** A hash record's fields (WRONGTYPE for any other record). */
function hashOf(rec: Buffer): Map<string, Buffer> {
  if (rec[0] !== TYPE_HASH) throw new WrongTypeError();
  return decodeHash(rec.subarray(HEADER));
}

function encodeHash(h: Map<string, Buffer>): Buffer {
  let size = 0;
  for (const [f, v] of h) size += 8 + Buffer.byteLength(f, 'latin1') + v.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const [f, v] of h) {
    const fl = Buffer.byteLength(f, 'latin1');
    out.writeUInt32BE(fl, o);
    out.write(f, o + 4, 'latin1');
    o += 4 + fl;
    out.writeUInt32BE(v.length, o);
    v.copy(out, o + 4);
    o += 4 + v.length;
  }
  return out;
}

function decodeHash(b: Buffer): Map<string, Buffer> {
  const h = new Map<string, Buffer>();
  let o = 0;
  while (o < b.length) {
    const fl = b.readUInt32BE(o);
    const f = b.toString('latin1', o + 4, o + 4 + fl);
    o += 4 + fl;
    const vl = b.readUInt32BE(o);
    h.set(f, Buffer.from(b.subarray(o + 4, o + 4 + vl)));
    o += 4 + vl;
  }
  return h;
}
