/**
 * Expression operators whose work per document a caller controls (`$range: [0, 1e9]`, a
 * `$reduce` that doubles an array or a string at each step) built gigabytes inside one
 * document's evaluation, where no scan loop could stop them. These wrap mingo's: they refuse
 * a result over a size limit before or as it is built, and spend the request's work budget
 * (budget.ts) per element, so the deadline also reaches into expressions.
 */
import { badRequest } from './errors';
import { spend } from './budget';

/** Elements of one array an expression may build ($range, $concatArrays, $map, ...). */
export const MAX_ARRAY_ELEMENTS = 1_000_000;
/** Characters of one string an expression may build ($concat, ...). */
export const MAX_STRING_CHARS = 16 * 1024 * 1024;

type Options = unknown;
type ExpressionOp = (obj: unknown, expr: unknown, options: Options) => unknown;

/* eslint-disable @typescript-eslint/no-require-imports */
const { evalExpr } = require('mingo/core') as { evalExpr: ExpressionOp };
const base = require('mingo/operators/expression') as Record<string, ExpressionOp>;

function tooLarge(op: string, what: string, limit: number): Error {
  return badRequest(`${op} would build ${what} over the node's limit of ${limit} per expression`, op);
}

/** Checks and charges a result mingo built. */
function charged(op: string, result: unknown): unknown {
  if (Array.isArray(result)) {
    if (result.length > MAX_ARRAY_ELEMENTS) throw tooLarge(op, 'an array', MAX_ARRAY_ELEMENTS);
    spend(result.length);
  } else if (typeof result === 'string') {
    if (result.length > MAX_STRING_CHARS) throw tooLarge(op, 'a string', MAX_STRING_CHARS);
    spend(result.length >>> 10);
  }
  return result;
}

/** `$range`, sized before a single element is built. */
const $range: ExpressionOp = (obj, expr, options) => {
  if (Array.isArray(expr) && expr.length > 1 && expr.length < 4) {
    const [start, end, step = 1] = evalExpr(obj, expr, options) as unknown[];
    if (typeof start === 'number' && typeof end === 'number' && typeof step === 'number' && step !== 0) {
      const count = Math.ceil((end - start) / step);
      if (count > MAX_ARRAY_ELEMENTS) throw tooLarge('$range', 'an array', MAX_ARRAY_ELEMENTS);
      spend(Math.max(0, count));
    }
    return base.$range(obj, [start, end, step], options);
  }
  return base.$range(obj, expr, options);
};

/** Wraps an operator whose result is checked and charged once built. */
function bounded(op: string): ExpressionOp {
  const inner = base[op];
  return (obj, expr, options) => charged(op, inner(obj, expr, options));
}

/** The operators that replace mingo's in the node's context. */
export const BOUNDED_EXPRESSION_OPERATORS: Record<string, ExpressionOp> = {
  $range,
  ...Object.fromEntries(
    ['$concatArrays', '$map', '$filter', '$reduce', '$concat', '$zip', '$setUnion', '$objectToArray', '$split', '$replaceAll', '$reverseArray', '$slice', '$firstN', '$lastN', '$maxN', '$minN', '$sortArray']
      .filter((op) => typeof base[op] === 'function')
      .map((op) => [op, bounded(op)]),
  ),
};

/*
 * Pipeline stages. mingo runs a stage over everything its input yields (a `$group` over every
 * document, a `$sort`, a `$facet`'s sub-pipelines, `$setWindowFields`' windows ...) with no
 * place for a deadline, and `$unwind`, `$densify` or `$sample` can yield far more documents
 * than they are given. Every stage of the node's context is wrapped: it spends the budget per
 * document it pulls (weighted by the size of its specification, the work it does per document)
 * and per document it yields, and may yield at most max(its input, MAX_STAGE_DOCUMENTS)
 * documents. The stages whose own work is more than a pass over their input do it here,
 * charged step by step (`$group`, `$sort`, `$facet`), or get their input already sorted so
 * mingo's own sort inside them has nothing left to do (`$setWindowFields`, `$fill`,
 * `$densify`, `$bucketAuto`). Accumulators and window operators spend per element they fold.
 */

