/**
 * A fast compiled matcher for the common filter subset (scalar equality, comparisons, $in,
 * $nin, $ne, $exists, $and/$or/$nor on dotted paths), following MongoDB's rules for arrays
 * (a field matches when any element does) and type bracketing. Anything outside the subset
 * compiles to undefined, and the caller uses mingo, which defines the semantics.
 */
import { valuesAt } from './indexes';

export type Predicate = (doc: unknown) => boolean;

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** True when any value at the path (or any element of an array value) satisfies `test`. */
function any(values: unknown[], test: (v: unknown) => boolean): boolean {
  for (const v of values) {
    if (test(v)) return true;
    if (Array.isArray(v)) for (const e of v) if (test(e)) return true;
  }
  return false;
}

function eq(path: string, target: Scalar): Predicate {
  if (target === null) {
    return (doc) => {
      const vals = valuesAt(doc, path);
      return vals.length === 0 || any(vals, (v) => v === null);
    };
  }
  return (doc) => any(valuesAt(doc, path), (v) => v === target);
}

function compare(path: string, op: string, bound: number | string): Predicate {
  const kind = typeof bound;
  const cmp =
    op === '$gt' ? (v: unknown) => typeof v === kind && (v as typeof bound) > bound
    : op === '$gte' ? (v: unknown) => typeof v === kind && (v as typeof bound) >= bound
    : op === '$lt' ? (v: unknown) => typeof v === kind && (v as typeof bound) < bound
    : (v: unknown) => typeof v === kind && (v as typeof bound) <= bound;
  return (doc) => any(valuesAt(doc, path), cmp);
}

function fieldPredicate(path: string, cond: unknown): Predicate | undefined {
  if (isScalar(cond)) return eq(path, cond);
  if (!isPlain(cond)) return undefined;
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return undefined;
  const parts: Predicate[] = [];
  for (const op of keys) {
    const v = cond[op];
    if (op === '$eq' && isScalar(v)) parts.push(eq(path, v));
    else if (op === '$ne' && isScalar(v)) {
      const p = eq(path, v);
      parts.push((d) => !p(d));
    } else if ((op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') && ((typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'string')) parts.push(compare(path, op, v));
    else if ((op === '$in' || op === '$nin') && Array.isArray(v) && v.every(isScalar)) {
      const ps = v.map((x) => eq(path, x));
      const inSet: Predicate = (d) => ps.some((p) => p(d));
      parts.push(op === '$in' ? inSet : (d) => !inSet(d));
    } else if (op === '$exists' && typeof v === 'boolean') parts.push((d) => (valuesAt(d, path).length > 0) === v);
    else return undefined;
  }
  return parts.length === 1 ? parts[0] : (d) => parts.every((p) => p(d));
}

/** Compiles a filter, or returns undefined when it uses anything outside the fast subset. */
export function compileFilter(filter: Record<string, unknown>): Predicate | undefined {
  const parts: Predicate[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0) return undefined;
      const subs = cond.map((c) => (isPlain(c) ? compileFilter(c) : undefined));
      if (subs.some((s) => s === undefined)) return undefined;
      const ps = subs as Predicate[];
      parts.push(key === '$and' ? (d) => ps.every((p) => p(d)) : key === '$or' ? (d) => ps.some((p) => p(d)) : (d) => !ps.some((p) => p(d)));
      continue;
    }
    if (key.startsWith('$') || key.length === 0) return undefined;
    const p = fieldPredicate(key, cond);
    if (!p) return undefined;
    parts.push(p);
  }
  if (parts.length === 0) return () => true;
  return parts.length === 1 ? parts[0] : (d) => parts.every((p) => p(d));
}
