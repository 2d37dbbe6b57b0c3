/**
 * Redis-style key/value engine over LMDB: strings and hashes with TTLs.
 * Record layout: [type u8][expireAt f64 BE, 0 = none][payload]. Hash payload is a list of
 * [u32 len][field][u32 len][value]. Expired records read as missing at once (lazy expiry);
 * the active cycle deletes them through a time-ordered expiry index, as Redis does.
 */
import { EngineError } from './errors';
import { nsPrefix, prefixEnd, u64, readU64 } from './keys';
import { globToRegExp } from './glob';
import type { Store } from './store';
import type { UsageCounters } from './usage';

export const TYPE_STRING = 1;
export const TYPE_HASH = 2;
const HEADER = 9;
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
 * Write-through cache of records by full key: LMDB stays the durable copy, the cache saves
 * its per-read cost on hot keys. Cleared whole when over budget (simple, and rare).
 */
const CACHE_BYTES = 256 * 1024 * 1024;

export class KvEngine {
  private readonly scratch = Buffer.allocUnsafe(2048);
  private readonly cache = new Map<string, Buffer>();
  private cacheBytes = 0;

  constructor(
    private readonly store: Store,
    private readonly usage: UsageCounters,
  ) {
    store.onAbort(() => this.clearCache());
  }

  /** ns + key in a scratch buffer: valid until the next call (LMDB copies keys it keeps). */
  private key(ns: string, key: Buffer): Buffer {
    if (key.length > MAX_KEY_BYTES) throw new EngineError('ERR', `ERR key too long (max ${MAX_KEY_BYTES} bytes)`);
    const p = nsPrefix(ns);
    p.copy(this.scratch, 0);
    key.copy(this.scratch, p.length);
    return this.scratch.subarray(0, p.length + key.length);
  }

  /** Drops every cached record (after a failed transaction the cache may be ahead of the store). */
  clearCache(): void {
    this.cache.clear();
    this.cacheBytes = 0;
  }

  private cachePut(k: string, rec: Buffer): void {
    const prev = this.cache.get(k);
    this.cacheBytes += rec.length - (prev ? prev.length : -k.length);
    if (this.cacheBytes > CACHE_BYTES) this.clearCache();
    this.cache.set(k, rec);
  }

  /** The stored record, expired or not: from the cache, else from LMDB (then cached). */
  private record(fullKey: Buffer, k: string = fullKey.toString('latin1')): Buffer | undefined {
    const hit = this.cache.get(k);
    if (hit) return hit;
    const rec = this.store.peek(this.store.kv, fullKey);
    if (!rec) return undefined;
    const copy = Buffer.allocUnsafe(rec.length);
    rec.copy(copy);
    this.cachePut(k, copy);
    return copy;
  }

  /** The live record (expired ones read as missing). Callers must not modify it. */
  private live(fullKey: Buffer, now: number): Buffer | undefined {
    const rec = this.record(fullKey);
    if (!rec) return undefined;
    const exp = rec.readDoubleBE(1);
    if (exp !== 0 && exp <= now) return undefined;
    return rec;
  }

  private writeRecord(ns: string, fullKey: Buffer, type: number, expireAt: number, payload: Buffer, oldLen: number, k: string = fullKey.toString('latin1')): void {
    const rec = Buffer.allocUnsafe(HEADER + payload.length);
    rec[0] = type;
    if (expireAt === 0) rec.fill(0, 1, HEADER);
    else rec.writeDoubleBE(expireAt, 1);
    payload.copy(rec, HEADER);
    this.store.kv.putSync(fullKey, rec);
    this.cachePut(k, rec);
    if (expireAt !== 0) this.store.kvExpiry.putSync(Buffer.concat([u64(expireAt), fullKey]), Buffer.alloc(0));
    const u = this.usage.of(ns);
    u.storedBytes += rec.length + (oldLen === 0 ? fullKey.length : 0) - oldLen;
    u.writes++;
  }

  private removeRecord(ns: string, fullKey: Buffer, oldLen: number): void {
    this.store.kv.removeSync(fullKey);
    const k = fullKey.toString('latin1');
    const prev = this.cache.get(k);
    if (prev) {
      this.cacheBytes -= prev.length + k.length;
      this.cache.delete(k);
    }
    const u = this.usage.of(ns);
    u.storedBytes -= oldLen + fullKey.length;
    u.writes++;
  }