/** Documents a stage may yield beyond its input, groups a `$group` may build, documents a `$lookup` may join. */
export const MAX_STAGE_DOCUMENTS = 1_000_000;

/** mingo's lazy sequence, as far as the stages use it. */
interface Seq {
  next(): { done?: boolean; value?: unknown };
  map(f: (o: unknown) => unknown): Seq;
  transform(f: (items: unknown[]) => Seq): Seq;
  collect(): unknown[];
}
/** mingo's ComputeOptions (core/_internal), which its package does not export. */
interface ComputeOptions {
  readonly options: Record<string, unknown>;
  readonly processingMode: number;
  readonly collation: unknown;
  update(locals: Record<string, unknown>): ComputeOptions;
}
type PipelineOp = (coll: Seq, expr: unknown, options: ComputeOptions) => Seq;
type AccumulatorOp = (collection: unknown[], expr: unknown, options: Options) => unknown;
type WindowOp = (obj: unknown, collection: unknown[], expr: unknown, options: Options) => unknown;
type Spec = Record<string, unknown>;

const { Lazy } = require('mingo/lazy') as { Lazy: (source: unknown) => Seq };
const { Aggregator } = require('mingo/aggregator') as { Aggregator: new (pipeline: unknown, options: unknown) => { stream(collection: unknown[]): Seq } };
const { ProcessingMode } = require('mingo/core') as { ProcessingMode: { CLONE_INPUT: number } };
const util = require('mingo/util') as {
  HashMap: { init(): Map<unknown, unknown>; prototype: Map<unknown, unknown> };
  assert(condition: unknown, message: string): void;
  typeOf(v: unknown): string;
  groupBy(items: unknown[], key: (o: unknown) => unknown): Map<unknown, unknown[]>;
  has(obj: unknown, key: string): boolean;
  isNil(v: unknown): boolean;
  isNumber(v: unknown): boolean;
  isObject(v: unknown): v is Spec;
  isString(v: unknown): v is string;
  resolve(obj: unknown, path: string): unknown;
};
const basePipeline = require('mingo/operators/pipeline') as Record<string, PipelineOp>;
const baseAccumulators = require('mingo/operators/accumulator') as Record<string, AccumulatorOp>;
const baseWindow = require('mingo/operators/window') as Record<string, WindowOp>;

/** `what`: "yield" (documents past the number it is given), "build" (groups) or "join" (documents). */
function tooMany(op: string, what: 'yield' | 'build' | 'join'): Error {
  const noun = what === 'build' ? 'groups' : 'documents';
  const past = what === 'build' ? '' : ' (past the number of documents it is given)';
  return badRequest(`${op} would ${what} more than ${MAX_STAGE_DOCUMENTS} ${noun}, the node's limit per stage${past}`, op);
}

/** The nodes of a stage's or an expression's specification: the work it does per document. */
const weights = new WeakMap<object, number>();
function weight(spec: unknown): number {
  if (spec === null || typeof spec !== 'object') return 1;
  let w = weights.get(spec);
  if (w === undefined) {
    w = 1;
    for (const v of Array.isArray(spec) ? spec : Object.values(spec)) w += weight(v);
    weights.set(spec, w);
  }
  return w;
}

/*
 * mingo's HashMap (its groupBy's, so $group's, $sort's, $setWindowFields' partitions, $lookup's
 * and the set operators') keys an object by a 32-bit hash and compares the keys under one hash
 * one by one. The hash is easy to collide (numbers 2^32 apart hash alike), so crafted keys made
 * grouping quadratic: `$group: {_id: {a: {$multiply: ['$n', 4294967296]}}}` over 20,000
 * documents took 46 s in mingo alone, 98 s in the node. Its lookups go instead through a canonical string of the key (equal exactly
 * when mingo's isEqual says so) in a JavaScript Map, and every lookup spends a step.
 */
