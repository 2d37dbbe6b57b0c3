/**
 * Secondary indexes on documents and the query planner that picks one.
 * Entries live in LMDB as: prefix(ns, collection, index) + encoded field values + encoded _id.
 * B-tree indexes keep values in order (equality, ranges, sort); hash indexes store a digest
 * of the values (equality only, any value size). Arrays are multikey, as in MongoDB.
 */
import crypto from 'node:crypto';
import { badRequest } from './errors';
import { AFTER_VALUE, encodeValue, skipValue, typeBounds } from './keys';

export type IndexType = 'btree' | 'hash';

export interface IndexField {
  field: string;
  /** 1 ascending, -1 descending (only matters for sort direction hints). */
  order: 1 | -1;
}

export interface IndexDef {
  name: string;
  fields: IndexField[];
  type: IndexType;
  unique: boolean;
  /** Skip documents missing every indexed field. */
  sparse: boolean;
  /**
   * Some document has had more than one entry in this index (an indexed value was an array,
   * or a dotted path fanned out through one). Set on insert/update, persisted with the
   * definition, cleared only when the index is rebuilt. A multikey index answers a range with
   * one bound only (MongoDB lets different elements satisfy $gt and $lt), never decides a
   * filter on its own, and never gives sort order.
   */
  multikey?: boolean;
}

/** True when the document has more than one entry in the index (see IndexDef.multikey). */
export function isMultikeyEntry(entries: Buffer[]): boolean {
  return entries.length > 1;
}

const MAX_INDEX_KEY = 1800;
const MAX_COMBINATIONS = 1000;

const splitCache = new Map<string, string[]>();

/** Every value a dotted path reaches (arrays fan out); [] when the path is missing. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  let parts = splitCache.get(path);
  if (!parts) {
    parts = path.split('.');
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(path, parts);
  }
  if (parts.length === 1 && doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    // Fast path for top-level fields.
    return path in doc ? [(doc as Record<string, unknown>)[path]] : [];
  }
  let cur: unknown[] = [doc];
  for (const part of parts) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (Array.isArray(v)) {
        if (/^\d+$/.test(part)) {
          if (Number(part) < v.length) next.push(v[Number(part)]);
        } else for (const e of v) if (e !== null && typeof e === 'object' && !Array.isArray(e) && part in e) next.push((e as Record<string, unknown>)[part]);
      } else if (v !== null && typeof v === 'object' && part in v) next.push((v as Record<string, unknown>)[part]);
    }
    cur = next;
  }
  return cur;
}

/** The values one field contributes to index keys: each array element plus the array itself. */
function keyValues(doc: unknown, path: string): unknown[] {
  const vals = valuesAt(doc, path);
  if (vals.length === 0) return [null];
  const out: unknown[] = [];
  for (const v of vals) {
    if (Array.isArray(v)) {
      for (const e of v) out.push(e);
      if (v.length === 0) out.push(undefined);
    }
    out.push(v);
  }
  return out;
}

/** Where the document id starts in an index key (after the prefix and the indexed values). */
export function idOffset(def: IndexDef, key: Buffer, prefixLen: number): number {
  if (def.type === 'hash') return prefixLen + 16;
  let off = prefixLen;
  for (let i = 0; i < def.fields.length; i++) off = skipValue(key, off);
  return off;
}

export function hashDigest(encoded: Buffer): Buffer {
  return crypto.createHash('sha1').update(encoded).digest().subarray(0, 16);
}

