/**
 * Loads the storage node's native KV data plane (storage-node/native, a Rust N-API addon
 * built by `npm install` through scripts/build.mjs) and types it.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Inbox record kinds (native/src/event_loop.rs `wire`). */
export const EVENT_OPEN = 1;
export const EVENT_DATA = 2;
export const EVENT_CLOSED = 3;
/** Outgoing record flag: close the connection once its bytes are out. */
export const FLAG_END = 1;
export const INBOX_HEADER = 9;
export const OUTBOX_HEADER = 9;
/** `[u32 conn][u32 space][u8 proto][f64 bytes taken]` */
export const RESUME_RECORD = 17;

/** Every KV record in memory, the KV log and the changed-key set (native/src/core.rs). */
export interface KvCore {
  /** The id of the namespace whose keys carry `prefix` (engine/keys.ts nsPrefix). */
  spaceId(prefix: Buffer): number;
  /** A copy of the stored record (expired or not; a hash encoded whole), null when missing. */
  get(space: number, key: Buffer): Buffer | null;
  /** The stored record's `[type][expiry]` header, null when missing. */
  head(space: number, key: Buffer): Buffer | null;
  /** Sets a stored record's expiry (0 = none) and logs it; false when there is none. */
  setExpiry(space: number, key: Buffer, expireAt: number): boolean;
  /** HSET (`pairs` as `[u32 LE len][bytes]` items): fields added, -1 when the key holds a string. */
  hset(space: number, key: Buffer, pairs: Buffer, nowMs: number): number;
  /** HDEL (`fields` as `[u32 LE len][bytes]` items): fields removed, -1 when the key holds a string. */
  hdel(space: number, key: Buffer, fields: Buffer, nowMs: number): number;
  /** A hash field (type and expiry are the caller's to check), null when none. */
  hget(space: number, key: Buffer, field: Buffer): Buffer | null;
  /** A hash's field count (type and expiry are the caller's to check). */
  hlen(space: number, key: Buffer): number;
  /**
   * APPEND (`offset` < 0) or SETRANGE, in place (native/src/core.rs `write_range`), logging
   * only the bytes written: the new length; -1 a hash, -2 past 512 MiB.
   */
  writeRange(space: number, key: Buffer, offset: number, part: Buffer, nowMs: number): number;
  /** SETBIT in place: the previous bit; -1 a hash, -2 past 512 MiB. */
  setbit(space: number, key: Buffer, bitOffset: number, bit: boolean, nowMs: number): number;
  /** `[type][f64 BE expiry][f64 LE payload length][payload from..to]`, null when missing. */
  slice(space: number, key: Buffer, from: number, to: number): Buffer | null;
  /** Stores and logs a whole record (durable at the next commit). */
  put(space: number, key: Buffer, record: Buffer): void;
  /** Deletes and logs; the old record's length, -1 when there was none. */
  del(space: number, key: Buffer): number;
  /** Startup: a record already in LMDB (a hash stored field by field: its header, then `loadFields`). */
  load(space: number, key: Buffer, record: Buffer): void;
  /** Startup: field records (`[u32 LE len][bytes]` field/value items) of a hash stored field by field; false when the key holds none. */
  loadFields(space: number, key: Buffer, pairs: Buffer): boolean;
  /** Forgets a record the expiry sweep removed from LMDB, unless it changed since: its length, or -1. */
  forgetExpired(space: number, key: Buffer, expireAtFloor: number): number;
  /** Forgets a namespace's unchanged records (FLUSHDB). */
  clearSpace(space: number): void;
  /** Writes the pending log frame. */
  commit(): void;
  /** The KV dataset's limits in stored bytes (0 = none) and eviction policy (Redis's names). */
  setLimits(maxmemory: number, quota: number, policy: string): void;
  /** Evicts per the policy before a growing write: 0 = room, 1 = node over maxmemory, 2 = namespace over quota. */
  makeRoom(space: number, nowMs: number): number;
  /** The namespace's stored bytes of the other models: they count against its quota with its KV bytes. */
  setOtherBytes(space: number, bytes: number): void;
  /** Stored bytes (records plus keys) of the KV dataset, or of one namespace. */
  usedBytes(space?: number): number;
  /** Holds the store (the socket thread waits) until the matching endBatch; nests. */
  beginBatch(): void;
  endBatch(): void;
  readonly pendingOps: number;
  readonly pendingMinExpiry: number;
  readonly logSize: number;
  /** Rotates the log and takes the LMDB writes of the changed keys (`[f64 min expiry]` then ops, engine/kv-layout.ts), null when none. */
  beginCheckpoint(): Buffer | null;
  /** What the last beginCheckpoint took. */
  checkpointStats(): CheckpointStats;
  /** Deletes the rotated log once its records are in LMDB. */
  endCheckpoint(): void;
  /** `[u32 space][f64 stored bytes][f64 queries][f64 writes]` accrued since the last call. */
  takeUsage(): Buffer;
}

