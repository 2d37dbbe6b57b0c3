/**
 * The string commands beyond GET/SET/INCR, with Redis's semantics: each reads and rewrites
 * one record inside a batch (atomic with respect to the socket thread), keeps the key's TTL
 * where Redis keeps it, and refuses a hash with WRONGTYPE.
 */
import { EngineError } from './errors';
import { incrementLongDouble, parseLongDouble, ZERO } from './long-double';
import { expiryOf, MAX_STRING_BYTES, newRecord, RECORD_HEADER, TYPE_STRING, WrongTypeError, type KvEngine } from './kv';

/** Redis's proto-max-bulk-len: no string grows past it. */
export { MAX_STRING_BYTES };
/**
 * LCS builds a table of (|a|+1) x (|b|+1) cells: past this many, a request would hold the node
 * (Redis's only bound is memory, 512 MB of table).
 */
export const MAX_LCS_CELLS = 64 * 1024 * 1024;

/** The live string record, null when missing; WRONGTYPE for a hash. */
function liveString(kv: KvEngine, ns: string, key: Buffer): Buffer | null {
  const rec = kv.liveRecord(ns, key);
  if (rec !== null && rec[0] !== TYPE_STRING) throw new WrongTypeError();
  return rec;
}

function putString(kv: KvEngine, ns: string, key: Buffer, value: Buffer, expireAt: number): void {
  kv.putRecord(ns, key, newRecord(TYPE_STRING, expireAt, value));
}

/**
 * APPEND: the new length. In place in the native store (capacity doubling, the log gets the
 * appended bytes): n APPENDs of b bytes cost O(n x b), as Redis's, not O(n^2 x b).
 */
export function append(kv: KvEngine, ns: string, key: Buffer, tail: Buffer): number {
  return kv.writeRange(ns, key, undefined, tail);
}

/** SETRANGE: the new length (a missing key and an empty value create nothing). Writes and logs `part` only. */
export function setRange(kv: KvEngine, ns: string, key: Buffer, offset: number, part: Buffer): number {
  if (offset < 0) throw new EngineError('ERR', 'ERR offset is out of range');
  return kv.writeRange(ns, key, offset, part);
}

/** GETRANGE (and SUBSTR): Redis's index rules, negative from the end, clamped. Copies the range only. */
export function getRange(kv: KvEngine, ns: string, key: Buffer, start: bigint, end: bigint): Buffer {
  // Held as one batch: the length and the bytes are read from the same value.
  return kv.batch(() => {
    const head = kv.stringSlice(ns, key, 0, 0);
    if (head === null) return Buffer.alloc(0);
    const len = BigInt(head.length);
    if (start < 0n && end < 0n && start > end) return Buffer.alloc(0);
    let s = start < 0n ? len + start : start;
    let e = end < 0n ? len + end : end;
    if (s < 0n) s = 0n;
    if (e < 0n) e = 0n;
    if (e >= len) e = len - 1n;
    if (s > e || len === 0n) return Buffer.alloc(0);
    return kv.stringSlice(ns, key, Number(s), Number(e) + 1)!.bytes;
  });
}

/** STRLEN without copying the value. */
export function strlen(kv: KvEngine, ns: string, key: Buffer): number {
  return kv.stringSlice(ns, key, 0, 0)?.length ?? 0;
}

/** GETDEL. */
export function getDel(kv: KvEngine, ns: string, key: Buffer): Buffer | null {
  return kv.batch(() => {
    const rec = liveString(kv, ns, key);
    if (rec === null) return null;
    kv.del(ns, [key]);
    return rec.subarray(RECORD_HEADER);
  });
}

/** What GETEX does to the TTL: a new absolute expiry (ms), PERSIST, or nothing. */
export type GetExExpiry = { at: number; absolute: boolean } | 'persist' | undefined;

/** GETEX: the value, and the TTL changed (an absolute time in the past deletes the key). */
export function getEx(kv: KvEngine, ns: string, key: Buffer, expiry: GetExExpiry): Buffer | null {
  return kv.batch(() => {
    const rec = liveString(kv, ns, key);
    if (rec === null) return null;
    if (expiry === 'persist') kv.setExpiry(ns, key, null);
    else if (expiry !== undefined) {
      if (expiry.absolute && expiry.at <= Date.now()) kv.del(ns, [key]);
      else kv.setExpiry(ns, key, expiry.at);
    }
    return rec.subarray(RECORD_HEADER);
  });
}