  get(ns: string, key: Buffer): Buffer | null {
    const rec = this.record(this.key(ns, key));
    if (!rec) return null;
    if (rec[1] !== 0 || rec[2] !== 0) {
      // Has an expiry (0.0 is all-zero bytes; any other double has a non-zero top 2 bytes).
      const exp = rec.readDoubleBE(1);
      if (exp !== 0 && exp <= Date.now()) return null;
    }
    if (rec[0] !== TYPE_STRING) throw new WrongTypeError();
    return rec.subarray(HEADER);
  }

  /** Returns false when NX/XX prevented the write. */
  set(ns: string, key: Buffer, value: Buffer, opts?: SetOptions): boolean {
    if (opts === undefined && this.store.writing) {
      // Fast path for a plain SET inside a batch transaction (the RESP server's case).
      const full = this.key(ns, key);
      const k = full.toString('latin1');
      const raw = this.record(full, k);
      this.writeRecord(ns, full, TYPE_STRING, 0, value, raw ? raw.length : 0, k);
      return true;
    }
    opts ??= {};
    const o = opts;
    const now = Date.now();
    return this.store.write(() => {
      const opts = o;
      const full = this.key(ns, key);
      const raw = this.record(full);
      const oldLen = raw ? raw.length : 0;
      const oldExp = raw ? raw.readDoubleBE(1) : 0;
      const exists = raw !== undefined && (oldExp === 0 || oldExp > now);
      if ((opts.nx && exists) || (opts.xx && !exists)) return false;
      const expireAt = opts.expireAt ?? (opts.keepTtl && exists ? oldExp : 0);
      this.writeRecord(ns, full, TYPE_STRING, expireAt, value, oldLen);
      return true;
    });
  }

  mget(ns: string, keys: Buffer[]): (Buffer | null)[] {
    // Copies: each LMDB read reuses the previous result's memory.
    return keys.map((k) => {
      const rec = this.live(this.key(ns, k), Date.now());
      return rec && rec[0] === TYPE_STRING ? Buffer.from(rec.subarray(HEADER)) : null;
    });
  }

  del(ns: string, keys: Buffer[]): number {
    const now = Date.now();
    return this.store.write(() => {
      let n = 0;
      for (const k of keys) {
        const full = this.key(ns, k);
        const raw = this.record(full);
        if (!raw) continue;
        const exp = raw.readDoubleBE(1);
        if (exp === 0 || exp > now) n++;
        this.removeRecord(ns, full, raw.length);
      }
      return n;
    });
  }

  exists(ns: string, keys: Buffer[]): number {
    const now = Date.now();
    let n = 0;
    for (const k of keys) if (this.live(this.key(ns, k), now)) n++;
    return n;
  }

  type(ns: string, key: Buffer): KvType {
    const rec = this.live(this.key(ns, key), Date.now());
    if (!rec) return 'none';
    return rec[0] === TYPE_HASH ? 'hash' : 'string';
  }

  incrBy(ns: string, key: Buffer, delta: bigint): bigint {
    const now = Date.now();
    return this.store.write(() => {
      const full = this.key(ns, key);
      const raw = this.record(full);
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
      this.writeRecord(ns, full, TYPE_STRING, expireAt, Buffer.from(next.toString()), oldLen);
      return next;
    });
  }

  /** Sets (or with null clears) the absolute expiry; false when the key is missing. */
  setExpiry(ns: string, key: Buffer, expireAt: number | null): boolean {
    const now = Date.now();
    return this.store.write(() => {
      const full = this.key(ns, key);
      const rec = this.live(full, now);
      if (!rec) return false;
      const copy = Buffer.allocUnsafe(rec.length);
      rec.copy(copy);
      if (expireAt === null) {
        if (copy.readDoubleBE(1) === 0) return false;
        this.writeRecord(ns, full, copy[0], 0, copy.subarray(HEADER), copy.length);
      } else if (expireAt <= now) {
        this.removeRecord(ns, full, copy.length);
      } else {
        this.writeRecord(ns, full, copy[0], expireAt, copy.subarray(HEADER), copy.length);
      }
      return true;
    });
  }