const identities = new WeakMap<object, number>();
const symbols = new Map<symbol, number>();
let nextIdentity = 1;
function identity(o: object | symbol): number {
  if (typeof o === 'symbol') {
    let id = symbols.get(o);
    if (id === undefined) symbols.set(o, (id = nextIdentity++));
    return id;
  }
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = nextIdentity++));
  return id;
}

/** Appends a self-delimiting encoding of `v`: two values encode alike exactly when mingo's isEqual holds. */
function encode(v: unknown, out: string[]): void {
  spend();
  switch (typeof v) {
    case 'number':
      out.push('n', String(v), ';'); // String(-0) is '0': isEqual(0, -0) holds, as NaN equals NaN
      return;
    case 'string':
      out.push('s', String(v.length), ':', v);
      return;
    case 'boolean':
      out.push(v ? 't' : 'f');
      return;
    case 'bigint':
      out.push('b', String(v), ';');
      return;
    case 'undefined':
      out.push('u');
      return;
    case 'symbol':
    case 'function':
      out.push('i', String(identity(v)), ';'); // equal only to themselves
      return;
  }
  if (v === null) {
    out.push('N');
    return;
  }
  const o = v as Record<string, unknown>;
  // isEqual: same constructor first, then dates by time, regexes by source and flags, arrays
  // element by element, objects with their own toString by it, the rest key by key (any order).
  const ctor = o.constructor;
  out.push(ctor === Object ? '{' : ctor === Array ? '[' : ctor === Date ? 'D' : ctor === RegExp ? 'R' : `c${typeof ctor === 'function' ? identity(ctor) : 0};`);
  if (o instanceof Date) {
    const t = +o;
    out.push(t === t ? String(t) : `#${identity(o)}`, ';'); // an invalid date equals only itself
  } else if (o instanceof RegExp) {
    out.push(String(o.source.length), ':', o.source, o.flags, ';');
  } else if (Array.isArray(o)) {
    out.push(String(o.length), ':');
    for (let i = 0; i < o.length; i++) encode(o[i], out);
  } else if (ctor !== Object && o.toString !== Object.prototype.toString) {
    const s = String(o);
    out.push(String(s.length), ':', s);
  } else {
    const keys = Object.keys(o).sort();
    out.push(String(keys.length), ':');
    for (const k of keys) {
      out.push(String(k.length), ':', k);
      encode(o[k], out);
    }
  }
}

function canonical(key: unknown): string {
  const out: string[] = [];
  encode(key, out);
  return out.join('');
}

const isPrimitive = (k: unknown): boolean => (typeof k !== 'object' && typeof k !== 'function') || k === null;

(function patchHashMap(): void {
  const proto = util.HashMap.prototype;
  const base = Map.prototype;
  /** Per map: canonical string -> the key stored (the first of its equals to come). */
  const stored = new WeakMap<Map<unknown, unknown>, Map<string, unknown>>();
  const storedKey = (map: Map<unknown, unknown>, key: unknown): unknown => stored.get(map)?.get(canonical(key));
  proto.get = function (this: Map<unknown, unknown>, key: unknown): unknown {
    spend();
    if (isPrimitive(key)) return base.get.call(this, key);
    const k = storedKey(this, key);
    return k === undefined ? undefined : base.get.call(this, k);
  };
  proto.has = function (this: Map<unknown, unknown>, key: unknown): boolean {
    spend();
    return isPrimitive(key) ? base.has.call(this, key) : storedKey(this, key) !== undefined;
  };
  proto.set = function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
    spend();
    if (isPrimitive(key)) return base.set.call(this, key, value);
    let keys = stored.get(this);
    if (!keys) stored.set(this, (keys = new Map()));
    const c = canonical(key);
    const k = keys.get(c);
    if (k === undefined) keys.set(c, key);
    return base.set.call(this, k === undefined ? key : k, value);
  };
  proto.delete = function (this: Map<unknown, unknown>, key: unknown): boolean {
    if (isPrimitive(key)) return base.delete.call(this, key);
    const keys = stored.get(this);
    const c = canonical(key);
    const k = keys?.get(c);
    if (k === undefined) return false;
    keys!.delete(c);
    return base.delete.call(this, k);
  };
  proto.clear = function (this: Map<unknown, unknown>): void {
    stored.delete(this);
    base.clear.call(this);
  };
})();