/** The encoded value part of each key this document has in the index (deduplicated). */
export function entryValues(def: IndexDef, doc: unknown): Buffer[] {
  if (def.sparse && def.fields.every((f) => valuesAt(doc, f.field).length === 0)) return [];
  let combos: Buffer[] = [Buffer.alloc(0)];
  for (const f of def.fields) {
    const vals = keyValues(doc, f.field).map(encodeValue);
    const next: Buffer[] = [];
    for (const c of combos) for (const v of vals) next.push(Buffer.concat([c, v]));
    if (next.length > MAX_COMBINATIONS) throw badRequest(`index "${def.name}" would need over ${MAX_COMBINATIONS} keys for one document`, f.field);
    combos = next;
  }
  const seen = new Set<string>();
  const out: Buffer[] = [];
  for (let c of combos) {
    if (def.type === 'hash') c = hashDigest(c);
    else if (c.length > MAX_INDEX_KEY) throw badRequest(`value of indexed field too large for btree index "${def.name}" (use a hash index)`, def.fields[0].field);
    const k = c.toString('latin1');
    if (!seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  }
  return out;
}

// ---- planning ----

interface Bound {
  value: unknown;
  inclusive: boolean;
}

interface FieldPredicate {
  eq?: unknown[];
  lo?: Bound;
  hi?: Bound;
}

export interface KeyRange {
  /** Relative to the index prefix. */
  start: Buffer;
  end: Buffer;
}

export interface Plan {
  index: IndexDef;
  ranges: KeyRange[];
  /** The plan also yields documents in this field's order (for sort pushdown). */
  orderField?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

const isIndexableScalar = (v: unknown): boolean =>
  v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date;

/** Collects the per-field predicates an index can serve from a filter's top level and $and. */
function predicates(filter: Record<string, unknown>, out = new Map<string, FieldPredicate>()): Map<string, FieldPredicate> {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const c of cond) if (isPlainObject(c)) predicates(c, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    const p = out.get(field) ?? {};
    if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
      for (const [op, v] of Object.entries(cond)) {
        if (op === '$eq' && isIndexableScalar(v)) p.eq = [v];
        else if (op === '$in' && Array.isArray(v) && v.every(isIndexableScalar)) p.eq = v;
        else if ((op === '$gt' || op === '$gte') && typeBounds(v)) p.lo = { value: v, inclusive: op === '$gte' };
        else if ((op === '$lt' || op === '$lte') && typeBounds(v)) p.hi = { value: v, inclusive: op === '$lte' };
      }
    } else if (isIndexableScalar(cond)) p.eq = [cond];
    out.set(field, p);
  }
  return out;
}

function rangeFor(p: FieldPredicate, multikey: boolean): KeyRange | undefined {
  // On a multikey index `{$gte: 3, $lte: 3}` matches [2, 6] (6 >= 3, 2 <= 3), which has no
  // key inside [3, 3]: scan from the lower bound only and let the filter decide.
  if (multikey && p.lo && p.hi) p = { lo: p.lo };
  const sample = p.lo?.value ?? p.hi?.value;
  const bounds = typeBounds(sample);
  if (!bounds) return undefined;
  if (p.lo && p.hi && typeBounds(p.lo.value)![0][0] !== typeBounds(p.hi.value)![0][0]) return undefined;
  const start = p.lo ? (p.lo.inclusive ? encodeValue(p.lo.value) : Buffer.concat([encodeValue(p.lo.value), Buffer.from([AFTER_VALUE])])) : bounds[0];
  const end = p.hi ? (p.hi.inclusive ? Buffer.concat([encodeValue(p.hi.value), Buffer.from([AFTER_VALUE])]) : encodeValue(p.hi.value)) : bounds[1];
  return { start, end };
}

const AFTER = Buffer.from([AFTER_VALUE]);

/** Picks the most selective usable index for a filter (undefined: full collection scan). */
export function plan(indexes: IndexDef[], filter: Record<string, unknown>, sort?: Record<string, 1 | -1>): Plan | undefined {
  const preds = predicates(filter);
  let best: { score: number; plan: Plan } | undefined;
  const consider = (score: number, p: Plan): void => {
    if (!best || score > best.score) best = { score, plan: p };
  };
  for (const def of indexes) {
    let eqCount = 0;
    while (eqCount < def.fields.length && preds.get(def.fields[eqCount].field)?.eq) eqCount++;
    if (def.type === 'hash') {
      if (eqCount < def.fields.length) continue;
      const ranges = cartesian(def.fields.map((f) => preds.get(f.field)!.eq!)).map((vals) => {
        const start = hashDigest(Buffer.concat(vals.map(encodeValue)));
        return { start, end: Buffer.concat([start, AFTER]) };
      });
      // Scored like a B-tree equality prefix, plus a little for the point lookup.
      consider(10 * def.fields.length + 3 + (def.unique ? 50 : 0) - ranges.length * 0.001, { index: def, ranges });
      continue;
    }
    const eqPrefixes = cartesian(def.fields.slice(0, eqCount).map((f) => preds.get(f.field)!.eq!)).map((vals) =>
      Buffer.concat(vals.map(encodeValue)),
    );
    const next = def.fields[eqCount];
    const range = next ? (() => { const p = preds.get(next.field); return p && (p.lo || p.hi) ? rangeFor(p, def.multikey === true) : undefined; })() : undefined;
    if (eqCount === 0 && !range) {
      // Still useful for sort pushdown on its first field (not when multikey: an array would
      // come back at its first key reached, not at its smallest/largest element as MongoDB sorts).
      if (def.multikey) continue;
      const sortFields = sort ? Object.keys(sort) : [];
      if (sortFields.length === 1 && sortFields[0] === def.fields[0].field) {
        consider(1, { index: def, ranges: [{ start: Buffer.alloc(0), end: AFTER }], orderField: def.fields[0].field });
      }
      continue;
    }
    const ranges = eqPrefixes.map((p) => (range ? { start: Buffer.concat([p, range.start]), end: Buffer.concat([p, range.end]) } : { start: p, end: Buffer.concat([p, AFTER]) }));
    const full = eqCount === def.fields.length;
    const score = 10 * eqCount + (range ? 5 : 0) + (def.unique && full ? 50 : 0) - ranges.length * 0.001;
    const orderField = def.multikey ? undefined : eqCount === 0 ? def.fields[0].field : eqPrefixes.length === 1 ? next?.field : undefined;
    consider(score, { index: def, ranges, orderField });
  }
  return best?.plan;
}

