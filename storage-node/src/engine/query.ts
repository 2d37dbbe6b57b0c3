/**
 * The one query endpoint: a request names its model and operation. Every HTTP data route
 * is a thin alias onto this executor, so validation and semantics live in one place.
 * A multi-step request can feed one step's results into the next with
 * {"$from": "<step name>", "path": "<field>"} (replaced by the array of that field's values).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { badRequest, EngineError } from './errors';
import { checkNesting, MAX_DEPTH } from './nesting';
import { AGGS, MAX_RANGE_POINTS, type Agg } from './timeseries';
import { describe, fieldOf } from './schema';
import type { Engine } from './engine';
import type { Doc } from './documents';
import { MAX_EF, MAX_EF_CONSTRUCTION, type Metric, type VectorItem } from './vectors';

type Req = Record<string, unknown>;
interface Op {
  schema: object;
  run(e: Engine, ns: string, r: Req): unknown;
}

const str = { type: 'string', minLength: 1 };
const obj = { type: 'object' };
const int0 = { type: 'integer', minimum: 0 };
const num = { type: 'number' };
const vector = { type: 'array', items: num, minItems: 1 };
const base = { model: str, op: str, as: str };
const strict = (required: string[], props: Record<string, object>): object => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties: { ...base, ...props },
});
const indexSpec = {
  type: 'object',
  required: ['fields'],
  additionalProperties: false,
  properties: {
    name: str,
    fields: { type: 'array', minItems: 1, items: { anyOf: [str, { type: 'object', required: ['field'], properties: { field: str, order: { enum: [1, -1] } }, additionalProperties: false }] } },
    type: { enum: ['btree', 'hash'] },
    unique: { type: 'boolean' },
    sparse: { type: 'boolean' },
  },
};
const buf = (s: unknown): Buffer => Buffer.from(String(s), 'utf8');
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

const OPS: Record<string, Record<string, Op>> = {
  kv: {
    get: { schema: strict(['key'], { key: str }), run: (e, ns, r) => ({ value: text(e.kv.get(ns, buf(r.key))) }) },
    set: {
      schema: strict(['key', 'value'], { key: str, value: { type: 'string' }, ttlMs: { type: 'integer', minimum: 1 }, nx: { type: 'boolean' }, xx: { type: 'boolean' } }),
      run: (e, ns, r) => ({
        written: e.kv.set(ns, buf(r.key), buf(r.value), { expireAt: r.ttlMs ? Date.now() + (r.ttlMs as number) : undefined, nx: r.nx === true, xx: r.xx === true }),
      }),
    },
    del: { schema: strict(['keys'], { keys: { type: 'array', items: str, minItems: 1 } }), run: (e, ns, r) => ({ deleted: e.kv.del(ns, (r.keys as string[]).map(buf)) }) },
    mget: { schema: strict(['keys'], { keys: { type: 'array', items: str, minItems: 1 } }), run: (e, ns, r) => ({ values: e.kv.mget(ns, (r.keys as string[]).map(buf)).map(text) }) },
    incr: { schema: strict(['key'], { key: str, by: { type: 'integer' } }), run: (e, ns, r) => ({ value: Number(e.kv.incrBy(ns, buf(r.key), BigInt((r.by as number) ?? 1))) }) },
    expire: {
      schema: strict(['key'], { key: str, ttlMs: { type: ['integer', 'null'] } }),
      run: (e, ns, r) => ({ updated: e.kv.setExpiry(ns, buf(r.key), r.ttlMs === null || r.ttlMs === undefined ? null : Date.now() + (r.ttlMs as number)) }),
    },
    ttl: { schema: strict(['key'], { key: str }), run: (e, ns, r) => ({ ttlMs: e.kv.pttl(ns, buf(r.key)) }) },
    keys: { schema: strict([], { pattern: { type: 'string' } }), run: (e, ns, r) => ({ keys: e.kv.keys(ns, (r.pattern as string) ?? '*').map((k) => k.toString('utf8')) }) },
    hset: {
      schema: strict(['key', 'fields'], { key: str, fields: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } } }),
      run: (e, ns, r) => ({ added: e.kv.hset(ns, buf(r.key), Object.entries(r.fields as Record<string, string>).map(([f, v]) => [Buffer.from(f, 'latin1'), buf(v)])) }),
    },
    hgetall: {
      schema: strict(['key'], { key: str }),
      run: (e, ns, r) => ({ fields: Object.fromEntries([...e.kv.hgetall(ns, buf(r.key))].map(([f, v]) => [f, v.toString('utf8')])) }),
    },
  },
  documents: {
    createCollection: {
      schema: strict(['collection'], { collection: str, schema: obj, indexes: { type: 'array', items: indexSpec } }),
      run: (e, ns, r) => e.documents.createCollection(ns, r.collection as string, { schema: r.schema as object, indexes: r.indexes as [] }),
    },
    dropCollection: { schema: strict(['collection'], { collection: str }), run: (e, ns, r) => ({ dropped: e.documents.dropCollection(ns, r.collection as string) }) },
    listCollections: { schema: strict([], {}), run: (e, ns) => ({ collections: e.documents.collections(ns) }) },
    setSchema: {
      schema: strict(['collection', 'schema'], { collection: str, schema: { type: ['object', 'null'] } }),
      run: (e, ns, r) => (e.documents.setSchema(ns, r.collection as string, r.schema as object | null), { ok: true }),
    },
    createIndex: {
      schema: strict(['collection', 'index'], { collection: str, index: indexSpec }),
      run: (e, ns, r) => e.documents.createIndex(ns, r.collection as string, r.index as never),
    },
    dropIndex: { schema: strict(['collection', 'name'], { collection: str, name: str }), run: (e, ns, r) => ({ dropped: e.documents.dropIndex(ns, r.collection as string, r.name as string) }) },
    insert: {
      schema: strict(['collection', 'docs'], { collection: str, docs: { type: 'array', minItems: 1, items: obj } }),
      run: (e, ns, r) => ({ insertedIds: e.documents.insert(ns, r.collection as string, r.docs as Doc[]) }),
    },
    get: {
      schema: strict(['collection', 'id'], { collection: str, id: { type: ['string', 'number'] } }),
      run: (e, ns, r) => {
        const doc = e.documents.get(ns, r.collection as string, r.id as string);
        if (!doc) throw new EngineError('not_found', `no document with _id ${JSON.stringify(r.id)}`);
        return doc;
      },
    },
    find: {
      schema: strict(['collection'], { collection: str, filter: obj, projection: obj, sort: { type: 'object', additionalProperties: { enum: [1, -1] } }, skip: int0, limit: int0, explain: { type: 'boolean' } }),
      run: (e, ns, r) => {
        const res = e.documents.find(ns, r.collection as string, (r.filter as Doc) ?? {}, { projection: r.projection as Doc, sort: r.sort as never, skip: r.skip as number, limit: r.limit as number });
        return r.explain ? res : { docs: res.docs };
      },
    },
    count: { schema: strict(['collection'], { collection: str, filter: obj }), run: (e, ns, r) => ({ count: e.documents.count(ns, r.collection as string, (r.filter as Doc) ?? {}) }) },
    update: {
      schema: strict(['collection', 'filter', 'update'], { collection: str, filter: obj, update: obj, multi: { type: 'boolean' }, upsert: { type: 'boolean' } }),
      run: (e, ns, r) => e.documents.update(ns, r.collection as string, r.filter as Doc, r.update as Doc, { multi: r.multi as boolean, upsert: r.upsert as boolean }),
    },
    delete: {
      schema: strict(['collection', 'filter'], { collection: str, filter: obj, multi: { type: 'boolean' } }),
      run: (e, ns, r) => ({ deleted: e.documents.delete(ns, r.collection as string, r.filter as Doc, { multi: r.multi as boolean }) }),
    },
    aggregate: {
      schema: strict(['collection', 'pipeline'], { collection: str, pipeline: { type: 'array', items: obj } }),
      run: (e, ns, r) => ({ docs: e.documents.aggregate(ns, r.collection as string, r.pipeline as Doc[]) }),
    },
  },
  vectors: {
    createCollection: {
      schema: strict(['collection', 'dimension'], { collection: str, dimension: { type: 'integer', minimum: 1, maximum: 4096 }, metric: { enum: ['cosine', 'euclidean', 'dot'] }, m: { type: 'integer', minimum: 2, maximum: 128 }, efConstruction: { type: 'integer', minimum: 1, maximum: MAX_EF_CONSTRUCTION }, efSearch: { type: 'integer', minimum: 1, maximum: MAX_EF } }),
      run: (e, ns, r) => e.vectors.create(ns, r.collection as string, { dimension: r.dimension as number, metric: r.metric as Metric, m: r.m as number, efConstruction: r.efConstruction as number, efSearch: r.efSearch as number }),
    },
    dropCollection: { schema: strict(['collection'], { collection: str }), run: (e, ns, r) => ({ dropped: e.vectors.drop(ns, r.collection as string) }) },
    listCollections: { schema: strict([], {}), run: (e, ns) => ({ collections: e.vectors.list(ns) }) },
    info: { schema: strict(['collection'], { collection: str }), run: (e, ns, r) => e.vectors.info(ns, r.collection as string) },
    upsert: {
      schema: strict(['collection', 'items'], { collection: str, items: { type: 'array', minItems: 1, items: { type: 'object', required: ['id', 'vector'], additionalProperties: false, properties: { id: { type: ['string', 'number'] }, vector, metadata: obj } } } }),
      run: (e, ns, r) => e.vectors.upsert(ns, r.collection as string, r.items as VectorItem[]),
    },
    delete: { schema: strict(['collection', 'ids'], { collection: str, ids: { type: 'array', items: { type: ['string', 'number'] } } }), run: (e, ns, r) => e.vectors.delete(ns, r.collection as string, r.ids as string[]) },
    search: {
      schema: strict(['collection'], { collection: str, vector, queries: { type: 'array', items: vector, minItems: 1, maxItems: 10000 }, k: { type: 'integer', minimum: 1, maximum: 10000 }, filter: obj, ef: { type: 'integer', minimum: 1, maximum: MAX_EF }, includeMetadata: { type: 'boolean' } }),
      run: (e, ns, r) => {
        const opts = { filter: r.filter as Doc, ef: r.ef as number, includeMetadata: r.includeMetadata as boolean };
        const k = (r.k as number) ?? 10;
        if (r.queries) return { results: (r.queries as number[][]).map((q) => e.vectors.search(ns, r.collection as string, q, k, opts)) };
        if (!r.vector) throw badRequest('give "vector" (one query) or "queries" (a batch)', 'vector');
        return { hits: e.vectors.search(ns, r.collection as string, r.vector as number[], k, opts) };
      },
    },
  },
  timeseries: {
    createSeries: {
      schema: strict(['series'], { series: str, tags: { type: 'object', additionalProperties: { type: 'string' } }, retentionMs: int0 }),
      run: (e, ns, r) => e.timeseries.create(ns, r.series as string, { tags: r.tags as Record<string, string>, retentionMs: r.retentionMs as number }),
    },
    dropSeries: { schema: strict(['series'], { series: str }), run: (e, ns, r) => ({ dropped: e.timeseries.drop(ns, r.series as string) }) },
    listSeries: { schema: strict([], { tags: { type: 'object', additionalProperties: { type: 'string' } } }), run: (e, ns, r) => ({ series: e.timeseries.list(ns, r.tags as Record<string, string>) }) },
    ingest: {
      schema: strict(['series'], {
        series: str,
        points: { type: 'array', items: { type: 'array', items: [num, num], minItems: 2, maxItems: 2 } },
        timestamps: { type: 'array', items: num },
        values: { type: 'array', items: num },
      }),
      run: (e, ns, r) => {
        if (r.points) {
          const pts = r.points as [number, number][];
          return { written: e.timeseries.ingest(ns, r.series as string, pts.map((p) => p[0]), pts.map((p) => p[1])) };
        }
        if (!r.timestamps || !r.values) throw badRequest('give "points" ([[t, v], ...]) or "timestamps" and "values"', 'points');
        return { written: e.timeseries.ingest(ns, r.series as string, r.timestamps as number[], r.values as number[]) };
      },
    },
    range: {
      schema: strict(['series', 'from', 'to'], { series: str, from: num, to: num, limit: { type: 'integer', minimum: 1, maximum: MAX_RANGE_POINTS } }),
      run: (e, ns, r) => ({ points: e.timeseries.range(ns, r.series as string, r.from as number, r.to as number, r.limit as number) }),
    },
    downsample: {
      schema: strict(['series', 'from', 'to', 'bucketMs'], { series: str, from: num, to: num, bucketMs: { type: 'integer', minimum: 1 }, aggs: { type: 'array', items: { enum: [...AGGS] }, minItems: 1 } }),
      run: (e, ns, r) => ({ buckets: e.timeseries.downsample(ns, r.series as string, r.from as number, r.to as number, r.bucketMs as number, r.aggs as Agg[]) }),
    },
  },
};

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new Map<string, ValidateFunction>();
for (const [model, ops] of Object.entries(OPS)) for (const [op, def] of Object.entries(ops)) validators.set(`${model}.${op}`, ajv.compile(def.schema));

export const MODELS: Record<string, string[]> = Object.fromEntries(Object.entries(OPS).map(([m, ops]) => [m, Object.keys(ops)]));

/** Validates one request against its (model, op) schema; errors name the field. */
/** The operations that add stored data: refused once the namespace is at its quota. */
const GROWING = new Set(['documents.insert', 'documents.update', 'documents.createIndex', 'vectors.upsert', 'timeseries.ingest']);

