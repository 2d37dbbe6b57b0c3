/**
 * Redis-style key/value engine over LMDB: strings and hashes with TTLs.
 * Record layout: [type u8][expireAt f64 BE, 0 = none][payload]. Hash payload is a list of
 * [u32 len][field][u32 len][value]; in LMDB a big hash is stored field by field instead
 * (kv-layout.ts). Expired records read as missing at once (lazy expiry);
 * the active cycle deletes them through a time-ordered expiry index, as Redis does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EngineError } from './errors';
import { OP_DEL, OP_HDEL, OP_HSET, OP_PUT, OP_SETRANGE, readLog, readLogFiles, type LogOp } from './kv-log';
import {
  CK_CLEAR_FIELDS,
  CK_DEL,
  CK_DEL_FIELD,
  CK_END_OF_GROUP,
  CK_PUT,
  CK_PUT_FIELD,
  clearFieldRange,
  FIELD_LEAD,
  fieldPrefix,
  fieldRecord,
  isSplitHeader,
  parseFieldRecord,
  SPLIT_BYTES,
  splitHeader,
} from './kv-layout';
import { loadNative, type CheckpointStats, type KvCore } from '../native';
import { nsPrefix, prefixEnd, u64, readU64 } from './keys';
import { globMatch } from './glob';
import type { Store } from './store';
import type { UsageCounters } from './usage';
import { spend } from './budget';

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

/** Redis's proto-max-bulk-len: no string grows past it. */
export const MAX_STRING_BYTES = 512 * 1024 * 1024;

