/**
 * Binary key layouts. Every LMDB key starts with a length-prefixed namespace so that
 * namespaces can never see each other's data, and range scans stay inside one namespace.
 */
import { badRequest } from './errors';

/** A name, and for Redis's databases 1-15 of it (SELECT n) a `/n` suffix: db 0 is the name itself. */
const NAMESPACE_RE = /^[A-Za-z0-9_.:-]{1,64}(\/([1-9]|1[0-5]))?$/;
const prefixCache = new Map<string, Buffer>();
/** Redis's databases per namespace (SELECT 0..15). */
export const DATABASES = 16;

export function checkNamespace(ns: string): void {
  if (!NAMESPACE_RE.test(ns)) throw badRequest(`invalid namespace "${ns}": use 1-64 of [A-Za-z0-9_.:-] (and /1../15 for its Redis databases)`, 'namespace');
}

/** The namespace holding Redis database `db` of namespace `base`. */
export function dbNamespace(base: string, db: number): string {
  return db === 0 ? base : `${base}/${db}`;
}

/** [len u8][utf8 name] */
export function lenPrefixed(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.length > 255) throw badRequest(`name too long (max 255 bytes): ${s.slice(0, 40)}...`, 'name');
  const out = Buffer.allocUnsafe(b.length + 1);
  out[0] = b.length;
  b.copy(out, 1);
  return out;
}

export function nsPrefix(ns: string): Buffer {
  let p = prefixCache.get(ns);
  if (!p) {
    checkNamespace(ns);
    p = lenPrefixed(ns);
    prefixCache.set(ns, p);
  }
  return p;
}

/** The smallest key greater than every key starting with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]++;
      return out.subarray(0, i + 1);
    }
  }
  return Buffer.concat([prefix, Buffer.from([0xff])]);
}

/** Big-endian unsigned 64-bit encoding of a non-negative safe integer (sorts numerically). */
export function u64(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32BE(Math.floor(n / 0x100000000), 0);
  b.writeUInt32BE(n >>> 0, 4);
  return b;
}

export function readU64(b: Buffer, off: number): number {
  return b.readUInt32BE(off) * 0x100000000 + b.readUInt32BE(off + 4);
}

// Order-preserving encoding of JSON-ish values for B-tree index keys. The type tags
// follow MongoDB's sort order: null/missing < numbers < strings < objects < arrays < booleans < dates.
const TAG_NULL = 0x10;
const TAG_NUMBER = 0x20;
const TAG_STRING = 0x30;
const TAG_OBJECT = 0x40;
const TAG_ARRAY = 0x48;
const TAG_BOOL = 0x50;
const TAG_DATE = 0x60;
/** Greater than every tag: appended to a value to bound "all keys with this value". */
export const AFTER_VALUE = 0xff;

export type IndexScalar = null | number | string | boolean | Date | object;

function sortableDouble(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeDoubleBE(n === 0 ? 0 : n, 0); // -0 and 0 must encode alike
  if (b[0] & 0x80) {
    for (let i = 0; i < 8; i++) b[i] = ~b[i] & 0xff;
  } else {
    b[0] |= 0x80;
  }
  return b;
}

/** Escapes 0x00/0x01 so that a 0x00 terminator keeps strings prefix-free and ordered. */
function escapedString(s: string): Buffer {
  const raw = Buffer.from(s, 'utf8');
  let extra = 0;
  for (const c of raw) if (c <= 1) extra++;
  const out = Buffer.allocUnsafe(raw.length + extra + 1);
  let j = 0;
  for (const c of raw) {
    if (c <= 1) {
      out[j++] = 1;
      out[j++] = c + 1;
    } else out[j++] = c;
  }
  out[j] = 0;
  return out;
}

/** Encodes one value; the result is self-delimiting so values can be concatenated. */
export function encodeValue(v: unknown): Buffer {
  if (v === null || v === undefined) return Buffer.from([TAG_NULL]);
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return Buffer.from([TAG_NUMBER, 0, 0, 0, 0, 0, 0, 0, 0]); // NaN sorts below all numbers, as in MongoDB
      return Buffer.concat([Buffer.from([TAG_NUMBER]), sortableDouble(v)]);
    case 'bigint':
      return Buffer.concat([Buffer.from([TAG_NUMBER]), sortableDouble(Number(v))]);
    case 'string':
      return Buffer.concat([Buffer.from([TAG_STRING]), escapedString(v)]);
    case 'boolean':
      return Buffer.from([TAG_BOOL, v ? 1 : 0]);
    default:
      if (v instanceof Date) return Buffer.concat([Buffer.from([TAG_DATE]), sortableDouble(v.getTime())]);
      if (Array.isArray(v)) return Buffer.concat([Buffer.from([TAG_ARRAY]), escapedString(JSON.stringify(v))]);
      return Buffer.concat([Buffer.from([TAG_OBJECT]), escapedString(JSON.stringify(v))]);
  }
}

/** Encoded range bounds for all values of one type, used for type-bracketed range scans. */
export function typeBounds(sample: unknown): [Buffer, Buffer] | undefined {
  if (typeof sample === 'number') return [Buffer.from([TAG_NUMBER]), Buffer.from([TAG_NUMBER + 1])];
  if (typeof sample === 'string') return [Buffer.from([TAG_STRING]), Buffer.from([TAG_STRING + 1])];
  if (sample instanceof Date) return [Buffer.from([TAG_DATE]), Buffer.from([TAG_DATE + 1])];
  return undefined;
}

/** The offset just past the encoded value starting at `off`. */
export function skipValue(b: Buffer, off: number): number {
  const tag = b[off];
  if (tag === TAG_NULL) return off + 1;
  if (tag === TAG_NUMBER || tag === TAG_DATE) return off + 9;
  if (tag === TAG_BOOL) return off + 2;
  let i = off + 1;
  while (b[i] !== 0) i += b[i] === 1 ? 2 : 1;
  return i + 1;
}

/** Decodes an id encoded by encodeValue (ids are strings or numbers). */
export function decodeId(b: Buffer, off = 0): string | number {
  const tag = b[off];
  if (tag === TAG_NUMBER) {
    const c = Buffer.from(b.subarray(off + 1, off + 9));
    if (c[0] & 0x80) c[0] &= 0x7f;
    else for (let i = 0; i < 8; i++) c[i] = ~c[i] & 0xff;
    return c.readDoubleBE(0);
  }
  if (tag === TAG_STRING) {
    let end = off + 1;
    let escaped = false;
    while (b[end] !== 0) {
      if (b[end] === 1) {
        escaped = true;
        end++;
      }
      end++;
    }
    if (!escaped) return b.toString('utf8', off + 1, end);
    const bytes: number[] = [];
    for (let i = off + 1; i < end; i++) bytes.push(b[i] === 1 ? b[++i] - 1 : b[i]);
    return Buffer.from(bytes).toString('utf8');
  }
  throw new Error(`not an id encoding (tag ${tag})`);
}