/** What a checkpoint took from the native store (native/src/core.rs `CheckpointStats`). */
export interface CheckpointStats {
  /** Keys changed since the checkpoint before. */
  keys: number;
  /** LMDB writes: records put or deleted (hash field records included) and field clears. */
  ops: number;
  /** Of them, on hash field records. */
  fieldOps: number;
  /** Bytes of the change list. */
  bytes: number;
  /** How long beginCheckpoint held the store (µs): commit, log rotation, taking the changes. */
  lockMicros: number;
}

/** The RESP sockets on their own thread, serving GET, plain SET, the counters and hash field commands from a KvCore. */
export interface BatchServer {
  readonly port: number;
  /** Commands the socket thread served itself. */
  readonly fastCommands: number;
  /** Reply bytes written to connections so far (fast path and JS replies). */
  readonly bytesOut: number;
  /** Every event since the last call, as `[u8 kind][u32 LE conn][u32 LE len][bytes]` records. */
  take(): Buffer;
  /** `[u32 LE conn][u32 LE len][u8 flags][bytes]` records. */
  send(records: Buffer): void;
  /** Hands connections back to the socket thread (RESUME_RECORD records), after `send`. */
  resume(records: Buffer): void;
  /** Namespaces (u32 LE space ids; replaces the last list) whose commands all go to JS. */
  holdSpaces(spaces: Buffer): void;
  close(): void;
}

interface NativeModule {
  KvCore: new (logFile: string, fsync: boolean) => KvCore;
  BatchServer: new (host: string, port: number, core: KvCore, defaultSpace: number, requireAuth: boolean, maxClients: number, onReady: () => void) => BatchServer;
  /** Linear-time regex test (native/src/pattern.rs); throws with the reason for a refused pattern. */
  regexTest(pattern: string, flags: string, subject: string): boolean;
  /** Linear-time matches (the first, or all up to a bound): `$regexFind` / `$regexFindAll`. */
  regexFind(pattern: string, flags: string, subject: string, all: boolean): NativeRegexMatch[];
  /** Storage-commitment leaves of `data`'s 4 KiB chunks (last zero padded), numbered from `firstIndex`: 32 bytes each. */
  storageChunkLeaves(data: Buffer, firstIndex: number): Buffer;
}

/** One match as `$regexFind` shows it; an unmatched group's capture is null (or undefined). */
export interface NativeRegexMatch {
  match: string;
  /** In code points, as MongoDB counts. */
  idx: number;
  captures: (string | null | undefined)[];
}

export const NATIVE_MODULE = path.resolve(__dirname, '../native/synq_storage_native.node');

let loaded: NativeModule | undefined;

export function loadNative(): NativeModule {
  if (loaded) return loaded;
  if (!fs.existsSync(NATIVE_MODULE)) {
    throw new Error(`the storage node's native module is missing (${NATIVE_MODULE}): run \`npm install\` or \`node scripts/build.mjs storage-native\` at the repository root`);
  }
  loaded = require(NATIVE_MODULE) as NativeModule;
  return loaded;
}
