/**
 * The KV write-ahead log's format and its reader (the writer is the native record store,
 * native/src/core.rs): an append-only file of frames, one per committed batch.
 *
 *   frame = [u32 payload length][u32 crc32(payload)][payload]
 *   op    = [u8 1 = put][u16 full key length][full key][u32 record length][record]
 *         | [u8 2 = del][u16 full key length][full key]
 *         | [u8 3 = hash field set][u16 ...][full key][u32 length][field][u32 length][value]
 *         | [u8 4 = hash field del][u16 ...][full key][u32 length][field]
 *         | [u8 5 = expire][u16 ...][full key][f64 expireAt, 0 = none]
 *         | [u8 6 = string range set][u16 ...][full key][u32 offset][u32 length][bytes]
 *   (integers little-endian)
 *
 * Op 6 is what APPEND, SETRANGE and SETBIT log: the bytes they wrote and where (the string's
 * payload gets them at the offset, zero padded past its end), not the whole new value, so n
 * APPENDs of b bytes log about n x b bytes. (Logs written before op 6 hold whole records: they
 * replay as they are.)
 *
 * Every op sets state (a whole record, a field's value, an expiry, bytes at an offset), never
 * a delta, so replaying a frame twice is harmless: a range set never shortens a string, and
 * between the whole-record puts and deletions that reset a key its length only grows, so
 * applied to a later state of the key it ends, with the ops after it, in the same state. A batch is
 * acknowledged after one write(2) of its frame (in the OS page cache: survives kill -9), or
 * with `fsync` after fdatasync too. At startup the frames are read until the first torn or
 * corrupt one (a crash mid-append: never acknowledged), applied to LMDB, and the log is
 * truncated. A background checkpoint rotates the file to `<file>.old` and deletes that once
 * applied (a synchronous one too, applying at once). Startup replays `.old` first, then the file.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export const OP_PUT = 1;
export const OP_DEL = 2;
export const OP_HSET = 3;
export const OP_HDEL = 4;
export const OP_EXPIRE = 5;
export const OP_SETRANGE = 6;
const FRAME_HEADER = 8;

export type LogOp =
  | { op: typeof OP_PUT; fullKey: Buffer; record: Buffer }
  | { op: typeof OP_DEL; fullKey: Buffer }
  | { op: typeof OP_HSET; fullKey: Buffer; field: Buffer; value: Buffer }
  | { op: typeof OP_HDEL; fullKey: Buffer; field: Buffer }
  | { op: typeof OP_EXPIRE; fullKey: Buffer; expireAt: number }
  | { op: typeof OP_SETRANGE; fullKey: Buffer; offset: number; bytes: Buffer };

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
    const frameOps = readOps(payload);
    if (frameOps === null) break;
    for (const op of frameOps) ops.push(op);
    pos = end;
  }
  return { ops, validBytes: pos, torn: pos < data.length };
}

/** The ops of one frame's payload, null when it is malformed. */
function readOps(payload: Buffer): LogOp[] | null {
  const ops: LogOp[] = [];
  let o = 0;
  // Each read checks the bytes are there; any shortfall makes the frame malformed.
  const bytes = (n: number): Buffer | null => {
    if (o + n > payload.length) return null;
    const b = Buffer.from(payload.subarray(o, o + n));
    o += n;
    return b;
  };
  const u32 = (): number | null => {
    if (o + 4 > payload.length) return null;
    o += 4;
    return payload.readUInt32LE(o - 4);
  };
  const lengthPrefixed = (): Buffer | null => {
    const n = u32();
    return n === null ? null : bytes(n);
  };
  while (o < payload.length) {
    const op = payload[o] as LogOp['op'];
    if (op < OP_PUT || op > OP_SETRANGE || o + 3 > payload.length) return null;
    const kl = payload.readUInt16LE(o + 1);
    o += 3;
    const fullKey = bytes(kl);
    if (!fullKey) return null;
    if (op === OP_DEL) {
      ops.push({ op, fullKey });
    } else if (op === OP_PUT) {
      const record = lengthPrefixed();
      if (!record) return null;
      ops.push({ op, fullKey, record });
    } else if (op === OP_HSET) {
      const field = lengthPrefixed();
      const value = field && lengthPrefixed();
      if (!field || !value) return null;
      ops.push({ op, fullKey, field, value });
    } else if (op === OP_HDEL) {
      const field = lengthPrefixed();
      if (!field) return null;
      ops.push({ op, fullKey, field });
    } else if (op === OP_SETRANGE) {
      const offset = u32();
      const part = offset === null ? null : lengthPrefixed();
      if (offset === null || !part) return null;
      ops.push({ op, fullKey, offset, bytes: part });
    } else {
      const at = bytes(8);
      if (!at) return null;
      ops.push({ op, fullKey, expireAt: at.readDoubleLE(0) });
    }
  }
  return ops;
}

/** The rotated file's content (if any), then the current file's (empty if none), for replay. */
export function readLogFiles(file: string): { old: Buffer | null; current: Buffer } {
  const read = (f: string): Buffer | null => (fs.existsSync(f) ? fs.readFileSync(f) : null);
  return { old: read(file + '.old'), current: read(file) ?? Buffer.alloc(0) };
}