/** mingo's ComputeOptions class, from an instance (a stage is always given one). */
function optionsClass(options: ComputeOptions): { init(o: unknown): ComputeOptions } | undefined {
  const ctor = (options as { constructor?: { init?: unknown } } | undefined)?.constructor;
  return typeof ctor?.init === 'function' ? (ctor as { init(o: unknown): ComputeOptions }) : undefined;
}

/** mingo's order of types (util/_internal SORT_ORDER). */
const TYPE_ORDER: Record<string, number> = { undefined: 1, null: 2, number: 3, string: 4, symbol: 5, object: 6, array: 7, arraybuffer: 8, boolean: 9, date: 10, regexp: 11, function: 12 };
const simpleOrder = (a: unknown, b: unknown): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

/**
 * mingo's compare (util/_internal mingoCmp), a step per value it looks at. mingo orders two
 * arrays by sorting copies of both at every comparison (one comparison of two 1M-element arrays
 * is seconds of work): here each array is sorted once per comparator, charged, and kept.
 */
function chargedCompare(): (a: unknown, b: unknown) => number {
  const sortedCopies = new Map<unknown[], unknown[]>();
  const sortedCopy = (xs: unknown[]): unknown[] => {
    let sorted = sortedCopies.get(xs);
    if (sorted === undefined) {
      spend(xs.length);
      sorted = xs.slice().sort(order);
      sortedCopies.set(xs, sorted);
    }
    return sorted;
  };
  const order = (a: unknown, b: unknown): number => cmp(a, b, false);
  const cmp = (a: unknown, b: unknown, descendArray: boolean): number => {
    spend();
    if (a === b || Object.is(a, b)) return 0;
    const typeA = util.typeOf(a);
    const typeB = util.typeOf(b);
    if (typeA === typeB) {
      switch (typeA) {
        case 'number':
        case 'string':
        case 'boolean':
          return simpleOrder(a, b);
        case 'date':
          return simpleOrder(+(a as Date), +(b as Date));
        case 'regexp':
          return simpleOrder((a as RegExp).source, (b as RegExp).source) || simpleOrder((a as RegExp).flags, (b as RegExp).flags);
        case 'arraybuffer': {
          const x = a as ArrayBufferView;
          const y = b as ArrayBufferView;
          const bytesA = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
          const bytesB = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
          const size = Math.min(bytesA.length, bytesB.length);
          spend(size);
          for (let i = 0; i < size; i++) if (bytesA[i] !== bytesB[i]) return simpleOrder(bytesA[i], bytesB[i]);
          return simpleOrder(bytesA.length, bytesB.length);
        }
        case 'array': {
          const xs = sortedCopy(a as unknown[]);
          const ys = sortedCopy(b as unknown[]);
          const size = Math.min(xs.length, ys.length);
          for (let i = 0; i < size; i++) {
            const neq = cmp(xs[i], ys[i], false);
            if (neq) return neq;
          }
          return simpleOrder(xs.length, ys.length);
        }
        default: {
          const x = a as Spec;
          const y = b as Spec;
          if (typeA !== 'object' && x?.constructor === y?.constructor && x.toString !== Object.prototype.toString) return simpleOrder(x.toString(), y.toString());
          const keysA = Object.keys(x).sort();
          const keysB = Object.keys(y).sort();
          spend(keysA.length + keysB.length);
          const neq = cmp(keysA, keysB, false);
          if (neq) return neq;
          for (const k of keysA) {
            const n = cmp(x[k], y[k], false);
            if (n) return n;
          }
          return 0;
        }
      }
    }
    if (typeA === 'undefined') return -1;
    if (typeB === 'undefined') return 1;
    if (descendArray) {
      // An array against a value: its least element that orders before, or equal to, the value.
      if (typeA === 'array') {
        const xs = a as unknown[];
        if (!xs.length) return -1;
        let neq = 1;
        for (const v of sortedCopy(xs)) if ((neq = Math.min(neq, cmp(v, b, false))) < 0) return neq;
        return neq;
      }
      if (typeB === 'array') {
        const ys = b as unknown[];
        if (!ys.length) return 1;
        let neq = -1;
        for (const v of sortedCopy(ys)) if ((neq = Math.max(neq, cmp(a, v, false))) > 0) return neq;
        return neq;
      }
    }
    const orderA = TYPE_ORDER[typeA] ?? Number.MAX_VALUE;
    const orderB = TYPE_ORDER[typeB] ?? Number.MAX_VALUE;
    return orderA !== orderB ? simpleOrder(orderA, orderB) : simpleOrder(typeA, typeB);
  };
  return (a, b) => cmp(a, b, true);
}

