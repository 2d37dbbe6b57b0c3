/**
 * Document collections: MongoDB-style CRUD, queries and aggregation. Query semantics come
 * from mingo; speed comes from our own indexes (indexes.ts), chosen per query by the planner.
 * Every write (document + all its index entries) commits in one LMDB transaction.
 */
import crypto from 'node:crypto';
import { Packr } from 'msgpackr';
import { Query, find as mingoFind, update as mingoUpdate } from 'mingo';
import type { ValidateFunction } from 'ajv';
import { rejectClientCode } from './client-code';
import { checkNesting } from './nesting';
import { linearAggregate, linearQuery } from './regex';
import { badRequest, conflict, EngineError, notFound } from './errors';
import { encodeValue, lenPrefixed, prefixEnd } from './keys';
import { Catalogue, namePrefix } from './catalogue';
import { coveredField, entryValues, idOffset, isMultikeyEntry, normaliseIndex, plan, singleEntry, valuesAt, type IndexDef, type IndexField, type IndexType, type Plan } from './indexes';
import { compileSchema, enforce } from './schema';
import { compileFilter } from './matcher';
import type { Store } from './store';
import type { UsageCounters } from './usage';
import { spend } from './budget';

export type Doc = Record<string, unknown>;
export type Filter = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;

export interface CollectionInfo {
  name: string;
  schema?: object;
  indexes: IndexDef[];
  createdAt: number;
}

export interface FindOptions {
  projection?: Record<string, unknown>;
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

export interface Explain {
  plan: 'IXSCAN' | 'COLLSCAN';
  index?: string;
  indexType?: IndexType;
  /** The index has held arrays: one range bound only, the full filter on every row, no sort order. */
  multikey?: boolean;
  sortedByIndex: boolean;
  keysExamined: number;
  docsExamined: number;
  returned: number;
}

export interface IndexInput {
  name?: string;
  fields: (string | IndexField)[];
  type?: IndexType;
  unique?: boolean;
  sparse?: boolean;
}

const packr = new Packr({ useRecords: false });

export class DocumentEngine {
  private readonly catalogue: Catalogue<CollectionInfo>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    private readonly store: Store,
    private readonly usage: UsageCounters,
  ) {
    this.catalogue = new Catalogue<CollectionInfo>(store, 'coll:');
    for (const { ns, info } of this.catalogue.all()) if (info.schema) this.validators.set(this.catKey(ns, info.name), compileSchema(info.schema));
    this.recordMultikey();
  }

  /**
   * Indexes written before the multikey flag existed have none: work it out once from the
   * documents (one pass per such collection) and save it with the definition.
   */
  private recordMultikey(): void {
    for (const { ns, info } of this.catalogue.all()) {
      const unknown = info.indexes.filter((d) => d.multikey === undefined);
      if (unknown.length === 0) continue;
      this.store.write(() => {
        for (const d of unknown) d.multikey = false;
        for (const doc of this.scanAll(ns, info.name)) {
          for (const d of unknown) if (!d.multikey && isMultikeyEntry(entryValues(d, doc))) d.multikey = true;
          if (unknown.every((d) => d.multikey)) break;
        }
        this.saveInfo(ns, info);
      });
    }
  }

  private catKey(ns: string, coll: string): string {
    return `${ns}\u0000${coll}`;
  }

  private indexPrefix(ns: string, coll: string, index: string): Buffer {
    return Buffer.concat([namePrefix(ns, coll), lenPrefixed(index)]);
  }

  private saveInfo(ns: string, info: CollectionInfo): void {
    this.catalogue.put(ns, info);
  }

  collections(ns: string): CollectionInfo[] {
    return this.catalogue.list(ns);
  }

  info(ns: string, coll: string): CollectionInfo | undefined {
    return this.catalogue.get(ns, coll);
  }