/** A live string's length and the bytes asked for (`KvEngine.stringSlice`). */
export interface StringSlice {
  length: number;
  bytes: Buffer;
}

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
 * Where records live: every KV record of every namespace is held in memory by the native
 * record store (`native/src/core.rs`, as Redis holds its dataset), which also appends every
 * change to the KV log (kv-log.ts has the format) and remembers the keys changed since the
 * last checkpoint. The RESP socket thread serves GET, plain SET, the counters and hash field commands from that
 * store directly;
 * everything else runs here, through the same store under its lock. A batch (one RESP
 * wake-up, or one call from elsewhere) is acknowledged after one write(2) of its log frame.
 * LMDB is the durable copy: a checkpoint rotates the log to `.old`, takes the changed
 * records, writes them to LMDB (in the background in slices, or at once before anything
 * that reads LMDB directly: SCAN, KEYS, DBSIZE, FLUSHDB, and active expiry when a pending
 * record's TTL is due) and then deletes `.old`. At startup the logs are replayed into LMDB
 * and LMDB is loaded into memory.
 */
/**
 * Checkpoint at once past this many pending ops or log bytes (bounds the log and replay
 * time); otherwise every CHECKPOINT_MS, so rewrites of hot keys coalesce.
 */
const CHECKPOINT_OPS = 500_000;
const CHECKPOINT_LOG_BYTES = 64 * 1024 * 1024;
const CHECKPOINT_MS = Number(process.env.SYNQ_KV_CHECKPOINT_MS) || 5000; // env: tests
/** How often the thresholds are checked (the socket thread's writes do not pass through here). */
const CHECKPOINT_POLL_MS = Math.min(250, CHECKPOINT_MS);
/** LMDB writes per transaction in a background checkpoint (a few ms of event-loop time). */
const CHECKPOINT_SLICE = 2000;
/** Bytes of field records handed to the native store per call when loading a hash stored field by field. */
const LOAD_FIELDS_BYTES = 1 << 20;

interface Space {
  name: string;
  prefix: Buffer;
  /** The native store's id of the namespace. */
  id: number;
}

export type EvictionPolicy = 'noeviction' | 'allkeys-lru' | 'allkeys-random' | 'volatile-lru' | 'volatile-random' | 'volatile-ttl';
export const EVICTION_POLICIES: EvictionPolicy[] = ['noeviction', 'allkeys-lru', 'allkeys-random', 'volatile-lru', 'volatile-random', 'volatile-ttl'];

export interface KvLimits {
  /** Node-wide stored bytes of the KV dataset; 0 = none. */
  maxmemory: number;
  /** Stored bytes of one namespace's KV data; 0 = none. */
  namespaceQuota: number;
  policy: EvictionPolicy;
}

export interface KvEngineOptions {
  /** fdatasync the log before a batch is acknowledged. */
  fsync?: boolean;
  /** Log file (default `<data dir>/kv.log`). */
  logFile?: string;
}

/** A record's expireAt, 0 = none (0.0 is all-zero bytes; any other double has a non-zero top 2 bytes). */
export function expiryOf(rec: Buffer): number {
  return rec[1] === 0 && rec[2] === 0 ? 0 : rec.readDoubleBE(1);
}

/** True when the record has an expiry at or before `now`. */
function expired(rec: Buffer, now: number): boolean {
  const exp = expiryOf(rec);
  return exp !== 0 && exp <= now;
}

export class KvEngine {
  private readonly spaces = new Map<string, Space>();
  private readonly byId: Space[] = [];
  private last: Space | undefined;
  /** The native record store and log (shared with the RESP socket thread). */
  readonly core: KvCore;
  private batchDepth = 0;
  private lastCheckpoint = Date.now();
  private readonly timer: NodeJS.Timeout;
  /** The checkpoint in progress: its change records, applied up to `pos`. */
  private applying: { records: Buffer; pos: number; minExpiry: number } | null = null;
  private closed = false;
  /** Whether any memory limit is set (admit is a no-op otherwise). */
  private limited = false;
  /** Ops replayed from the log at startup (tests and logs). */
  readonly replayed: number;
  /** Bytes of a torn / corrupt tail ignored at startup. */
  readonly tornBytes: number;

  constructor(
    private readonly store: Store,
    private readonly usage: UsageCounters,
    opts: KvEngineOptions = {},
  ) {
    const file = opts.logFile ?? path.join(store.dataDir, 'kv.log');
    const files = readLogFiles(file);
    const old = files.old ? readLog(files.old) : { ops: [] as LogOp[], validBytes: 0 };
    const cur = readLog(files.current);
    const ops = old.ops.concat(cur.ops);
    this.replayed = ops.length;
    this.tornBytes = (files.old ? files.old.length - old.validBytes : 0) + files.current.length - cur.validBytes;
    if (ops.length) this.replay(ops);
    // Everything replayed is in LMDB (committed): the logs can go, the older first (a crash in
    // between must not leave the old log to be replayed alone over newer records).
    if (files.old) fs.rmSync(file + '.old', { force: true });
    if (files.current.length) fs.truncateSync(file, 0);
    this.core = new (loadNative().KvCore)(file, opts.fsync === true);
    this.load();
    for (const sp of this.spaces.values()) usage.seedKv(sp.name, this.core.usedBytes(sp.id));
    usage.addSource(() => this.takeUsage());
    this.timer = setInterval(() => {
      if (this.closed) return;
      const due = Date.now() - this.lastCheckpoint >= CHECKPOINT_MS || this.core.pendingOps >= CHECKPOINT_OPS || this.core.logSize >= CHECKPOINT_LOG_BYTES;
      if (!due) return;
      try {
        this.startCheckpoint();
      } catch {
        // Retried on the next tick; writes stay in the log meanwhile.
      }
    }, CHECKPOINT_POLL_MS);
    this.timer.unref();
  }

  /**
   * Loads LMDB into the native store: every key's record, then the field records of the hashes
   * stored field by field (they sort after every namespace's keys, a hash's fields together).
   * Field records whose hash is gone (none should be) are deleted.
   */
  private load(): void {
    // The fields of the hash being loaded, as loadFields takes them (`[u32 LE len][bytes]`).
    let buf = Buffer.allocUnsafe(LOAD_FIELDS_BYTES);
    let used = 0;
    let hash: { fullKey: Buffer; sp: Space; key: Buffer; orphan: boolean } | null = null;
    const orphans: Buffer[] = [];
    const flush = (): void => {
      if (hash !== null && used > 0 && !hash.orphan && !this.core.loadFields(hash.sp.id, hash.key, buf.subarray(0, used))) {
        hash.orphan = true;
        orphans.push(hash.fullKey);
      }
      used = 0;
    };
    const add = (b: Buffer): void => {
      buf.writeUInt32LE(b.length, used);
      b.copy(buf, used + 4);
      used += 4 + b.length;
    };
    for (const { key, value } of this.store.kv.getRange({})) {
      if (key[0] !== FIELD_LEAD) {
        const nsEnd = 1 + key[0];
        const sp = this.space(key.toString('utf8', 1, nsEnd));
        this.core.load(sp.id, key.subarray(nsEnd), value);
        continue;
      }
      if (key.length < 4 || 3 + key.readUInt16BE(1) >= key.length) continue;
      const kl = key.readUInt16BE(1);
      if (hash === null || hash.fullKey.length !== kl || key.compare(hash.fullKey, 0, kl, 3, 3 + kl) !== 0) {
        const r = parseFieldRecord(key, value);
        if (!r) continue;
        flush();
        const fullKey = Buffer.from(r.fullKey);
        const nsEnd = 1 + fullKey[0];
        hash = { fullKey, sp: this.space(fullKey.toString('utf8', 1, nsEnd)), key: fullKey.subarray(nsEnd), orphan: false };
      }
      // A plain field in the key (tag 0), else one named by its digest (parsed from the value).
      const r = key[3 + kl] === 0 ? null : parseFieldRecord(key, value);
      if (r === null && key[3 + kl] !== 0) continue;
      const field = r ? r.field : key.subarray(4 + kl);
      const v = r ? r.value : value;
      const need = 8 + field.length + v.length;
      if (used + need > buf.length) {
        flush();
        if (need > buf.length) buf = Buffer.allocUnsafe(need);
      }
      add(field);
      add(v);
    }
    flush();
    if (orphans.length) this.store.write(() => orphans.forEach((k) => clearFieldRange(this.store.kv, fieldPrefix(k))));
  }

  /**
   * Applies logged ops to LMDB, in one transaction: the final record of every key they touch,
   * and of a hash stored field by field its header and the fields they touch (an op sets a
   * field, a record or an expiry, never a delta, so replaying over a checkpoint's partly
   * applied writes ends in the same state). A hash stored whole is decoded and encoded once.
   */
  private replay(ops: LogOp[]): void {
    /** `whole`: `fields` is the entire hash (it replaces what LMDB holds); else the changes to the field records (null: deleted). */
    type Hash = { expireAt: number; fields: Map<string, Buffer | null>; whole: boolean };
    /** A record changed in place (range sets, expiries): its bytes are `grow[0, len)`, capacity doubling. */
    type Grow = { grow: Buffer; len: number };
    const isGrow = (v: Buffer | Hash | Grow | null): v is Grow => v !== null && !Buffer.isBuffer(v) && 'grow' in v;
    const growable = (e: { value: Buffer | Hash | Grow | null }, need: number): Grow => {
      let g: Grow;
      if (isGrow(e.value)) g = e.value;
      else if (Buffer.isBuffer(e.value) && e.value[0] === TYPE_STRING && e.value.length >= HEADER) {
        g = { grow: Buffer.alloc(Math.max(need, e.value.length)), len: e.value.length };
        e.value.copy(g.grow);
      } else {
        // Not a string (a later state of the key, which ops after this one replace): start empty.
        g = { grow: Buffer.alloc(Math.max(need, HEADER)), len: HEADER };
        g.grow[0] = TYPE_STRING;
      }
      if (need > g.grow.length) {
        const bigger = Buffer.alloc(Math.max(need, g.grow.length * 2));
        g.grow.copy(bigger, 0, 0, g.len);
        g.grow = bigger;
      }
      e.value = g;
      return g;
    };
    const finals = new Map<string, { fullKey: Buffer; value: Buffer | Hash | Grow | null }>();
    const current = (fullKey: Buffer): { fullKey: Buffer; value: Buffer | Hash | Grow | null } => {
      const id = fullKey.toString('latin1');
      let e = finals.get(id);
      if (!e) {
        const stored = this.store.peek(this.store.kv, fullKey);
        let value: Buffer | Hash | Grow | null = null;
        if (stored && isSplitHeader(stored)) value = { expireAt: expiryOf(stored), fields: new Map(), whole: false };
        else if (stored) value = Buffer.from(stored);
        e = { fullKey, value };
        finals.set(id, e);
      }
      return e;
    };
    const asHash = (e: { value: Buffer | Hash | Grow | null }): Hash => {
      if (e.value === null || isGrow(e.value) || (Buffer.isBuffer(e.value) && e.value[0] !== TYPE_HASH)) e.value = { expireAt: 0, fields: new Map(), whole: true };
      else if (Buffer.isBuffer(e.value)) e.value = { expireAt: expiryOf(e.value), fields: decodeHash(e.value.subarray(HEADER)), whole: true };
      return e.value;
    };
    for (const op of ops) {
      const e = current(op.fullKey);
      if (op.op === OP_PUT) e.value = op.record;
      else if (op.op === OP_DEL) e.value = null;
      else if (op.op === OP_HSET) asHash(e).fields.set(op.field.toString('latin1'), op.value);
      else if (op.op === OP_HDEL) {
        if (e.value !== null) {
          const h = asHash(e);
          if (h.whole) h.fields.delete(op.field.toString('latin1'));
          else h.fields.set(op.field.toString('latin1'), null);
        }
      } else if (op.op === OP_SETRANGE) {
        const g = growable(e, HEADER + op.offset + op.bytes.length);
        op.bytes.copy(g.grow, HEADER + op.offset);
        g.len = Math.max(g.len, HEADER + op.offset + op.bytes.length);
      } else if (e.value !== null) {
        if (isGrow(e.value) || (Buffer.isBuffer(e.value) && e.value[0] === TYPE_STRING && e.value.length >= HEADER)) {
          // In place (a copy once): a big string's many EXPIREs cost their bytes, not its size each.
          const rec = growable(e, 0).grow;
          if (op.expireAt === 0) rec.fill(0, 1, HEADER);
          else rec.writeDoubleBE(op.expireAt, 1);
        } else if (Buffer.isBuffer(e.value)) {
          const rec = Buffer.from(e.value);
          if (op.expireAt === 0) rec.fill(0, 1, HEADER);
          else rec.writeDoubleBE(op.expireAt, 1);
          e.value = rec;
        } else e.value.expireAt = op.expireAt;
      }
    }
    const kv = this.store.kv;
    this.store.write(() => {
      for (const { fullKey, value: v } of finals.values()) {
        const value = isGrow(v) ? v.grow.subarray(0, v.len) : v;
        const fields = fieldPrefix(fullKey);
        if (value === null) {
          kv.removeSync(fullKey);
          clearFieldRange(kv, fields);
        } else if (Buffer.isBuffer(value)) {
          clearFieldRange(kv, fields);
          this.putLmdb(fullKey, value);
        } else if (value.whole) {
          clearFieldRange(kv, fields);
          let payload = 0;
          for (const [f, v] of value.fields) payload += 8 + f.length + v!.length;
          if (value.fields.size === 0) kv.removeSync(fullKey);
          else if (payload <= SPLIT_BYTES) this.putLmdb(fullKey, hashRecord(value.expireAt, value.fields as Map<string, Buffer>));
          else {
            this.putLmdb(fullKey, splitHeader(value.expireAt));
            for (const [f, v] of value.fields) kv.putSync(...fieldRecord(fullKey, Buffer.from(f, 'latin1'), v!));
          }
        } else {
          this.putLmdb(fullKey, splitHeader(value.expireAt));
          for (const [f, v] of value.fields) {
            const [k, rec] = fieldRecord(fullKey, Buffer.from(f, 'latin1'), v ?? Buffer.alloc(0));
            if (v === null) kv.removeSync(k);
            else kv.putSync(k, rec);
          }
          // A hash is never empty: with every field gone the key goes (the log says so too).
          let left = false;
          for (const _k of kv.getKeys({ start: fields, end: prefixEnd(fields), limit: 1 })) left = true;
          if (!left) kv.removeSync(fullKey);
        }
      }
    });
  }

  private space(ns: string): Space {
    const l = this.last;
    if (l !== undefined && l.name === ns) return l;
    let sp = this.spaces.get(ns);
    if (!sp) {
      const prefix = nsPrefix(ns);
      sp = { name: ns, prefix, id: this.core.spaceId(prefix) };
      this.spaces.set(ns, sp);
      this.byId[sp.id] = sp;
    }
    this.last = sp;
    return sp;
  }

  /** The native store's id of a namespace (the RESP socket thread serves connections by it). */
  spaceId(ns: string): number {
    return this.space(ns).id;
  }

  /** Adds the usage the native store counted (its own writes and the socket thread's commands). */
  private takeUsage(): void {
    const b = this.core.takeUsage();
    for (let o = 0; o + 28 <= b.length; o += 28) {
      const sp = this.byId[b.readUInt32LE(o)];
      if (!sp) continue;
      const stored = b.readDoubleLE(o + 4);
      if (stored !== 0) this.usage.addKv(sp.name, stored);
      const u = this.usage.of(sp.name);
      u.queries += b.readDoubleLE(o + 12);
      u.writes += b.readDoubleLE(o + 20);
    }
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
   * Runs `fn` as one batch: it holds the native store (the socket thread waits), so its reads
   * and writes are atomic with respect to the socket thread's commands, and its writes are
   * acknowledged together, by one log write when it returns. Nested calls join the outer batch.
   */
  batch<T>(fn: () => T): T {
    if (this.batchDepth++ === 0) this.core.beginBatch();
    try {
      return fn();
    } finally {
      if (--this.batchDepth === 0) {
        try {
          this.core.commit();
        } finally {
          this.core.endBatch();
        }
      }
    }
  }

  /**
   * Starts a background checkpoint: the log rotates and the changed records are taken at
   * once (core.beginCheckpoint), then written to LMDB CHECKPOINT_SLICE at a time, one
   * transaction per event-loop turn; the old log is deleted at the end.
   */
  private startCheckpoint(): void {
    if (this.applying || this.store.writing || this.batchDepth > 0 || this.closed) return;
    this.lastCheckpoint = Date.now();
    const records = this.core.beginCheckpoint();
    if (!records) return;
    this.applying = { records, pos: 8, minExpiry: records.readDoubleLE(0) };
    setImmediate(() => this.stepCheckpoint());
  }

  /** Applies one slice of the checkpoint in progress (all of it with `all`). */
  private stepCheckpoint(all = false): void {
    const a = this.applying;
    if (!a || this.closed) return;
    try {
      // Progress is recorded only once the transaction has committed (re-applying is harmless).
      let pos = a.pos;
      this.store.write(() => {
        const b = a.records;
        const kv = this.store.kv;
        for (let n = 0; pos < b.length && (all || n < CHECKPOINT_SLICE); n++) {
          const at = pos;
          const op = b[pos] & ~CK_END_OF_GROUP;
          const kl = b.readUInt16LE(pos + 1);
          const key = b.subarray(pos + 3, pos + 3 + kl);
          pos += 3 + kl;
          if (op === CK_PUT || op === CK_PUT_FIELD) {
            const vl = b.readUInt32LE(pos);
            const value = b.subarray(pos + 4, pos + 4 + vl);
            pos += 4 + vl;
            if (op === CK_PUT) this.putLmdb(key, value);
            else kv.putSync(key, value);
          } else if (op === CK_DEL || op === CK_DEL_FIELD) kv.removeSync(key);
          else if (op === CK_CLEAR_FIELDS) {
            // A big hash's field records go a slice at a time too.
            const r = clearFieldRange(kv, key, all ? Infinity : CHECKPOINT_SLICE - n);
            n += r.removed;
            if (!r.done) {
              pos = at;
              break;
            }
          } else throw new Error(`unknown checkpoint op ${op}`);
        }
      });
      a.pos = pos;
    } catch (e) {
      if (all) throw e;
      setTimeout(() => this.stepCheckpoint(), 1000).unref();
      return;
    }
    if (a.pos < a.records.length) {
      setImmediate(() => this.stepCheckpoint());
      return;
    }
    this.applying = null;
    this.core.endCheckpoint();
  }

  /**
   * Writes every changed record to LMDB now (finishing a background checkpoint first). Safe
   * mid-batch: the batch's frame is committed first. A no-op inside another LMDB write (its
   * commit is not ours to wait for).
   */
  checkpoint(): void {
    if (this.store.writing) return;
    if (this.applying) this.stepCheckpoint(true);
    const records = this.core.beginCheckpoint();
    this.lastCheckpoint = Date.now();
    if (!records) return;
    this.applying = { records, pos: 8, minExpiry: records.readDoubleLE(0) };
    this.stepCheckpoint(true);
  }

  /** What the last checkpoint took from the native store (keys, LMDB writes, how long it held the store). */
  get checkpointStats(): CheckpointStats {
    return this.core.checkpointStats();
  }

  /** Checkpoints and stops the background work (the engine's shutdown). */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.checkpoint();
    this.takeUsage();
    this.closed = true;
  }

  /** The stored record, expired or not (a hash is encoded whole: use `liveHead` to test). */
  private record(sp: Space, key: Buffer): Buffer | undefined {
    return this.core.get(sp.id, key) ?? undefined;
  }

  /** The live record's header (`[type][expiry]`, expired ones read as missing). */
  private liveHead(sp: Space, key: Buffer, now: number): Buffer | undefined {
    const head = this.core.head(sp.id, key);
    return head && !expired(head, now) ? head : undefined;
  }

  /** The live string record, undefined when missing; WRONGTYPE for a hash. */
  private liveString(sp: Space, key: Buffer, now: number): Buffer | undefined {
    const head = this.liveHead(sp, key, now);
    if (!head) return undefined;
    if (head[0] !== TYPE_STRING) throw new WrongTypeError();
    return this.record(sp, key);
  }

  /** Stores a whole record (the native store logs it and counts its usage). */
  private writeRecord(sp: Space, key: Buffer, type: number, expireAt: number, payload: Buffer): void {
    this.core.put(sp.id, key, newRecord(type, expireAt, payload));
  }

  /**
   * The live record of either type, header included (a copy: the socket thread may change the
   * key meanwhile), null when missing or expired. Inside `batch` it stays current.
   */
  liveRecord(ns: string, key: Buffer): Buffer | null {
    KvEngine.check(key);
    const rec = this.record(this.space(ns), key);
    return rec === undefined || expired(rec, Date.now()) ? null : rec;
  }

  /**
   * The live record's header (`[type][f64 BE expireAt]`, no payload: nothing of a big value is
   * copied), null when missing or expired.
   */
  liveHeader(ns: string, key: Buffer): Buffer | null {
    KvEngine.check(key);
    return this.liveHead(this.space(ns), key, Date.now()) ?? null;
  }

  /** What the native store's string writes answer below 0. */
  private static stringError(code: number): EngineError {
    if (code === -1) return new WrongTypeError();
    return new EngineError('ERR', 'ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  }

  /**
   * APPEND (`offset` undefined) or SETRANGE on the live string (a missing key becomes one;
   * WRONGTYPE for a hash): the new length. In place in the native store, the TTL kept; costs
   * and logs the bytes written, not the whole value. An empty `part` writes nothing (APPEND of
   * nothing still creates a missing key).
   */
  writeRange(ns: string, key: Buffer, offset: number | undefined, part: Buffer): number {
    return this.batch(() => {
      KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      const n = this.core.writeRange(sp.id, key, offset ?? -1, part, Date.now());
      if (n < 0) throw KvEngine.stringError(n);
      return n;
    });
  }

  /** SETBIT on the live string (a missing key becomes one): the bit's previous value. */
  setBit(ns: string, key: Buffer, bitOffset: number, bit: 0 | 1): 0 | 1 {
    return this.batch(() => {
      KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      const n = this.core.setbit(sp.id, key, bitOffset, bit === 1, Date.now());
      if (n < 0) throw KvEngine.stringError(n);
      return n === 1 ? 1 : 0;
    });
  }

  /**
   * The live string's length and its bytes `[from, to)` (clamped), copying only those; null
   * when missing or expired, WRONGTYPE for a hash.
   */
  stringSlice(ns: string, key: Buffer, from: number, to: number): StringSlice | null {
    KvEngine.check(key);
    const b = this.core.slice(this.space(ns).id, key, from, to);
    if (b === null || expired(b, Date.now())) return null;
    if (b[0] !== TYPE_STRING) throw new WrongTypeError();
    return { length: b.readDoubleLE(HEADER), bytes: b.subarray(HEADER + 8) };
  }

  /** Stores a whole record as `liveRecord` returns it (`newRecord` builds one). */
  putRecord(ns: string, key: Buffer, rec: Buffer): void {
    this.batch(() => {
      KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      this.core.put(sp.id, key, rec);
    });
  }

  get(ns: string, key: Buffer): Buffer | null {
    const rec = this.getRecord(ns, key);
    return rec === null ? null : rec.subarray(HEADER);
  }

  /** The live string record (payload from RECORD_HEADER), null when missing. */
  getRecord(ns: string, key: Buffer): Buffer | null {
    KvEngine.check(key);
    return this.liveString(this.space(ns), key, Date.now()) ?? null;
  }

  /**
   * Limits of the KV dataset in stored bytes (records plus keys; 0 = none): node-wide and per
   * namespace, and Redis's eviction policy past them (`noeviction` refuses writes with OOM).
   */
  setLimits(limits: KvLimits): void {
    this.core.setLimits(limits.maxmemory, limits.namespaceQuota, limits.policy);
    this.limited = limits.maxmemory > 0 || limits.namespaceQuota > 0;
  }

  /**
   * A namespace's stored bytes of the other models (documents, vectors, time-series): with its
   * KV bytes they count against the namespace quota (the native store evicts KV keys for them,
   * or refuses KV writes once they alone fill it).
   */
  setOtherBytes(ns: string, bytes: number): void {
    this.core.setOtherBytes(this.space(ns).id, bytes);
  }

  /** Stored bytes of the KV dataset (records plus keys), or of one namespace's. */
  usedBytes(ns?: string): number {
    return ns === undefined ? this.core.usedBytes() : this.core.usedBytes(this.space(ns).id);
  }

  /** Before a write that may grow the dataset (Redis's "denyoom"): evicts, or refuses with OOM. */
  private admit(sp: Space): void {
    if (!this.limited) return;
    const verdict = this.core.makeRoom(sp.id, Date.now());
    if (verdict === 1) throw new EngineError('OOM', "OOM command not allowed when used memory > 'maxmemory'.");
    if (verdict === 2) throw new EngineError('OOM', "OOM command not allowed when the namespace's stored bytes > its quota.");
  }

  /** Returns false when NX/XX prevented the write. */
  set(ns: string, key: Buffer, value: Buffer, opts?: SetOptions): boolean {
    return this.batch(() => {
      KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      if (opts === undefined || (!opts.nx && !opts.xx && !opts.keepTtl && opts.expireAt === undefined)) {
        this.writeRecord(sp, key, TYPE_STRING, 0, value);
        return true;
      }
      const head = this.liveHead(sp, key, Date.now());
      if ((opts.nx && head) || (opts.xx && !head)) return false;
      const expireAt = opts.expireAt ?? (opts.keepTtl && head ? expiryOf(head) : 0);
      this.writeRecord(sp, key, TYPE_STRING, expireAt, value);
      return true;
    });
  }

  /**
   * MSET: every key or none, as Redis's. Every key is checked and room is made before the
   * first write; the writes then go into one log frame (the batch's), which a restart replays
   * whole or not at all and a failed log write takes back whole.
   */
  mset(ns: string, pairs: [Buffer, Buffer][]): void {
    this.batch(() => {
      for (const [key] of pairs) KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      for (const [key, value] of pairs) this.writeRecord(sp, key, TYPE_STRING, 0, value);
    });
  }

  mget(ns: string, keys: Buffer[]): (Buffer | null)[] {
    const sp = this.space(ns);
    const now = Date.now();
    return keys.map((key) => {
      KvEngine.check(key);
      const head = this.liveHead(sp, key, now);
      return head && head[0] === TYPE_STRING ? (this.record(sp, key)?.subarray(HEADER) ?? null) : null;
    });
  }

  del(ns: string, keys: Buffer[]): number {
    return this.batch(() => {
      const sp = this.space(ns);
      const now = Date.now();
      let n = 0;
      for (const key of keys) {
        KvEngine.check(key);
        if (this.liveHead(sp, key, now)) n++;
        // (An expired record is deleted too.)
        this.core.del(sp.id, key);
      }
      return n;
    });
  }

  exists(ns: string, keys: Buffer[]): number {
    const sp = this.space(ns);
    const now = Date.now();
    let n = 0;
    for (const key of keys) {
      KvEngine.check(key);
      if (this.liveHead(sp, key, now)) n++;
    }
    return n;
  }

  type(ns: string, key: Buffer): KvType {
    KvEngine.check(key);
    const head = this.liveHead(this.space(ns), key, Date.now());
    if (!head) return 'none';
    return head[0] === TYPE_HASH ? 'hash' : 'string';
  }

  incrBy(ns: string, key: Buffer, delta: bigint): bigint {
    return this.batch(() => {
      KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      const rec = this.liveString(sp, key, Date.now());
      const cur = rec ? parseInt64(rec.subarray(HEADER)) : 0n;
      const next = cur + delta;
      if (next > INT64_MAX || next < INT64_MIN) throw new EngineError('ERR', 'ERR increment or decrement would overflow');
      this.writeRecord(sp, key, TYPE_STRING, rec ? expiryOf(rec) : 0, Buffer.from(next.toString()));
      return next;
    });
  }

  /** Sets (or with null clears) the absolute expiry; false when the key is missing. */
  setExpiry(ns: string, key: Buffer, expireAt: number | null): boolean {
    return this.batch(() => {
      KvEngine.check(key);
      const now = Date.now();
      const sp = this.space(ns);
      const head = this.liveHead(sp, key, now);
      if (!head) return false;
      if (expireAt === null) {
        if (expiryOf(head) === 0) return false;
        this.core.setExpiry(sp.id, key, 0);
      } else if (expireAt <= now) {
        this.core.del(sp.id, key);
      } else {
        this.core.setExpiry(sp.id, key, expireAt);
      }
      return true;
    });
  }

  /** Remaining ms: -2 when missing, -1 without expiry. */
  pttl(ns: string, key: Buffer): number {
    KvEngine.check(key);
    const now = Date.now();
    const head = this.liveHead(this.space(ns), key, now);
    if (!head) return -2;
    const exp = expiryOf(head);
    return exp === 0 ? -1 : Math.max(0, Math.round(exp - now));
  }

  /** Live keys of a namespace matching a glob, from `offset`, at most `count` examined. */
  scan(ns: string, offset: number, count: number, pattern?: string, type?: KvType): { next: number; keys: Buffer[] } {
    this.checkpoint();
    const p = nsPrefix(ns);
    const glob = pattern && pattern !== '*' ? pattern : undefined;
    const now = Date.now();
    const keys: Buffer[] = [];
    let seen = 0;
    for (const { key, value } of this.store.kv.getRange({ start: p, end: prefixEnd(p), offset, limit: count })) {
      spend();
      seen++;
      if (expired(value, now)) continue;
      if (type && (value[0] === TYPE_HASH ? 'hash' : 'string') !== type) continue;
      const k = key.subarray(p.length);
      if (glob !== undefined && !globMatch(glob, k.toString('latin1'))) continue;
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
    let freed = 0;
    this.store.write(() => {
      const split: Buffer[] = [];
      for (const { key, value } of this.store.kv.getRange({ start: p, end: prefixEnd(p) })) {
        const k = Buffer.from(key);
        this.store.kv.removeSync(k);
        // A hash stored field by field counts as if whole (as the native store counts it).
        if (isSplitHeader(value)) {
          split.push(k);
          freed += HEADER + k.length;
        } else freed += value.length + k.length;
        u.writes++;
      }
      for (const k of split) freed += clearFieldRange(this.store.kv, fieldPrefix(k)).freed;
    });
    this.usage.addKv(ns, -freed);
    this.core.clearSpace(sp.id);
  }

  // ---- hashes (held field by field in the native store: O(1) per field) ----

  /** The live hash's header, undefined when missing; WRONGTYPE for a string. */
  private liveHash(sp: Space, key: Buffer, now: number): Buffer | undefined {
    const head = this.liveHead(sp, key, now);
    if (head && head[0] !== TYPE_HASH) throw new WrongTypeError();
    return head;
  }

  hset(ns: string, key: Buffer, pairs: [Buffer, Buffer][]): number {
    return this.batch(() => {
      KvEngine.check(key);
      const sp = this.space(ns);
      this.admit(sp);
      const added = this.core.hset(sp.id, key, lengthPrefixed(pairs.flat()), Date.now());
      if (added < 0) throw new WrongTypeError();
      return added;
    });
  }

  hget(ns: string, key: Buffer, field: Buffer): Buffer | null {
    KvEngine.check(key);
    const sp = this.space(ns);
    return this.liveHash(sp, key, Date.now()) ? this.core.hget(sp.id, key, field) : null;
  }

  hlen(ns: string, key: Buffer): number {
    KvEngine.check(key);
    const sp = this.space(ns);
    return this.liveHash(sp, key, Date.now()) ? this.core.hlen(sp.id, key) : 0;
  }

  hgetall(ns: string, key: Buffer): Map<string, Buffer> {
    KvEngine.check(key);
    const sp = this.space(ns);
    // One read of the whole record (the socket thread may turn the key into a string meanwhile).
    const rec = this.record(sp, key);
    if (!rec || expired(rec, Date.now())) return new Map();
    if (rec[0] !== TYPE_HASH) throw new WrongTypeError();
    return decodeHash(rec.subarray(HEADER));
  }

  hdel(ns: string, key: Buffer, fields: Buffer[]): number {
    return this.batch(() => {
      KvEngine.check(key);
      const n = this.core.hdel(this.space(ns).id, key, lengthPrefixed(fields), Date.now());
      if (n < 0) throw new WrongTypeError();
      return n;
    });
  }

  // ---- active expiry ----

  /** Deletes up to `max` expired keys; returns how many index entries it consumed. */
  expireCycle(max = 1000): number {
    const now = Date.now();
    // The expiry index is written by checkpoints: bring it up to date when a pending record's
    // entry would fall in the range swept below. Later expiries can wait (reads expire lazily).
    // Then every record matching a due entry is in LMDB, so deleting from LMDB directly is safe.
    if (Math.floor(Math.min(this.core.pendingMinExpiry, this.applying?.minExpiry ?? Infinity)) <= now) this.checkpoint();
    const due: Buffer[] = [];
    for (const key of this.store.kvExpiry.getKeys({ end: u64(Math.floor(now) + 1), limit: max })) due.push(Buffer.from(key));
    if (due.length === 0) return 0;
    this.store.write(() => {
      for (const entry of due) {
        const at = readU64(entry, 0);
        const full = entry.subarray(8);
        const nsEnd = 1 + full[0];
        const sp = this.space(full.toString('utf8', 1, nsEnd));
        // Forgotten only if the record still carries this expiry and has not changed since
        // the last checkpoint (a rewrite is pending and wins).
        const len = at === 0 ? -1 : this.core.forgetExpired(sp.id, full.subarray(nsEnd), at);
        if (len >= 0) {
          // (A hash stored field by field: the next checkpoint clears its field records.)
          this.store.kv.removeSync(full);
          this.usage.addKv(sp.name, -(len + full.length));
          const u = this.usage.of(sp.name);
          u.writes++;
        }
        this.store.kvExpiry.removeSync(entry);
      }
    });
    return due.length;
  }
}

/** A record: `[type][expireAt f64 BE, 0 = none][payload]`. */
export function newRecord(type: number, expireAt: number, payload: Buffer): Buffer {
  const rec = Buffer.allocUnsafe(HEADER + payload.length);
  rec[0] = type;
  if (expireAt === 0) rec.fill(0, 1, HEADER);
  else rec.writeDoubleBE(expireAt, 1);
  payload.copy(rec, HEADER);
  return rec;
}

export function parseInt64(b: Buffer): bigint {
  const s = b.toString('latin1');
  // As Redis reads integers: no sign but '-', no leading zeros (string2ll).
  if (!/^(0|-?[1-9]\d{0,18})$/.test(s)) throw new EngineError('ERR', 'ERR value is not an integer or out of range');
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN) throw new EngineError('ERR', 'ERR value is not an integer or out of range');
  return n;
}

/** `[u32 LE length][bytes]` per item (the native store's list argument). */
function lengthPrefixed(items: Buffer[]): Buffer {
  let size = 0;
  for (const b of items) size += 4 + b.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const b of items) {
    out.writeUInt32LE(b.length, o);
    b.copy(out, o + 4);
    o += 4 + b.length;
  }
  return out;
}

/** A whole hash record (as the native store encodes one for LMDB). */
function hashRecord(expireAt: number, fields: Map<string, Buffer>): Buffer {
  const rec = Buffer.concat([Buffer.alloc(HEADER), encodeHash(fields)]);
  rec[0] = TYPE_HASH;
  if (expireAt !== 0) rec.writeDoubleBE(expireAt, 1);
  return rec;
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

export function decodeHash(b: Buffer): Map<string, Buffer> {
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