const stringOrder = (a: unknown, b: unknown): number => {
  spend();
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
};
const numberOrder = (a: unknown, b: unknown): number => {
  spend();
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
};

/**
 * mingo's $sort, one comparison at a time on the budget: per sort key from the last, group the
 * documents by the key's value, order the distinct values (strings by code unit and numbers as
 * mingo orders them natively, the rest by mingo's compare), and lay the groups out in order.
 */
function sortDocs(items: unknown[], sortKeys: Spec): unknown[] {
  for (const key of Object.keys(sortKeys).reverse()) {
    const groups = util.groupBy(items, (o) => util.resolve(o, key));
    const values = Array.from(groups.keys());
    let strings = true;
    let numbers = true;
    for (const v of values) {
      strings &&= util.isString(v);
      numbers &&= util.isNumber(v);
      if (!strings && !numbers) break;
    }
    values.sort(strings ? stringOrder : numbers ? numberOrder : chargedCompare());
    if (sortKeys[key] === -1) values.reverse();
    let i = 0;
    for (const v of values) for (const o of groups.get(v)!) items[i++] = o;
  }
  return items;
}

const $sort: PipelineOp = (coll, sortKeys, options) => {
  util.assert(util.isObject(sortKeys) && Object.keys(sortKeys).length > 0, '$sort specification is invalid');
  const collation = options.collation as Spec | undefined;
  if (util.isObject(collation) && util.isString(collation.locale)) return basePipeline.$sort(coll, sortKeys, options);
  return coll.transform((items) => Lazy(sortDocs(items, sortKeys as Spec)));
};

/** The input sorted by `sortBy` (charged), for a mingo stage that sorts it again inside. */
function presorted(coll: Seq, sortBy: Spec): Seq {
  return coll.transform((items) => Lazy(sortDocs(items, sortBy)));
}

/** The first key of a sort specification alone (mingo's stages read only it but to sort). */
function firstKey(sortBy: Spec): Spec {
  const [k] = Object.keys(sortBy);
  return { [k]: sortBy[k] };
}

/** mingo's $group, charged per document, stopping at MAX_STAGE_DOCUMENTS groups. */
const $group: PipelineOp = (coll, expr, options) => {
  const Options = optionsClass(options);
  if (!Options || !util.isObject(expr)) return basePipeline.$group(coll, expr, options);
  util.assert(util.has(expr, '_id'), "$group specification must include an '_id'");
  const idExpr = expr._id;
  const fields = Object.keys(expr).filter((k) => k !== '_id');
  const w = weight(idExpr);
  const copts = Options.init(options);
  return coll.transform((items) => {
    const groups = util.HashMap.init() as Map<unknown, unknown[]>;
    const order: [unknown, unknown[]][] = [];
    for (const o of items) {
      spend(w);
      const key = evalExpr(o, idExpr, options) ?? null;
      const members = groups.get(key);
      if (members) members.push(o);
      else {
        if (order.length >= MAX_STAGE_DOCUMENTS) throw tooMany('$group', 'build');
        const created: unknown[] = [o];
        groups.set(key, created);
        order.push([key, created]);
      }
    }
    let i = -1;
    return Lazy(() => {
      if (++i === order.length) return { done: true };
      const [groupId, members] = order[i];
      const out: Spec = {};
      if (groupId !== undefined) out._id = groupId;
      for (const f of fields) out[f] = evalExpr(members, expr[f], copts.update({ root: null, groupId }));
      return { value: out, done: false };
    });
  });
};