  private require(ns: string, coll: string): CollectionInfo {
    const info = this.info(ns, coll);
    if (!info) throw notFound(`collection "${coll}" does not exist`);
    return info;
  }

  /** Creates a collection (idempotent), optionally with a schema and indexes. */
  createCollection(ns: string, coll: string, opts: { schema?: object; indexes?: IndexInput[] } = {}): CollectionInfo {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(coll)) throw badRequest('collection names are 1-128 of [A-Za-z0-9_.-]', 'collection');
    return this.store.write(() => {
      let info = this.info(ns, coll);
      if (!info) {
        info = { name: coll, indexes: [], createdAt: Date.now() };
        this.saveInfo(ns, info);
      }
      if (opts.schema) this.setSchema(ns, coll, opts.schema);
      for (const ix of opts.indexes ?? []) this.createIndex(ns, coll, ix);
      return this.require(ns, coll);
    });
  }

  dropCollection(ns: string, coll: string): boolean {
    const info = this.info(ns, coll);
    if (!info) return false;
    this.store.write(() => {
      const p = namePrefix(ns, coll);
      let freed = this.store.clearPrefix(this.store.docs, p);
      for (const ix of info.indexes) freed += this.clearIndex(ns, coll, ix.name);
      this.catalogue.remove(ns, coll);
      this.usage.of(ns).storedBytes -= freed;
    });
    this.validators.delete(this.catKey(ns, coll));
    return true;
  }

  /** Sets (or with null removes) the collection's JSON Schema; existing documents must pass. */
  setSchema(ns: string, coll: string, schema: object | null): void {
    const info = this.require(ns, coll);
    const key = this.catKey(ns, coll);
    if (schema === null) {
      this.store.write(() => this.saveInfo(ns, { ...info, schema: undefined }));
      this.validators.delete(key);
      return;
    }
    const validate = compileSchema(schema);
    for (const doc of this.scanAll(ns, coll)) enforce(validate, doc, `existing document ${JSON.stringify(doc._id)}`);
    this.store.write(() => this.saveInfo(ns, { ...info, schema }));
    this.validators.set(key, validate);
  }

  createIndex(ns: string, coll: string, input: IndexInput): IndexDef {
    const def = normaliseIndex(input);
    return this.store.write(() => {
      const info = this.info(ns, coll) ?? this.createCollection(ns, coll);
      const existing = info.indexes.find((i) => i.name === def.name);
      if (existing) {
        const { multikey: _multikey, ...same } = existing;
        if (JSON.stringify(same) !== JSON.stringify(def)) throw conflict(`index "${def.name}" already exists with a different definition`, 'name');
        return existing;
      }
      // Build over existing documents inside the same transaction: all or nothing.
      const prefix = this.indexPrefix(ns, coll, def.name);
      let bytes = 0;
      def.multikey = false;
      for (const doc of this.scanAll(ns, coll)) {
        const id = encodeValue(doc._id);
        const entries = entryValues(def, doc);
        if (isMultikeyEntry(entries)) def.multikey = true;
        for (const v of entries) {
          if (def.unique) this.checkUnique(prefix, def, v, id);
          const k = Buffer.concat([prefix, v, id]);
          this.store.indexEntries.putSync(k, id);
          bytes += k.length + id.length;
        }
      }
      this.usage.of(ns).storedBytes += bytes;
      this.saveInfo(ns, { ...info, indexes: [...info.indexes, def] });
      return def;
    });
  }

  dropIndex(ns: string, coll: string, name: string): boolean {
    const info = this.require(ns, coll);
    if (!info.indexes.some((i) => i.name === name)) return false;
    this.store.write(() => {
      this.usage.of(ns).storedBytes -= this.clearIndex(ns, coll, name);
      this.saveInfo(ns, { ...info, indexes: info.indexes.filter((i) => i.name !== name) });
    });
    return true;
  }

  private clearIndex(ns: string, coll: string, name: string): number {
    const p = this.indexPrefix(ns, coll, name);
    return this.store.clearPrefix(this.store.indexEntries, p);
  }

  private checkUnique(prefix: Buffer, def: IndexDef, value: Buffer, id: Buffer): void {
    const start = Buffer.concat([prefix, value]);
    for (const { value: other } of this.store.indexEntries.getRange({ start, end: Buffer.concat([start, Buffer.from([0xff])]), limit: 2 })) {
      if (!other.equals(id)) {
        throw conflict(`E11000 duplicate key error: index "${def.name}" already has a document with this ${def.fields.map((f) => f.field).join(', ')}`, def.fields[0].field);
      }
    }
  }

  private *scanAll(ns: string, coll: string): Generator<Doc> {
    const p = namePrefix(ns, coll);
    for (const { value } of this.store.docs.getRange({ start: p, end: prefixEnd(p) })) yield packr.unpack(value) as Doc;
  }

  private checkDoc(ns: string, coll: string, doc: unknown, field = 'doc'): Doc {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest('a document must be a JSON object', field);
    checkNesting(doc, field);
    const d = doc as Doc;
    for (const k of Object.keys(d)) if (k.startsWith('$')) throw badRequest(`field names cannot start with "$"`, k);
    const validate = this.validators.get(this.catKey(ns, coll));
    if (validate) enforce(validate, d);
    return d;
  }

  /** Writes a document and its index entries; `old` is the version it replaces. */
  private put(ns: string, info: CollectionInfo, doc: Doc, old: Doc | undefined): void {
    const id = encodeValue(doc._id);
    const docKey = Buffer.concat([namePrefix(ns, info.name), id]);
    let delta = 0;
    for (const def of info.indexes) {
      const prefix = this.indexPrefix(ns, info.name, def.name);
      const before = old ? entryValues(def, old) : [];
      const after = entryValues(def, doc);
      if (!def.multikey && isMultikeyEntry(after)) {
        // In place: the catalogue's copy is this object. Saved with the write; if the write
        // aborts, the in-memory flag merely stays set (safe: multikey plans are always correct).
        def.multikey = true;
        this.saveInfo(ns, info);
      }
      const keep = new Set(after.map((b) => b.toString('latin1')));
      for (const v of before) {
        if (keep.has(v.toString('latin1'))) continue;
        const k = Buffer.concat([prefix, v, id]);
        this.store.indexEntries.removeSync(k);
        delta -= k.length + id.length;
      }
      const had = new Set(before.map((b) => b.toString('latin1')));
      for (const v of after) {
        if (had.has(v.toString('latin1'))) continue;
        if (def.unique) this.checkUnique(prefix, def, v, id);
        const k = Buffer.concat([prefix, v, id]);
        this.store.indexEntries.putSync(k, id);
        delta += k.length + id.length;
      }
    }
    const body = packr.pack(doc);
    const prev = this.store.peek(this.store.docs, docKey);
    delta += body.length - (prev ? prev.length : -docKey.length);
    this.store.docs.putSync(docKey, body);
    const u = this.usage.of(ns);
    u.storedBytes += delta;
    u.writes++;
  }

  private remove(ns: string, info: CollectionInfo, doc: Doc): void {
    const id = encodeValue(doc._id);
    const docKey = Buffer.concat([namePrefix(ns, info.name), id]);
    let delta = 0;
    for (const def of info.indexes) {
      const prefix = this.indexPrefix(ns, info.name, def.name);
      for (const v of entryValues(def, doc)) {
        const k = Buffer.concat([prefix, v, id]);
        this.store.indexEntries.removeSync(k);
        delta += k.length + id.length;
      }
    }
    const prev = this.store.peek(this.store.docs, docKey);
    if (prev) delta += prev.length + docKey.length;
    this.store.docs.removeSync(docKey);
    const u = this.usage.of(ns);
    u.storedBytes -= delta;
    u.writes++;
  }

  /** Inserts documents atomically: one bad document and none are written. Returns the ids. */
  insert(ns: string, coll: string, docs: unknown[]): (string | number)[] {
    if (!Array.isArray(docs) || docs.length === 0) throw badRequest('docs must be a non-empty array of objects', 'docs');
    return this.store.write(() => {
      const info = this.info(ns, coll) ?? this.createCollection(ns, coll);
      return docs.map((raw, i) => {
        const doc = this.checkDoc(ns, coll, raw, `docs[${i}]`);
        if (doc._id === undefined) doc._id = newId();
        checkId(doc._id, `docs[${i}]._id`);
        const docKey = Buffer.concat([namePrefix(ns, coll), encodeValue(doc._id)]);
        if (this.store.peek(this.store.docs, docKey)) throw conflict(`E11000 duplicate key error: _id ${JSON.stringify(doc._id)} already exists`, `docs[${i}]._id`);
        this.put(ns, info, doc, undefined);
        return doc._id as string | number;
      });
    });
  }

  get(ns: string, coll: string, id: string | number): Doc | undefined {
    const v = this.store.peek(this.store.docs, Buffer.concat([namePrefix(ns, coll), encodeValue(id)]));
    return v ? (packr.unpack(v) as Doc) : undefined;
  }

  /**
   * Visits matching documents in plan order (counting for explain) until `visit` returns
   * false. One loop, no generator: index keys come lazily from the B-tree range, each
   * document key is built in one scratch buffer, bodies are decoded straight from LMDB's
   * read buffer, and the filter is skipped where the index alone decides it (`covered`).
   */
  private scan(ns: string, info: CollectionInfo, filter: Filter, p: Plan | undefined, stats: Explain, reverse: boolean, visit: (doc: Doc) => boolean | void): void {
    const test = predicateFor(filter);
    if (!p) {
      for (const doc of this.scanAll(ns, info.name)) {
        spend();
        stats.docsExamined++;
        if (test(doc) && visit(doc) === false) return;
      }
      return;
    }
    const prefix = this.indexPrefix(ns, info.name, p.index.name);
    const docPrefix = namePrefix(ns, info.name);
    const pl = docPrefix.length;
    // Doc keys are built in one scratch buffer: ids are at most 512 bytes (+ tag, escapes).
    const docKey = Buffer.allocUnsafe(pl + 1100);
    docPrefix.copy(docKey, 0);
    const views: Buffer[] = []; // docKey.subarray(0, n), one per length seen
    const covered = coveredField(p, filter);
    // A document whose indexed fields are all top-level non-arrays has exactly one entry in
    // the index, so it can never come back: only multikey documents need remembering.
    // (A multikey index remembers every document.) singleEntry relies on the top-level check.
    const single = !p.index.multikey && p.index.fields.every((f) => !f.field.includes('.'));
    const seen = new Set<string>();
    const docs = this.store.docs;
    const ranges = reverse ? [...p.ranges].reverse() : p.ranges;
    for (const r of ranges) {
      const start = Buffer.concat([prefix, r.start]);
      const end = Buffer.concat([prefix, r.end]);
      const keys = reverse ? this.store.indexEntries.getKeys({ start: end, end: start, reverse: true }) : this.store.indexEntries.getKeys({ start, end });
      for (const k of keys) {
        const key = k as Buffer;
        spend();
        stats.keysExamined++;
        const idStart = idOffset(p.index, key, prefix.length);
        let idKey: string | undefined;
        if (seen.size > 0 || !single) {
          idKey = key.toString('latin1', idStart);
          if (seen.has(idKey)) continue;
        }
        let n = pl;
        for (let j = idStart; j < key.length; j++) docKey[n++] = key[j];
        const view = (views[n] ??= docKey.subarray(0, n));
        // lmdb reuses one read buffer (with a faked length): decode before the next read.
        const body = docs.getBinaryFast(view);
        if (!body) continue;
        stats.docsExamined++;
        const doc = packr.unpack(body, body.length) as Doc;
        if (!single || !singleEntry(p.index, doc)) seen.add(idKey ?? key.toString('latin1', idStart));
        if (covered !== undefined) {
          const v = doc[covered];
          if (!(typeof v === 'number' && v === v) && !test(doc)) continue;
        } else if (!test(doc)) continue;
        if (visit(doc) === false) return;
      }
    }
  }

  /** Matching documents, in plan order, up to `max` (0: all). */
  private matches(ns: string, info: CollectionInfo, filter: Filter, p: Plan | undefined, stats: Explain, max = 0): Doc[] {
    const out: Doc[] = [];
    this.scan(ns, info, filter, p, stats, false, (d) => out.push(d) !== max);
    return out;
  }

  private planFor(info: CollectionInfo, filter: Filter, sort?: SortSpec): { p: Plan | undefined; byIndex: boolean; reverse: boolean } {
    const p = plan(info.indexes, filter, sort);
    const sortFields = sort ? Object.keys(sort) : [];
    const byIndex = p !== undefined && !p.index.multikey && sortFields.length === 1 && p.orderField === sortFields[0];
    return { p, byIndex, reverse: byIndex && sort![sortFields[0]] === -1 };
  }

  find(ns: string, coll: string, filter: Filter = {}, opts: FindOptions = {}): { docs: Doc[]; explain: Explain } {
    checkFilter(filter);
    const stats: Explain = { plan: 'COLLSCAN', sortedByIndex: false, keysExamined: 0, docsExamined: 0, returned: 0 };
    const info = this.info(ns, coll);
    if (!info) return { docs: [], explain: stats };
    const { p, byIndex, reverse } = this.planFor(info, filter, opts.sort);
    if (p) Object.assign(stats, { plan: 'IXSCAN', index: p.index.name, indexType: p.index.type, multikey: p.index.multikey === true, sortedByIndex: byIndex });
    const skip = opts.skip ?? 0;
    const limit = opts.limit ?? 0;
    const hasSort = opts.sort && Object.keys(opts.sort).length > 0;
    let docs: Doc[] = [];
    if (!hasSort || byIndex) {
      // Results already come in the wanted order: stop as soon as the page is full.
      let skipped = 0;
      this.scan(ns, info, filter, p, stats, reverse, (d) => {
        if (skipped < skip) {
          skipped++;
          return true;
        }
        return docs.push(d) !== limit;
      });
      if (opts.projection) docs = mingoFind(docs, {}, opts.projection).all() as Doc[];
    } else {
      const all = this.matches(ns, info, filter, p, stats);
      const sorted = sortByKeys(all, opts.sort!);
      let cursor = sorted ? mingoFind(sorted, {}, opts.projection) : mingoFind(all, {}, opts.projection).sort(opts.sort!);
      if (skip) cursor = cursor.skip(skip);
      if (limit) cursor = cursor.limit(limit);
      docs = cursor.all() as Doc[];
    }
    stats.returned = docs.length;
    return { docs, explain: stats };
  }

  count(ns: string, coll: string, filter: Filter = {}): number {
    checkFilter(filter);
    const info = this.info(ns, coll);
    if (!info) return 0;
    const stats: Explain = { plan: 'COLLSCAN', sortedByIndex: false, keysExamined: 0, docsExamined: 0, returned: 0 };
    let n = 0;
    this.scan(ns, info, filter, plan(info.indexes, filter), stats, false, () => {
      n++;
    });
    return n;
  }

  /** Applies a MongoDB update (operators or a replacement) to matching documents. */
  update(ns: string, coll: string, filter: Filter, modifier: Doc, opts: { multi?: boolean; upsert?: boolean } = {}): { matched: number; modified: number; upsertedId?: string | number } {
    checkFilter(filter);
    if (modifier === null || typeof modifier !== 'object' || Array.isArray(modifier)) throw badRequest('update must be an object', 'update');
    checkNesting(modifier, 'update');
    const ops = Object.keys(modifier);
    const isOperator = ops.length > 0 && ops.every((k) => k.startsWith('$'));
    if (!isOperator && ops.some((k) => k.startsWith('$'))) throw badRequest('update mixes operators and plain fields', 'update');
    return this.store.write(() => {
      const info = this.info(ns, coll) ?? this.createCollection(ns, coll);
      const stats: Explain = { plan: 'COLLSCAN', sortedByIndex: false, keysExamined: 0, docsExamined: 0, returned: 0 };
      const targets = this.matches(ns, info, filter, plan(info.indexes, filter), stats, opts.multi ? 0 : 1);
      let modified = 0;
      for (const old of targets) {
        const next = this.applyUpdate(ns, coll, old, modifier, isOperator);
        if (JSON.stringify(next) === JSON.stringify(old)) continue;
        this.put(ns, info, next, old);
        modified++;
      }
      if (targets.length === 0 && opts.upsert) {
        const seed: Doc = {};
        for (const [k, v] of Object.entries(filter)) if (!k.startsWith('$') && (v === null || typeof v !== 'object')) seed[k] = v;
        const doc = this.applyUpdate(ns, coll, seed, modifier, isOperator);
        if (doc._id === undefined) doc._id = newId();
        checkId(doc._id, '_id');
        this.put(ns, info, doc, undefined);
        return { matched: 0, modified: 0, upsertedId: doc._id as string | number };
      }
      return { matched: targets.length, modified };
    });
  }

  private applyUpdate(ns: string, coll: string, old: Doc, modifier: Doc, isOperator: boolean): Doc {
    let next: Doc;
    if (isOperator) {
      for (const fields of Object.values(modifier)) {
        if (fields && typeof fields === 'object' && Object.keys(fields).some((f) => f === '_id' || f.startsWith('_id.'))) throw badRequest('the _id field cannot be changed', '_id');
      }
      next = structuredClone(old);
      try {
        mingoUpdate(next, modifier);
      } catch (e) {
        throw badRequest(`invalid update: ${(e as Error).message}`, 'update');
      }
    } else next = { ...structuredClone(modifier), _id: old._id };
    if (old._id !== undefined && JSON.stringify(next._id) !== JSON.stringify(old._id)) throw badRequest('the _id field cannot be changed', '_id');
    return this.checkDoc(ns, coll, next, 'update');
  }

  delete(ns: string, coll: string, filter: Filter, opts: { multi?: boolean } = {}): number {
    checkFilter(filter);
    const info = this.info(ns, coll);
    if (!info) return 0;
    return this.store.write(() => {
      const stats: Explain = { plan: 'COLLSCAN', sortedByIndex: false, keysExamined: 0, docsExamined: 0, returned: 0 };
      const targets = this.matches(ns, info, filter, plan(info.indexes, filter), stats, opts.multi ? 0 : 1);
      for (const d of targets) this.remove(ns, info, d);
      return targets.length;
    });
  }

  /** Runs an aggregation pipeline; a leading $match is answered through the indexes. */
  aggregate(ns: string, coll: string, pipeline: Doc[]): Doc[] {
    if (!Array.isArray(pipeline)) throw badRequest('pipeline must be an array of stages', 'pipeline');
    rejectClientCode(pipeline, 'pipeline');
    pipeline.forEach((s, i) => {
      if (s === null || typeof s !== 'object' || Object.keys(s).length !== 1 || !Object.keys(s)[0].startsWith('$')) {
        throw badRequest('each stage must be an object with exactly one $operator key', `pipeline[${i}]`);
      }
    });
    const first = pipeline[0] as { $match?: Filter } | undefined;
    const filter = first?.$match ?? {};
    const rest = first?.$match ? pipeline.slice(1) : pipeline;
    const { docs } = this.find(ns, coll, filter);
    try {
      // Every stage spends the work budget per document it pulls and yields, and inside its own
      // work (a $group's grouping, a $sort's comparisons, a $facet's sub-pipelines ...); no stage
      // yields more than MAX_STAGE_DOCUMENTS beyond its input (bounded-operators.ts).
      return linearAggregate(docs, rest) as Doc[];
    } catch (e) {
      if (e instanceof EngineError) throw e; // over budget, a size limit, a refused regex: as they are
      throw badRequest(`invalid pipeline: ${(e as Error).message}`, 'pipeline');
    }
  }
}

