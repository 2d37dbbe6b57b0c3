/**
 * Storage commitments over the node's real data (docs/storage-node-network.md).
 *
 * A snapshot is one deterministic byte stream of everything the node stores that recovery
 * needs, cut by the registry's merkle rule (`@synq/sdk` merkle.ts) into 4 KiB chunks:
 *
 *   "SYNQSNAP" [u32 LE format version = 1]
 *   then, table by table (catalogue, kv, documents, vectors, time-series), every record in key
 *   order: [u8 table][u32 LE key length][key][u32 LE value length][value]
 *
 * The tables are the store's LMDB sub-databases read in one read transaction after a KV
 * checkpoint, as stored bytes. Left out because they are derived (rebuilt from what is in) or
 * change by themselves: secondary index entries, the KV expiry index, vector graphs and usage
 * counters.
 *
 * The snapshot a commitment names is kept as `<root hex>.data` (the bytes) and `<root hex>.tree`
 * (every level of the chunk tree, leaves first) until no challenge can target it, so a proof
 * reads one chunk and a few hashes from disk. Building streams: memory stays at a megabyte of
 * data plus 32 bytes per chunk, and the event loop is yielded between slices.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CHUNK_SIZE, levelSizes, parentLevel, proofPath, segmentTree, SEGMENT_SIZE, type ChallengeProof, type Hash } from '@synq/sdk';
import type { BinaryDb, Store } from '../engine/store';
import type { Engine } from '../engine/engine';
import { loadNative } from '../native';

export const SNAPSHOT_MAGIC = Buffer.from('SYNQSNAP');
export const SNAPSHOT_VERSION = 1;
/** Table tags of snapshot records, in stream order. */
export const SNAPSHOT_TABLES = { catalogue: 1, kv: 2, documents: 3, vectors: 4, timeseries: 5 } as const;
/** What one commitment can cover (registry MAX_COMMITMENT_CHUNKS chunks). */
export const MAX_SNAPSHOT_CHUNKS = 1_048_576;
/** Catalogue keys that are counters, not data. */
const VOLATILE_META_KEYS = [Buffer.from('usage')];
/** Data hashed per slice before the event loop gets a turn. */
const SLICE_BYTES = 1024 * 1024;

export interface SnapshotInfo {
  root: Buffer;
  rootHex: string;
  size: number;
  chunkCount: number;
}

export interface BuildProgress {
  bytes: number;
  records: number;
}

export class SnapshotTooLargeError extends Error {}

