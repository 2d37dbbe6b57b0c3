/**
 * A fast compiled matcher for the common filter subset (scalar equality, comparisons, $in,
 * $nin, $ne, $exists, $and/$or/$nor), following MongoDB's rules for arrays (a field matches
 * when any element does) and type bracketing. mingo defines the semantics: a filter outside
 * the subset does not compile, and a document whose dotted path crosses an array makes the
 * predicate answer `undefined`, meaning "ask mingo".
 */
export type Tri = boolean | undefined;
export type FastPredicate = (doc: unknown) => Tri;

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The value at a path ([] when missing), or undefined when the path crosses an array. */
function resolver(path: string): (doc: unknown) => unknown[] | undefined {
  const parts = path.split('.');
  if (parts.length === 1) return (doc) => (doc !== null && typeof doc === 'object' && path in doc ? [(doc as Record<string, unknown>)[path]] : []);
  return (doc) => {
    let cur: unknown = doc;
    for (const p of parts) {
      if (Array.isArray(cur)) return undefined;
      if (cur === null || typeof cur !== 'object' || !(p in cur)) return [];
      cur = (cur as Record<string, unknown>)[p];
    }
    return [cur];
  };
}

/** True when the value (or, for an array, any element) satisfies `test`. */
function any(values: unknown[], test: (v: unknown) => boolean): boolean {
  for (const v of values) {
    if (test(v)) return true;
    if (Array.isArray(v)) for (const e of v) if (test(e)) return true;
  }
  return false;
}

function eq(at: (d: unknown) => unknown[] | undefined, target: Scalar): FastPredicate {
  if (target === null) {
    return (doc) => {
      const vals = at(doc);
      return vals === undefined ? undefined : vals.length === 0 || any(vals, (v) => v === null);
    };
  }
  return (doc) => {
    const vals = at(doc);
    return vals === undefined ? undefined : any(vals, (v) => v === target);
  };
}

function compare(at: (d: unknown) => unknown[] | undefined, op: string, bound: number | string): FastPredicate {
  const kind = typeof bound;
  const cmp =
    op === '$gt' ? (v: unknown) => typeof v === kind && (v as typeof bound) > bound
    : op === '$gte' ? (v: unknown) => typeof v === kind && (v as typeof bound) >= bound
    : op === '$lt' ? (v: unknown) => typeof v === kind && (v as typeof bound) < bound
    : (v: unknown) => typeof v === kind && (v as typeof bound) <= bound;
  return (doc) => {
    const vals = at(doc);
    return vals === undefined ? undefined : any(vals, cmp);
  };
}

const not = (p: FastPredicate): FastPredicate => (d) => {
  const r = p(d);
  return r === undefined ? undefined : !r;
};

function all(ps: FastPredicate[]): FastPredicate {
  if (ps.length === 1) return ps[0];
  return (d) => {
    let unknown = false;
    for (const p of ps) {
      const r = p(d);
      if (r === false) return false;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  };
}

function some(ps: FastPredicate[]): FastPredicate {
  return (d) => {
    let unknown = false;
    for (const p of ps) {
      const r = p(d);
      if (r === true) return true;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  };
}

function fieldPredicate(path: string, cond: unknown): FastPredicate | undefined {
  const at = resolver(path);
  if (isScalar(cond)) return eq(at, cond);
  if (!isPlain(cond)) return undefined;
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return undefined;
  const parts: FastPredicate[] = [];
  for (const op of keys) {
    const v = cond[op];
    if (op === '$eq' && isScalar(v)) parts.push(eq(at, v));
    else if (op === '$ne' && isScalar(v)) parts.push(not(eq(at, v)));
    else if ((op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') && ((typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'string')) parts.push(compare(at, op, v));
    else if ((op === '$in' || op === '$nin') && Array.isArray(v) && v.length > 0 && v.every(isScalar)) {
      const inSet = some(v.map((x) => eq(at, x)));
      parts.push(op === '$in' ? inSet : not(inSet));
    } else if (op === '$exists' && typeof v === 'boolean') {
      parts.push((d) => {
        const vals = at(d);
        return vals === undefined ? undefined : vals.length > 0 === v;
      });
    } else return undefined;
  }
  return all(parts);
}

/** Compiles a filter, or returns undefined when it uses anything outside the fast subset. */
export function compileFilter(filter: Record<string, unknown>): FastPredicate | undefined {
  const parts: FastPredicate[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0) return undefined;
      const subs = cond.map((c) => (isPlain(c) ? compileFilter(c) : undefined));
      if (subs.some((s) => s === undefined)) return undefined;
      const ps = subs as FastPredicate[];
      parts.push(key === '$and' ? all(ps) : key === '$or' ? some(ps) : not(some(ps)));
      continue;
    }
    if (key.startsWith('$') || key.length === 0) return undefined;
    const p = fieldPredicate(key, cond);
    if (!p) return undefined;
    parts.push(p);
  }
  return parts.length === 0 ? () => true : all(parts);
}
