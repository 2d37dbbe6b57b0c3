/**
 * The KV write-ahead log's format and its reader (the writer is the native record store,
 * native/src/core.rs): an append-only file of frames, one per committed batch.
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
 * applied (a synchronous one too, applying at once). Startup replays `.old` first, then the file.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

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

/** The rotated file's content (if any), then the current file's (empty if none), for replay. */
export function readLogFiles(file: string): { old: Buffer | null; current: Buffer } {
  const read = (f: string): Buffer | null => (fs.existsSync(f) ? fs.readFileSync(f) : null);
  return { old: read(file + '.old'), current: read(file) ?? Buffer.alloc(0) };
}