/**
 * MongoDB sorts an array by its smallest element ascending and its largest descending, ties
 * going to the next sort field. mingo does not (it sorts by the smallest element both ways,
 * and puts [0, 0] after 0). When a sort field reaches an array (or several values) in some
 * document, sort here instead, by keys holding each field's smallest (ascending) or largest
 * (descending) value, and return the sorted documents; otherwise undefined (mingo sorts).
 */
function sortByKeys(docs: Doc[], sort: SortSpec): Doc[] | undefined {
  const fields = Object.keys(sort);
  const multi = (d: Doc, f: string): boolean => {
    const vs = valuesAt(d, f);
    return vs.length > 1 || vs.some(Array.isArray);
  };
  if (!fields.some((f) => docs.some((d) => multi(d, f)))) return undefined;
  const keyOf = (d: Doc, f: string): { has: boolean; v: unknown } => {
    if (!multi(d, f)) {
      const vs = valuesAt(d, f);
      return vs.length ? { has: true, v: vs[0] } : { has: false, v: undefined };
    }
    const vs = valuesAt(d, f).flatMap((v) => (Array.isArray(v) ? v : [v]));
    if (vs.length === 0) return { has: true, v: [] }; // only empty arrays: ordered as mingo orders []
    // The first in mingo's order for this direction: its smallest or largest.
    return { has: true, v: (mingoFind(vs.map((x) => ({ x })), {}).sort({ x: sort[f] }).next() as { x: unknown }).x };
  };
  const keyed = docs.map((d) => {
    const k: Doc = { d };
    fields.forEach((f, j) => {
      const { has, v } = keyOf(d, f);
      if (has) k[`k${j}`] = v;
    });
    return k;
  });
  const spec: SortSpec = {};
  fields.forEach((f, j) => (spec[`k${j}`] = sort[f]));
  return (mingoFind(keyed, {}).sort(spec).all() as Doc[]).map((k) => k.d as Doc);
}

function checkFilter(filter: unknown): asserts filter is Filter {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw badRequest('filter must be an object', 'filter');
  rejectClientCode(filter, 'filter');
  predicateFor(filter as Filter);
}

/** Our fast matcher where it can decide, else mingo (which also reports bad filters). */
function predicateFor(filter: Filter): (doc: Doc) => boolean {
  const fast = compileFilter(filter);
  let q: Query | undefined;
  const slow = (d: Doc): boolean => {
    try {
      q ??= linearQuery(filter);
    } catch (e) {
      throw badRequest(`invalid filter: ${(e as Error).message}`, 'filter');
    }
    return q.test(d);
  };
  if (!fast) {
    slow({}); // compile now so a bad filter fails before any work
    return slow;
  }
  return (d) => fast(d) ?? slow(d);
}

function checkId(id: unknown, field: string): void {
  if (typeof id === 'string' ? id.length === 0 || Buffer.byteLength(id) > 512 : typeof id !== 'number' || !Number.isFinite(id)) {
    throw badRequest('_id must be a non-empty string (max 512 bytes) or a finite number', field);
  }
}

function newId(): string {
  return Math.floor(Date.now() / 1000).toString(16).padStart(8, '0') + crypto.randomBytes(8).toString('hex');
}