  /** Remaining ms: -2 when missing, -1 without expiry. */
  pttl(ns: string, key: Buffer): number {
    const now = Date.now();
    const rec = this.live(this.key(ns, key), now);
    if (!rec) return -2;
    const exp = rec.readDoubleBE(1);
    return exp === 0 ? -1 : Math.max(0, Math.round(exp - now));
  }

  /** Live keys of a namespace matching a glob, from `offset`, at most `count` examined. */
  scan(ns: string, offset: number, count: number, pattern?: string, type?: KvType): { next: number; keys: Buffer[] } {
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
    const p = nsPrefix(ns);
    return this.store.kv.getKeysCount({ start: p, end: prefixEnd(p) });
  }

  flush(ns: string): void {
    const p = nsPrefix(ns);
    this.store.write(() => {
      for (const { key, value } of this.store.kv.getRange({ start: p, end: prefixEnd(p) })) {
        this.removeRecord(ns, Buffer.from(key), value.length);
      }
    });
  }

  // ---- hashes ----

  private readHash(full: Buffer, now: number): Map<string, Buffer> | undefined {
    const rec = this.live(full, now);
    if (!rec) return undefined;
    if (rec[0] !== TYPE_HASH) throw new WrongTypeError();
    return decodeHash(rec.subarray(HEADER));
  }

  hset(ns: string, key: Buffer, pairs: [Buffer, Buffer][]): number {
    const now = Date.now();
    return this.store.write(() => {
      const full = this.key(ns, key);
      const raw = this.record(full);
      const oldLen = raw ? raw.length : 0;
      const expireAt = raw && this.live(full, now) ? raw.readDoubleBE(1) : 0;
      const h = this.readHash(full, now) ?? new Map<string, Buffer>();
      let added = 0;
      for (const [f, v] of pairs) {
        const name = f.toString('latin1');
        if (!h.has(name)) added++;
        h.set(name, Buffer.from(v));
      }
      this.writeRecord(ns, Buffer.from(full), TYPE_HASH, expireAt, encodeHash(h), oldLen);
      return added;
    });
  }

  hget(ns: string, key: Buffer, field: Buffer): Buffer | null {
    return this.readHash(this.key(ns, key), Date.now())?.get(field.toString('latin1')) ?? null;
  }

  hgetall(ns: string, key: Buffer): Map<string, Buffer> {
    return this.readHash(this.key(ns, key), Date.now()) ?? new Map();
  }

  hdel(ns: string, key: Buffer, fields: Buffer[]): number {
    const now = Date.now();
    return this.store.write(() => {
      const full = Buffer.from(this.key(ns, key));
      const raw = this.record(full);
      const oldLen = raw ? raw.length : 0;
      const expireAt = raw ? raw.readDoubleBE(1) : 0;
      const h = this.readHash(full, now);
      if (!h) return 0;
      let n = 0;
      for (const f of fields) if (h.delete(f.toString('latin1'))) n++;
      if (n === 0) return 0;
      if (h.size === 0) this.removeRecord(ns, full, oldLen);
      else this.writeRecord(ns, full, TYPE_HASH, expireAt, encodeHash(h), oldLen);
      return n;
    });
  }

  // ---- active expiry ----

  /** Deletes up to `max` expired keys; returns how many index entries it consumed. */
  expireCycle(max = 1000): number {
    const now = Date.now();
    const due: Buffer[] = [];
    for (const key of this.store.kvExpiry.getKeys({ end: u64(Math.floor(now) + 1), limit: max })) due.push(Buffer.from(key));
    if (due.length === 0) return 0;
    this.store.write(() => {
      for (const entry of due) {
        const at = readU64(entry, 0);
        const full = entry.subarray(8);
        const rec = this.record(full);
        // Only delete when the record still carries this expiry (it may have been rewritten).
        if (rec && Math.floor(rec.readDoubleBE(1)) === at && at !== 0) {
          const nsLen = full[0];
          this.removeRecord(full.toString('utf8', 1, 1 + nsLen), full, rec.length);
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