/** The snapshot files of a data directory (`<data dir>/snapshots`). */
export class SnapshotStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'snapshots');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private file(rootHex: string, ext: 'data' | 'tree'): string {
    return path.join(this.dir, `${rootHex}.${ext}`);
  }

  /** Roots whose snapshot is complete on disk. */
  list(): string[] {
    return fs
      .readdirSync(this.dir)
      .filter((f) => /^[0-9a-f]{64}\.tree$/.test(f))
      .map((f) => f.slice(0, 64))
      .filter((hex) => fs.existsSync(this.file(hex, 'data')));
  }

  has(root: Uint8Array): boolean {
    const hex = Buffer.from(root).toString('hex');
    return fs.existsSync(this.file(hex, 'tree')) && fs.existsSync(this.file(hex, 'data'));
  }

  info(root: Uint8Array): SnapshotInfo {
    const rootHex = Buffer.from(root).toString('hex');
    const size = fs.statSync(this.file(rootHex, 'data')).size;
    return { root: Buffer.from(root), rootHex, size, chunkCount: Math.ceil(size / CHUNK_SIZE) };
  }

  /** Deletes every snapshot but those named (and any half-built one). */
  prune(keep: readonly Uint8Array[]): string[] {
    const kept = new Set(keep.map((r) => Buffer.from(r).toString('hex')));
    const removed: string[] = [];
    for (const f of fs.readdirSync(this.dir)) {
      const hex = f.slice(0, 64);
      if (kept.has(hex) && /^[0-9a-f]{64}\.(data|tree)$/.test(f)) continue;
      fs.rmSync(path.join(this.dir, f), { force: true });
      if (f.endsWith('.tree')) removed.push(hex);
    }
    return removed;
  }

  /** Writes a snapshot of the engine's data and its chunk tree; the root names the files. */
  async build(engine: Engine, onProgress?: (p: BuildProgress) => void): Promise<SnapshotInfo> {
    engine.kv.checkpoint();
    const tmpData = path.join(this.dir, `building-${process.pid}.data`);
    const tmpTree = path.join(this.dir, `building-${process.pid}.tree`);
    const fd = fs.openSync(tmpData, 'w');
    const leaves: Buffer[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    let records = 0;
    const native = loadNative();
    const hashWhole = (final: boolean): void => {
      const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      const whole = final ? all.length : all.length - (all.length % CHUNK_SIZE);
      if (whole === 0) return;
      const body = all.subarray(0, whole);
      fs.writeSync(fd, body);
      leaves.push(native.storageChunkLeaves(body, size / CHUNK_SIZE));
      size += whole;
      if (size / CHUNK_SIZE > MAX_SNAPSHOT_CHUNKS) {
        throw new SnapshotTooLargeError(`the node holds more than a commitment covers (${MAX_SNAPSHOT_CHUNKS} chunks of ${CHUNK_SIZE} bytes = 4 GiB)`);
      }
      const rest = all.subarray(whole);
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
    };
    const push = (b: Buffer): void => {
      pending.push(b);
      pendingBytes += b.length;
    };
    const header = Buffer.alloc(SNAPSHOT_MAGIC.length + 4);
    SNAPSHOT_MAGIC.copy(header);
    header.writeUInt32LE(SNAPSHOT_VERSION, SNAPSHOT_MAGIC.length);
    push(header);
    const txn = engine.store.env.useReadTransaction();
    try {
      for (const [tag, db] of snapshotTables(engine.store)) {
        for (const { key, value } of db.getRange({ transaction: txn })) {
          if (tag === SNAPSHOT_TABLES.catalogue && VOLATILE_META_KEYS.some((k) => k.equals(key))) continue;
          const head = Buffer.alloc(5);
          head[0] = tag;
          head.writeUInt32LE(key.length, 1);
          const valueLen = Buffer.alloc(4);
          valueLen.writeUInt32LE(value.length);
          push(head);
          push(Buffer.from(key));
          push(valueLen);
          push(Buffer.from(value));
          records += 1;
          if (pendingBytes >= SLICE_BYTES) {
            hashWhole(false);
            onProgress?.({ bytes: size, records });
            await yieldToEventLoop();
          }
        }
      }
      hashWhole(true);
    } catch (e) {
      fs.closeSync(fd);
      fs.rmSync(tmpData, { force: true });
      throw e;
    } finally {
      txn.done();
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // The chunk tree, level by level (32 bytes per chunk for the leaves, as many again above).
    let level: Buffer = Buffer.concat(leaves);
    const treeFd = fs.openSync(tmpTree, 'w');
    fs.writeSync(treeFd, level);
    while (level.length > 32) {
      level = parentLevel(level);
      fs.writeSync(treeFd, level);
      await yieldToEventLoop();
    }
    fs.fsyncSync(treeFd);
    fs.closeSync(treeFd);
    const root = Buffer.from(level);
    const rootHex = root.toString('hex');
    fs.renameSync(tmpData, this.file(rootHex, 'data'));
    fs.renameSync(tmpTree, this.file(rootHex, 'tree'));
    onProgress?.({ bytes: size, records });
    return { root, rootHex, size, chunkCount: Math.ceil(size / CHUNK_SIZE) };
  }

  /** The proof `respond_challenge` takes for (chunk, segment) of the snapshot `root`. */
  prove(root: Uint8Array, chunkIndex: number | bigint, segmentIndex: number | bigint): ChallengeProof {
    const { rootHex, size, chunkCount } = this.info(root);
    const c = Number(chunkIndex);
    const s = Number(segmentIndex);
    if (c >= chunkCount) throw new Error(`chunk ${c} is beyond snapshot ${rootHex} (${chunkCount} chunks)`);
    const chunk = Buffer.alloc(CHUNK_SIZE);
    const dataFd = fs.openSync(this.file(rootHex, 'data'), 'r');
    try {
      fs.readSync(dataFd, chunk, 0, Math.min(CHUNK_SIZE, size - c * CHUNK_SIZE), c * CHUNK_SIZE);
    } finally {
      fs.closeSync(dataFd);
    }
    const sizes = levelSizes(chunkCount);
    const offsets: number[] = [];
    sizes.reduce((at, n) => (offsets.push(at), at + n * 32), 0);
    const treeFd = fs.openSync(this.file(rootHex, 'tree'), 'r');
    let chunkProof: Hash[];
    try {
      chunkProof = proofPath(sizes, c, (level, position) => {
        const hash = Buffer.alloc(32);
        if (fs.readSync(treeFd, hash, 0, 32, offsets[level] + position * 32) !== 32) throw new Error(`snapshot tree ${rootHex} is truncated`);
        return hash;
      });
    } finally {
      fs.closeSync(treeFd);
    }
    return {
      segment: [...chunk.subarray(s * SEGMENT_SIZE, (s + 1) * SEGMENT_SIZE)],
      segmentProof: segmentTree(chunk).proof(s).map((h) => [...h]),
      chunkProof: chunkProof.map((h) => [...h]),
    };
  }
}

/** The tables a snapshot holds, in stream order (raw bytes: the catalogue through a binary view). */
function snapshotTables(store: Store): [number, BinaryDb][] {
  const catalogue = store.env.openDB<Buffer, Buffer>('meta', { keyEncoding: 'binary', encoding: 'binary' });
  return [
    [SNAPSHOT_TABLES.catalogue, catalogue],
    [SNAPSHOT_TABLES.kv, store.kv],
    [SNAPSHOT_TABLES.documents, store.docs],
    [SNAPSHOT_TABLES.vectors, store.vectors],
    [SNAPSHOT_TABLES.timeseries, store.tsChunks],
  ];
}

/** Reads a snapshot stream back into its records (tests, audits, recovery tools). */
export function* snapshotRecords(data: Buffer): Generator<{ table: number; key: Buffer; value: Buffer }> {
  if (!data.subarray(0, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC)) throw new Error('not a Synq snapshot (bad magic)');
  const version = data.readUInt32LE(SNAPSHOT_MAGIC.length);
  if (version !== SNAPSHOT_VERSION) throw new Error(`snapshot format version ${version} is not supported`);
  let o = SNAPSHOT_MAGIC.length + 4;
  while (o < data.length) {
    const table = data[o];
    const keyLen = data.readUInt32LE(o + 1);
    const key = data.subarray(o + 5, o + 5 + keyLen);
    o += 5 + keyLen;
    const valueLen = data.readUInt32LE(o);
    const value = data.subarray(o + 4, o + 4 + valueLen);
    o += 4 + valueLen;
    if (o > data.length) throw new Error('snapshot is truncated');
    yield { table, key, value };
  }
}
