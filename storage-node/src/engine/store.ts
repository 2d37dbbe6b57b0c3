/**
 * The durable store: one LMDB environment in the data directory with a sub-database per
 * data model. Writes run in synchronous LMDB transactions, so a write is on disk (in the OS
 * page cache, which survives the process being killed) before anything acknowledges it.
 * With `fsync` on, every commit is also flushed to the device (survives power loss).
 */
import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { prefixEnd } from './keys';

export interface StoreOptions {
  dataDir: string;
  /** fsync every commit (power-loss durability) instead of relying on the OS page cache. */
  fsync?: boolean;
}

export type BinaryDb = Database<Buffer, Buffer>;
export type ObjectDb = Database<unknown, Buffer>;

export class Store {
  readonly env: RootDatabase<Buffer, Buffer>;
  /** KV records: ns + key -> [type][expireAt][payload] */
  readonly kv: BinaryDb;
  /** KV expiry index: ns-less [expireAt u64][full kv key] -> empty */
  readonly kvExpiry: BinaryDb;
  /** Document bodies (msgpack) by ns + collection + encoded id. */
  readonly docs: BinaryDb;
  /** Secondary index entries: ns + collection + index + values + id -> id. */
  readonly indexEntries: BinaryDb;
  /** Vector records: ns + collection + id -> {label, vector, metadata}. */
  readonly vectors: BinaryDb;
  /** Time-series chunks: ns + series + start + end + seq -> packed columns. */
  readonly tsChunks: BinaryDb;
  /** Catalogue: collection/index/series definitions, usage counters (msgpack values). */
  readonly meta: ObjectDb;
  readonly dataDir: string;
  private inWrite = false;

  constructor(opts: StoreOptions) {
    this.dataDir = opts.dataDir;
    fs.mkdirSync(opts.dataDir, { recursive: true });
    this.env = open<Buffer, Buffer>({
      path: path.join(opts.dataDir, 'synq.lmdb'),
      maxDbs: 16,
      noSync: !opts.fsync,
      useWritemap: true,
      keyEncoding: 'binary',
      encoding: 'binary',
      // Grow in big steps: remapping is costly under heavy ingest.
      mapSize: 1024 * 1024 * 1024,
    });
    const bin = (name: string): BinaryDb => this.env.openDB<Buffer, Buffer>(name, { keyEncoding: 'binary', encoding: 'binary' });
    this.kv = bin('kv');
    this.kvExpiry = bin('kv_expiry');
    this.docs = bin('docs');
    this.indexEntries = bin('index_entries');
    this.vectors = bin('vectors');
    this.tsChunks = bin('ts_chunks');
    this.meta = this.env.openDB<unknown, Buffer>('meta', { keyEncoding: 'binary', encoding: 'msgpack' });
  }

  /** Runs `fn` in one write transaction (joining the current one if already inside). */
  write<T>(fn: () => T): T {
    if (this.inWrite) return fn();
    this.inWrite = true;
    try {
      return this.env.transactionSync(fn);
    } finally {
      this.inWrite = false;
    }
  }

  /** Deletes every key under `prefix` (call inside a write); returns the bytes freed. */
  clearPrefix(db: BinaryDb, prefix: Buffer): number {
    let freed = 0;
    for (const { key, value } of db.getRange({ start: prefix, end: prefixEnd(prefix) })) {
      freed += key.length + value.length;
      db.removeSync(key);
    }
    return freed;
  }

  /**
   * Zero-copy read: a view valid only until the next read on this store. (lmdb's
   * getBinaryFast reuses one buffer and fakes its `length`; the subarray makes it a true view.)
   */
  peek(db: BinaryDb, key: Buffer): Buffer | undefined {
    const b = db.getBinaryFast(key);
    return b === undefined ? undefined : b.subarray(0, b.length);
  }

  get writing(): boolean {
    return this.inWrite;
  }

  async close(): Promise<void> {
    await this.env.flushed;
    await this.env.close();
  }
}
