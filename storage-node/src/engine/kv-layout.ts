/**
 * How the KV dataset lies in LMDB (the `kv` sub-database); the native store's checkpoints
 * write it (native/src/layout.rs has the same description), kv.ts reads it at startup, replays
 * the log into it, and sweeps and flushes it:
 *
 * - Every key has one record under its full key (namespace prefix + key): a string record, a
 *   hash stored whole (`[2][expiry][u32 BE len][field][u32 BE len][value]...`, the only layout
 *   before field-level checkpoints, still read as it is), or the header of a hash stored field
 *   by field: `[2][expiry][ff ff ff ff]`.
 * - A hash stored field by field has one record per field, outside every namespace's key range
 *   (a namespace prefix starts with its length, 1..67): `[ff][u16 BE full key length][full
 *   key][00][field]` -> value, or, when that key would pass LMDB's limit, `[ff][u16 BE ...][full
 *   key][01][sha256(field)]` -> `[u32 BE field length][field][value]`.
 *
 * A hash is stored field by field once its payload passes SPLIT_BYTES (whole again under a
 * quarter of it), so a checkpoint of a big hash writes only its header and changed fields.
 */
import crypto from 'node:crypto';
import { prefixEnd } from './keys';
import type { BinaryDb } from './store';

export const FIELD_LEAD = 0xff;
const HEADER = 9;
export const SPLIT_HEADER_LEN = HEADER + 4;
/** lmdb-js's key limit (4 KiB pages). */
export const MAX_LMDB_KEY = 1978;
/** Past this many payload bytes a hash is stored field by field (native `SPLIT_BYTES`). */
export const SPLIT_BYTES = 16 * 1024;
const TAG_PLAIN = 0;
const TAG_DIGEST = 1;

/** Checkpoint ops (native `OpWriter`): `[u8 op][u16 LE key length][LMDB key]([u32 LE length][value])`. */
export const CK_PUT = 1;
export const CK_DEL = 2;
export const CK_PUT_FIELD = 3;
export const CK_DEL_FIELD = 4;
export const CK_CLEAR_FIELDS = 5;
/**
 * On the last op of a key's group. The ops are ordered so that a crash between any two of
 * them is recovered by replaying the rotated log (native/src/layout.rs says how): kv.ts may
 * cut its slices anywhere.
 */
export const CK_END_OF_GROUP = 0x80;

export function isSplitHeader(rec: Buffer): boolean {
  return rec.length === SPLIT_HEADER_LEN && rec[0] === 2 && rec.readUInt32BE(HEADER) === 0xffffffff;
}

export function splitHeader(expireAt: number): Buffer {
  const h = Buffer.alloc(SPLIT_HEADER_LEN);
  h[0] = 2;
  if (expireAt !== 0) h.writeDoubleBE(expireAt, 1);
  h.writeUInt32BE(0xffffffff, HEADER);
  return h;
}

/** `[ff][u16 BE full key length][full key]`: every field record of the key starts with it. */
export function fieldPrefix(fullKey: Buffer): Buffer {
  const p = Buffer.allocUnsafe(3 + fullKey.length);
  p[0] = FIELD_LEAD;
  p.writeUInt16BE(fullKey.length, 1);
  fullKey.copy(p, 3);
  return p;
}

/** A field record: [LMDB key, value]. */
export function fieldRecord(fullKey: Buffer, field: Buffer, value: Buffer): [Buffer, Buffer] {
  const p = fieldPrefix(fullKey);
  if (p.length + 1 + field.length <= MAX_LMDB_KEY) return [Buffer.concat([p, Buffer.from([TAG_PLAIN]), field]), value];
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(field.length);
  return [Buffer.concat([p, Buffer.from([TAG_DIGEST]), crypto.createHash('sha256').update(field).digest()]), Buffer.concat([len, field, value])];
}

/** A field record's parts, null when it is not one. */
export function parseFieldRecord(key: Buffer, value: Buffer): { fullKey: Buffer; field: Buffer; value: Buffer } | null {
  if (key.length < 4 || key[0] !== FIELD_LEAD) return null;
  const kl = key.readUInt16BE(1);
  if (3 + kl >= key.length) return null;
  const fullKey = key.subarray(3, 3 + kl);
  const tag = key[3 + kl];
  if (tag === TAG_PLAIN) return { fullKey, field: key.subarray(4 + kl), value };
  if (tag !== TAG_DIGEST || value.length < 4) return null;
  const fl = value.readUInt32BE(0);
  if (4 + fl > value.length) return null;
  return { fullKey, field: value.subarray(4, 4 + fl), value: value.subarray(4 + fl) };
}

/**
 * Deletes the records under `prefix` (a key's field records; call inside a write), at most
 * `limit` of them. Returns how many it deleted, whether none is left, and their bytes as
 * usage counts a hash's fields (8 + field + value each).
 */
export function clearFieldRange(kv: BinaryDb, prefix: Buffer, limit = Infinity): { removed: number; done: boolean; freed: number } {
  const end = prefixEnd(prefix);
  let freed = 0;
  let removed = 0;
  for (;;) {
    // A bounded batch at a time, read before any is deleted (no cursor lives across deletes).
    const batch: Buffer[] = [];
    for (const { key, value } of kv.getRange({ start: prefix, end, limit: Math.min(10_000, limit - removed) })) {
      const k = Buffer.from(key);
      batch.push(k);
      const r = parseFieldRecord(k, value);
      freed += r ? 8 + r.field.length + r.value.length : 0;
    }
    for (const k of batch) kv.removeSync(k);
    removed += batch.length;
    if (batch.length === 0) return { removed, done: true, freed };
    if (removed >= limit) {
      let more = false;
      for (const _k of kv.getKeys({ start: prefix, end, limit: 1 })) more = true;
      return { removed, done: !more, freed };
    }
  }
}
