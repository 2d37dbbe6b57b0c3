/**
 * The KV write-ahead log: an append-only file of frames, one per committed batch.
 *
 *   frame = [u32 payload length][u32 crc32(payload)][payload]
 *   op    = [u8 1 = put][u16 full key length][full key][u32 record length][record]
 *         | [u8 2 = del][u16 full key length][full key]
 *
 * Ops carry whole records (never deltas), so replaying a frame twice is harmless. A batch is
 * acknowledged after one write(2) of its frame (in the OS page cache: survives kill -9), or
 * with `fsync` after fdatasync too. At startup the frames are read until the first torn or
 * corrupt one (a crash mid-append: never acknowledged), applied to LMDB, and the log is
 * truncated. A background checkpoint rotates the file to `<file>.old` and deletes that once
 * applied; a synchronous one truncates the file. Startup replays `.old` first, then the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { growBuffer } from './grow';

export const OP_PUT = 1;
export const OP_DEL = 2;
const FRAME_HEADER = 8;

export type LogOp = { fullKey: Buffer; record: Buffer | null };

/** Reads every intact frame of `data`; stops at the first torn or corrupt one. */
export function readLog(data: Buffer): { ops: LogOp[]; validBytes: number; torn: boolean } {
  const ops: LogOp[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (pos + FRAME_HEADER > data.length) break;
    const len = data.readUInt32LE(pos);
    const crc = data.readUInt32LE(pos + 4);
    const start = pos + FRAME_HEADER;
    const end = start + len;
    if (len === 0 || end > data.length) break;
    const payload = data.subarray(start, end);
    if (zlib.crc32(payload) !== crc) break;
    const frameOps: LogOp[] = [];
    let o = 0;
    let ok = true;
    while (o < payload.length) {
      const op = payload[o];
      if ((op !== OP_PUT && op !== OP_DEL) || o + 3 > payload.length) {
        ok = false;
        break;
      }
      const kl = payload.readUInt16LE(o + 1);
      o += 3;
      if (o + kl > payload.length) {
        ok = false;
        break;
      }
      const fullKey = Buffer.from(payload.subarray(o, o + kl));
      o += kl;
      if (op === OP_DEL) {
        frameOps.push({ fullKey, record: null });
        continue;
      }
      if (o + 4 > payload.length) {
        ok = false;
        break;
      }
      const rl = payload.readUInt32LE(o);
      o += 4;
      if (o + rl > payload.length) {
        ok = false;
        break;
      }
      frameOps.push({ fullKey, record: Buffer.from(payload.subarray(o, o + rl)) });
      o += rl;
    }
    if (!ok) break;
    for (const op of frameOps) ops.push(op);
    pos = end;
  }
  return { ops, validBytes: pos, torn: pos < data.length };
}

export class KvLog {
  private fd: number;
  /** The previous file while a background checkpoint applies it (replayed first at startup). */
  readonly oldFile: string;
  /** Where the next frame goes (the file's intact length). */
  private pos = 0;
  private buf = Buffer.allocUnsafe(64 * 1024);
  /** Bytes in `buf`; the first FRAME_HEADER are the pending frame's header. */
  private len = FRAME_HEADER;

  constructor(
    readonly file: string,
    private readonly fsync: boolean,
  ) {
    this.oldFile = file + '.old';
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    this.pos = fs.fstatSync(this.fd).size;
  }

  /** The old file's content (if any), then the current file's (for replay at startup). */
  readAll(): { old: Buffer | null; current: Buffer } {
    const old = fs.existsSync(this.oldFile) ? fs.readFileSync(this.oldFile) : null;
    const out = Buffer.allocUnsafe(this.pos);
    let off = 0;
    while (off < this.pos) {
      const n = fs.readSync(this.fd, out, off, this.pos - off, off);
      if (n === 0) break;
      off += n;
    }
    return { old, current: out.subarray(0, off) };
  }

  /**
   * Renames the current file (no pending frame) to `oldFile` and starts an empty one, so a
   * background checkpoint can apply the old one while new frames go to the new one.
   */
  rotate(): void {
    if (this.len !== FRAME_HEADER) throw new Error('rotate with a pending frame');
    if (fs.existsSync(this.oldFile)) throw new Error('rotate while the old log is still being applied');
    fs.renameSync(this.file, this.oldFile);
    const fd = fs.openSync(this.file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC, 0o644);
    fs.closeSync(this.fd);
    this.fd = fd;
    this.pos = 0;
    if (this.fsync) this.syncDir();
  }

  /** Deletes the old file once everything in it is in LMDB. */
  dropOld(): void {
    fs.rmSync(this.oldFile, { force: true });
    if (this.fsync) this.syncDir();
  }

  private syncDir(): void {
    const d = fs.openSync(path.dirname(this.file), 'r');
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  }

  get pending(): boolean {
    return this.len > FRAME_HEADER;
  }

  /** Bytes in the file (frames written since the last truncation). */
  get size(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.len + n > this.buf.length) this.buf = growBuffer(this.buf, this.len, n);
  }

  private head(op: number, prefix: Buffer, key: Buffer, extra: number): void {
    const kl = prefix.length + key.length;
    this.ensure(3 + kl + extra);
    const b = this.buf;
    let l = this.len;
    b[l] = op;
    b[l + 1] = kl & 0xff;
    b[l + 2] = kl >>> 8;
    l += 3;
    for (let i = 0; i < prefix.length; i++) b[l + i] = prefix[i];
    l += prefix.length;
    if (key.length < 32) for (let i = 0; i < key.length; i++) b[l + i] = key[i];
    else key.copy(b, l);
    this.len = l + key.length;
  }

  appendPut(prefix: Buffer, key: Buffer, record: Buffer): void {
    this.head(OP_PUT, prefix, key, 4 + record.length);
    const b = this.buf;
    const l = this.len;
    b.writeUInt32LE(record.length, l);
    if (record.length < 32) for (let i = 0; i < record.length; i++) b[l + 4 + i] = record[i];
    else record.copy(b, l + 4);
    this.len = l + 4 + record.length;
  }

  appendDel(prefix: Buffer, key: Buffer): void {
    this.head(OP_DEL, prefix, key, 0);
  }

  /** Writes the pending frame with one write(2) (and fdatasync with `fsync`). */
  commit(): void {
    if (this.len === FRAME_HEADER) return;
    const b = this.buf;
    const payloadLen = this.len - FRAME_HEADER;
    b.writeUInt32LE(payloadLen, 0);
    b.writeUInt32LE(zlib.crc32(b.subarray(FRAME_HEADER, this.len)), 4);
    let off = 0;
    const total = this.len;
    this.len = FRAME_HEADER;
    while (off < total) off += fs.writeSync(this.fd, b, off, total - off, this.pos + off);
    this.pos += total;
    if (this.fsync) fs.fdatasyncSync(this.fd);
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.allocUnsafe(64 * 1024);
  }

  /** Drops the pending (unwritten) frame: its ops were applied to LMDB by a checkpoint. */
  discard(): void {
    this.len = FRAME_HEADER;
  }

  /** Empties the file once everything in it is in LMDB. */
  truncate(): void {
    if (this.pos === 0) return;
    fs.ftruncateSync(this.fd, 0);
    this.pos = 0;
    if (this.fsync) fs.fdatasyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