/** mingo's $sortByCount on the stages above. */
const $sortByCount: PipelineOp = (coll, expr, options) => $sort($group(coll, { _id: expr, count: { $sum: 1 } }, options), { count: -1 }, options);

/** mingo's $facet: each sub-pipeline over a copy of the input, every copy and result charged. */
const $facet: PipelineOp = (coll, expr, options) => {
  const Options = optionsClass(options);
  if (!Options || !util.isObject(expr)) return basePipeline.$facet(coll, expr, options);
  const sub = options.processingMode & ProcessingMode.CLONE_INPUT ? options : Options.init({ ...options.options, processingMode: ProcessingMode.CLONE_INPUT });
  return coll.transform((items) => {
    const out: Spec = {};
    const cap = Math.max(items.length, MAX_STAGE_DOCUMENTS);
    let produced = 0;
    for (const k of Object.keys(expr)) {
      spend(weight(expr[k]));
      out[k] = new Aggregator(expr[k], sub)
        .stream(items)
        .map((d) => {
          if (++produced > cap) throw tooMany('$facet', 'yield');
          spend();
          return d;
        })
        .collect();
    }
    return Lazy([out]);
  });
};

/** mingo's stages that sort inside (with mingo's own uncharged sort) get their input sorted already. */
const $setWindowFields: PipelineOp = (coll, expr, options) => {
  const sortBy = util.isObject(expr) ? expr.sortBy : undefined;
  if (!util.isObject(sortBy) || Object.keys(sortBy).length === 0) return basePipeline.$setWindowFields(coll, expr, options);
  return basePipeline.$setWindowFields(presorted(coll, sortBy), { ...(expr as Spec), sortBy: firstKey(sortBy) }, options);
};

const $fill: PipelineOp = (coll, expr, options) => {
  const spec = util.isObject(expr) ? expr : undefined;
  const sortBy = spec?.sortBy;
  // mingo sorts (through $setWindowFields) only when an output fills by a method.
  const byMethod = util.isObject(spec?.output) && Object.values(spec.output).some((m) => !util.has(m, 'value'));
  if (!byMethod || !util.isObject(sortBy) || Object.keys(sortBy).length === 0) return basePipeline.$fill(coll, expr, options);
  return basePipeline.$fill(presorted(coll, sortBy), { ...spec, sortBy: firstKey(sortBy) }, options);
};

const $densify: PipelineOp = (coll, expr, options) => {
  const field = util.isObject(expr) ? expr.field : undefined;
  return basePipeline.$densify(util.isString(field) ? presorted(coll, { [field]: 1 }) : coll, expr, options);
};

/** mingo's $bucketAuto orders (value, document) pairs, missing values first, by compare. */
function bucketOrder(): (x: unknown, y: unknown) => number {
  const compare = chargedCompare();
  return (x, y) => {
    const a = (x as [unknown])[0];
    const b = (y as [unknown])[0];
    if (util.isNil(a)) return -1;
    if (util.isNil(b)) return 1;
    return compare(a, b);
  };
}

const $bucketAuto: PipelineOp = (coll, expr, options) => {
  const groupBy = util.isObject(expr) ? expr.groupBy : undefined;
  const w = weight(groupBy);
  const sorted = coll.transform((items) => {
    const keyed = items.map((o) => {
      spend(w);
      return [evalExpr(o, groupBy, options) ?? null, o];
    });
    keyed.sort(bucketOrder());
    return Lazy(keyed.map((p) => p[1]));
  });
  return basePipeline.$bucketAuto(sorted, expr, options);
};

const OWN_STAGES: Record<string, PipelineOp> = { $sort, $group, $sortByCount, $facet, $setWindowFields, $fill, $densify, $bucketAuto };

/** What a stage is charged per document it pulls beyond its specification's weight. */
function joinWeight(expr: unknown): number {
  const from = util.isObject(expr) ? expr.from : undefined;
  return Array.isArray(from) ? from.length : 0;
}