/** GETSET: the old value; the new one has no TTL. */
export function getSet(kv: KvEngine, ns: string, key: Buffer, value: Buffer): Buffer | null {
  return kv.batch(() => {
    const rec = liveString(kv, ns, key);
    putString(kv, ns, key, value, 0);
    return rec === null ? null : rec.subarray(RECORD_HEADER);
  });
}

/** INCRBYFLOAT: the new value as Redis prints it; the TTL stays. */
export function incrByFloat(kv: KvEngine, ns: string, key: Buffer, by: Buffer): string {
  return kv.batch(() => {
    const rec = liveString(kv, ns, key);
    const current = rec === null ? ZERO : parseLongDouble(rec.subarray(RECORD_HEADER));
    const increment = parseLongDouble(by);
    if (current === null || increment === null) throw new EngineError('ERR', 'ERR value is not a valid float');
    const text = incrementLongDouble(current, increment);
    putString(kv, ns, key, Buffer.from(text, 'latin1'), rec === null ? 0 : expiryOf(rec));
    return text;
  });
}

/** MSETNX: all or none; false when any key exists. */
export function msetnx(kv: KvEngine, ns: string, pairs: [Buffer, Buffer][]): boolean {
  return kv.batch(() => {
    if (kv.exists(ns, pairs.map(([k]) => k)) > 0) return false;
    for (const [k, v] of pairs) kv.set(ns, k, v);
    return true;
  });
}

/** Redis addresses at most 2^32 bits in a string (512 MB). */
const MAX_BIT_OFFSET = 4294967295;

function bitOffset(offset: bigint): number {
  if (offset < 0n || offset > BigInt(MAX_BIT_OFFSET)) throw new EngineError('ERR', 'ERR bit offset is not an integer or out of range');
  return Number(offset);
}

/** SETBIT: the bit's previous value. Writes (and logs) one byte, in place. */
export function setBit(kv: KvEngine, ns: string, key: Buffer, offset: bigint, bit: 0 | 1): 0 | 1 {
  return kv.setBit(ns, key, bitOffset(offset), bit);
}

/** GETBIT: reads one byte of the value. */
export function getBit(kv: KvEngine, ns: string, key: Buffer, offset: bigint): 0 | 1 {
  const at = bitOffset(offset);
  const byte = at >>> 3;
  const slice = kv.stringSlice(ns, key, byte, byte + 1);
  if (slice === null || slice.bytes.length === 0) return 0;
  return (slice.bytes[0] & (0x80 >>> (at & 7))) === 0 ? 0 : 1;
}

export interface LcsMatch {
  a: [number, number];
  b: [number, number];
  length: number;
}

/**
 * The longest common subsequence of two strings, with the matched ranges from the end as
 * Redis lists them (for LCS ... IDX).
 */
export function longestCommonSubsequence(a: Buffer, b: Buffer, wantRanges: boolean): { text: Buffer; matches: LcsMatch[] } {
  if ((a.length + 1) * (b.length + 1) > MAX_LCS_CELLS) {
    throw new EngineError('ERR', `ERR LCS of strings this long exceeds the node's limit of ${MAX_LCS_CELLS} table cells per request`);
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const here = i * width + j;
      table[here] = a[i - 1] === b[j - 1] ? table[here - width - 1] + 1 : Math.max(table[here - width], table[here - 1]);
    }
  }
  let remaining = table[a.length * width + b.length];
  const text = Buffer.alloc(remaining);
  const matches: LcsMatch[] = [];
  // Walk back from the end: a run of diagonal steps is one matched range, closed by the first
  // step off the diagonal or by reaching the start of either string.
  let run: LcsMatch | null = null;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let close = false;
    if (a[i - 1] === b[j - 1]) {
      text[--remaining] = a[i - 1];
      i -= 1;
      j -= 1;
      if (run === null) run = { a: [i, i], b: [j, j], length: 1 };
      else {
        run.a[0] = i;
        run.b[0] = j;
        run.length += 1;
      }
      close = i === 0 || j === 0;
    } else {
      if (table[(i - 1) * width + j] > table[i * width + j - 1]) i -= 1;
      else j -= 1;
      close = run !== null;
    }
    if (close) {
      if (wantRanges) matches.push(run!);
      run = null;
    }
  }
  return { text, matches };
}