function checkQuota(e: Engine, ns: string, r: Req): void {
  if (e.namespaceQuota <= 0 || !GROWING.has(`${String(r.model)}.${String(r.op)}`)) return;
  // One quota across the models: the other models' bytes, and the KV bytes as the native store
  // holds them now (the usage counters take those in only every second).
  const stored = e.usage.otherBytes(ns) + e.kv.usedBytes(ns);
  if (stored >= e.namespaceQuota) {
    throw new EngineError('quota_exceeded', `namespace "${ns}" stores ${stored} bytes, at its quota of ${e.namespaceQuota} (--namespace-quota): delete data or ask the node operator`);
  }
}

function validate(r: Req, where: string): Op {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw badRequest('a query must be a JSON object', where || '(root)');
  const at = (f: string): string => (where ? `${where}.${f}` : f);
  if (typeof r.model !== 'string' || !(r.model in OPS)) throw badRequest(`model must be one of ${Object.keys(OPS).join(', ')}`, at('model'));
  const model: string = r.model;
  const ops = OPS[model];
  if (typeof r.op !== 'string' || !(r.op in ops)) throw badRequest(`op for ${model} must be one of ${Object.keys(ops).join(', ')}`, at('op'));
  const opName: string = r.op;
  const v = validators.get(`${model}.${opName}`)!;
  if (!v(r)) {
    const e = v.errors![0];
    const f = fieldOf(e);
    throw badRequest(`${model}.${opName}: field "${f}" ${describe(e)}`, at(f));
  }
  return ops[opName];
}