/** Wraps a stage: input and output charged per document, output bounded (see above). */
function boundedStage(name: string, inner: PipelineOp): PipelineOp {
  const joins = name === '$lookup' || name === '$graphLookup';
  return (coll, expr, options) => {
    const w = weight(expr) + (joins ? joinWeight(expr) : 0);
    let pulled = 0;
    let expected = 0;
    // $unwind: counted from the arrays it is given, before it builds a document of them.
    const path = name === '$unwind' ? (util.isString(expr) ? expr : util.isObject(expr) ? expr.path : undefined) : undefined;
    const field = util.isString(path) ? path.slice(1) : undefined;
    const input = coll.map((o) => {
      pulled++;
      spend(w);
      if (field !== undefined) {
        const v = util.resolve(o, field);
        expected += Array.isArray(v) ? Math.max(v.length, 1) : 1;
        if (expected > Math.max(pulled, MAX_STAGE_DOCUMENTS)) throw tooMany(name, 'yield');
      }
      return o;
    });
    const as = joins && util.isObject(expr) && util.isString(expr.as) ? expr.as : undefined;
    let produced = 0;
    let joined = 0;
    return inner(input, expr, options).map((o) => {
      if (++produced > Math.max(pulled, MAX_STAGE_DOCUMENTS)) throw tooMany(name, 'yield');
      spend();
      if (as !== undefined) {
        const j = (o as Spec)[as];
        joined += Array.isArray(j) ? j.length : 0;
        spend(Array.isArray(j) ? j.length : 0);
        if (joined > Math.max(pulled, MAX_STAGE_DOCUMENTS)) throw tooMany(name, 'join');
      }
      return o;
    });
  };
}

/** Every pipeline stage of the node's context. */
export const BOUNDED_PIPELINE_OPERATORS: Record<string, PipelineOp> = Object.fromEntries(
  Object.entries({ ...basePipeline, ...OWN_STAGES })
    .filter(([, op]) => typeof op === 'function')
    .map(([name, op]) => [name, boundedStage(name, op)]),
);

/** Accumulators spend per element they fold (times their expression's weight); results are sized as expressions' are. */
export const BOUNDED_ACCUMULATOR_OPERATORS: Record<string, AccumulatorOp> = Object.fromEntries(
  Object.entries(baseAccumulators)
    .filter(([, op]) => typeof op === 'function')
    .map(([name, op]) => [
      name,
      ((collection, expr, options) => {
        spend((Array.isArray(collection) ? collection.length : 1) * weight(expr));
        return charged(name, op(collection, expr, options));
      }) as AccumulatorOp,
    ]),
);

/** Window operators spend per document of the window they are given. */
export const BOUNDED_WINDOW_OPERATORS: Record<string, WindowOp> = Object.fromEntries(
  Object.entries(baseWindow)
    .filter(([, op]) => typeof op === 'function')
    .map(([name, op]) => [
      name,
      ((obj, collection, expr, options) => {
        spend(Array.isArray(collection) ? collection.length : 1);
        return op(obj, collection, expr, options);
      }) as WindowOp,
    ]),
);

/** `$sortArray` on the charged sort and compare above (mingo's compares arrays by sorting copies of them, uncharged). */
const $sortArray: ExpressionOp = (obj, expr, options) => {
  util.assert(util.isObject(expr) && 'input' in expr && 'sortBy' in expr, '$sortArray expects object { input, sortBy }');
  const { input, sortBy } = evalExpr(obj, expr, options) as { input: unknown; sortBy: unknown };
  if (!Array.isArray(input)) return base.$sortArray(obj, expr, options); // null, or mingo's error
  if (input.length > MAX_ARRAY_ELEMENTS) throw tooLarge('$sortArray', 'an array', MAX_ARRAY_ELEMENTS);
  spend(input.length);
  if (util.isObject(sortBy)) return sortDocs(input.slice(), sortBy);
  const sorted = input.slice().sort(chargedCompare());
  if (sortBy === -1) sorted.reverse();
  return sorted;
};
BOUNDED_EXPRESSION_OPERATORS.$sortArray = $sortArray;