function cartesian(lists: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const l of lists) {
    const next: unknown[][] = [];
    for (const prefix of out) for (const v of l) next.push([...prefix, v]);
    out = next;
    if (out.length > MAX_COMBINATIONS) break;
  }
  return out;
}

/** Validates and normalises an index definition from user input. */
export function normaliseIndex(input: { name?: string; fields: (string | IndexField)[]; type?: IndexType; unique?: boolean; sparse?: boolean }): IndexDef {
  if (!Array.isArray(input.fields) || input.fields.length === 0) throw badRequest('an index needs at least one field', 'fields');
  const fields: IndexField[] = input.fields.map((f, i) => {
    const spec = typeof f === 'string' ? { field: f, order: 1 as const } : f;
    if (typeof spec.field !== 'string' || !spec.field || spec.field.startsWith('$')) throw badRequest('index field names must be non-empty and not start with $', `fields[${i}]`);
    return { field: spec.field, order: spec.order === -1 ? -1 : 1 };
  });
  const type = input.type ?? 'btree';
  if (type !== 'btree' && type !== 'hash') throw badRequest('index type must be "btree" or "hash"', 'type');
  const name = input.name ?? fields.map((f) => `${f.field}_${f.order}`).join('_') + (type === 'hash' ? '_hashed' : '');
  return { name, fields, type, unique: input.unique === true, sparse: input.sparse === true };
}

/**
 * True when the document has exactly one entry in the index (no indexed field is an array).
 * Only for indexes whose fields are all top-level (no '.'): the caller checks that once.
 */
export function singleEntry(def: IndexDef, doc: Record<string, unknown>): boolean {
  for (const f of def.fields) if (Array.isArray(doc[f.field])) return false;
  return true;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * The field whose filter the plan's key range decides on its own, or undefined. That is a
 * filter `{field: {<at most one of $gt/$gte> , <at most one of $lt/$lte>}}` on numbers,
 * answered by a single-field B-tree index on `field`: every key in the range holds a number
 * inside the bounds, so a document whose stored value is a (non-NaN) number matches without
 * running the filter. Any other value (array, NaN, ...) still goes through the filter.
 */
export function coveredField(p: Plan, filter: Record<string, unknown>): string | undefined {
  const def = p.index;
  if (def.multikey || def.type !== 'btree' || def.fields.length !== 1 || p.ranges.length !== 1) return undefined;
  const field = def.fields[0].field;
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== field || field.includes('.') || field.startsWith('$')) return undefined;
  const cond = filter[field];
  if (!isPlainObject(cond) || Object.getPrototypeOf(cond) !== Object.prototype) return undefined;
  const ops = Object.keys(cond);
  if (ops.length === 0 || ops.length > 2 || !ops.every((o) => RANGE_OPS.has(o))) return undefined;
  if (ops.filter((o) => o.startsWith('$g')).length > 1 || ops.filter((o) => o.startsWith('$l')).length > 1) return undefined;
  if (!ops.every((o) => typeof cond[o] === 'number' && !Number.isNaN(cond[o]))) return undefined;
  return field;
}