/** Replaces {"$from": step, "path": field} markers with values from earlier step results. */
function resolveRefs(v: unknown, named: Map<string, unknown>, where: string): unknown {
  if (Array.isArray(v)) return v.map((x, i) => resolveRefs(x, named, `${where}[${i}]`));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$from === 'string') {
    if (!named.has(o.$from)) throw badRequest(`no earlier step is named "${o.$from}"`, where);
    return pluck(named.get(o.$from), typeof o.path === 'string' ? o.path : undefined);
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolveRefs(x, named, where ? `${where}.${k}` : k)]));
}

/** A step result's items (docs, hits, points...) or the field `path` of each. */
function pluck(result: unknown, path?: string): unknown {
  let items: unknown = result;
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const r = result as Record<string, unknown>;
    items = r.docs ?? r.hits ?? r.points ?? r.buckets ?? r.values ?? r.keys ?? result;
  }
  if (!path) return items;
  const list = Array.isArray(items) ? items : [items];
  return list.map((x) => path.split('.').reduce<unknown>((acc, p) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[p] : undefined), x));
}

/** Runs one request, or {steps: [...]} in order; returns one result or {results: [...]}. */
export function runQuery(engine: Engine, ns: string, body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'steps' in body) {
    const steps = (body as { steps: unknown }).steps;
    if (!Array.isArray(steps) || steps.length === 0 || steps.length > 64) throw badRequest('steps must be an array of 1 to 64 queries', 'steps');
    const named = new Map<string, unknown>();
    const results: unknown[] = [];
    steps.forEach((raw, i) => {
      const where = `steps[${i}]`;
      // resolveRefs recurses: a step holds a document at most 3 levels down (the step, "docs", the list).
      checkNesting(raw, where, MAX_DEPTH + 3);
      const step = resolveRefs(raw, named, where) as Req;
      const op = validate(step, where);
      checkQuota(engine, ns, step);
      const res = op.run(engine, ns, step);
      if (typeof step.as === 'string') named.set(step.as, res);
      results.push(res);
    });
    return { results };
  }
  const r = body as Req;
  const op = validate(r, '');
  checkQuota(engine, ns, r);
  return op.run(engine, ns, r);
}
