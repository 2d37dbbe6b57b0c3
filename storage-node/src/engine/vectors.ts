/**
 * Vector collections over hnswlib-node. Vectors and metadata are stored durably in LMDB;
 * the HNSW graph is a derived cache saved to <data-dir>/vectors/ on flush and reloaded on
 * start when it matches the collection's write sequence, otherwise rebuilt from LMDB.
 *
 * Graph inserts cannot be interrupted and cost about efConstruction x m distances each: an
 * upsert commits its records, and the graph takes the new vectors a few milliseconds at a
 * time (an event-loop turn each), so a large batch holds no one. Until then searches
 * score those vectors exactly beside the graph's answer, so every committed vector is found.
 */
import { performance } from 'node:perf_hooks';
import { rejectClientCode } from './client-code';
import { linearQuery } from './regex';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HierarchicalNSW, type SpaceName } from 'hnswlib-node';
import { Packr } from 'msgpackr';
import { Query } from 'mingo';
import type { Logger } from 'pino';
import { checkNesting } from './nesting';
import { badRequest, notFound } from './errors';
import { encodeValue, prefixEnd } from './keys';
import { Catalogue, namePrefix } from './catalogue';
import type { Store } from './store';
import type { UsageCounters } from './usage';
import { pastDeadline, spend } from './budget';

export type Metric = 'cosine' | 'euclidean' | 'dot';
export type VectorId = string | number;
export type Metadata = Record<string, unknown>;

export interface VectorCollectionInfo {
  name: string;
  dimension: number;
  metric: Metric;
  /** HNSW graph degree and build/search breadth. */
  m: number;
  efConstruction: number;
  efSearch: number;
  /** Bumped by every write; the saved graph is valid only for the same value. */
  seq: number;
  nextLabel: number;
  createdAt: number;
}

export interface VectorItem {
  id: VectorId;
  vector: number[];
  metadata?: Metadata;
}

export interface VectorHit {
  id: VectorId;
  /** cosine: 1 - cosine similarity; euclidean: L2 distance; dot: 1 - dot product. Smaller is nearer. */
  distance: number;
  metadata?: Metadata;
}

interface Loaded {
  info: VectorCollectionInfo;
  index: HierarchicalNSW;
  labelOf: Map<string, number>;
  /** Per label: the id and metadata, plus a filter view {id, ...metadata}. */
  ids: (VectorId | undefined)[];
  metas: (Metadata | undefined)[];
  views: (Metadata | undefined)[];
  live: number;
  dirty: boolean;
  /** The ef last given to hnswlib (setting it costs a native call). */
  ef: number;
  /**
   * Committed vectors the graph does not have yet, by label (cosine ones normalised, as the
   * graph stores them). `inGraph`: the graph holds an older vector under the label, which
   * searches must skip until it is replaced.
   */
  pending: Map<number, { vector: number[]; inGraph: boolean }>;
  /** How many pending labels the graph holds an older vector of. */
  staleInGraph: number;
  /**
   * A background save is writing the graph (hnswlib, on a worker thread): nothing may change
   * it meanwhile, so inserts wait (pending) and deletes are applied after (`deletedWhileSaving`:
   * searches skip them, their ids are gone).
   */
  saving: boolean;
  deletedWhileSaving: number[];
}

const packr = new Packr({ useRecords: false });
const SPACE: Record<Metric, SpaceName> = { cosine: 'cosine', euclidean: 'l2', dot: 'ip' };
/** With this many or fewer candidate ids, an id-restricted search is exact brute force. */
const BRUTE_FORCE_IDS = 5000;
/** Largest search ef (k's maximum too): one hnswlib search visits about ef nodes and cannot be stopped. */
export const MAX_EF = 10_000;
/** Largest efConstruction: each insert's graph search visits about that many nodes. */
export const MAX_EF_CONSTRUCTION = 1000;
/** Graph inserts per event-loop turn last at most this long (and once right after an upsert commits). */
const GRAPH_SLICE_MS = 5;

export class VectorEngine {
  private readonly loaded = new Map<string, Loaded>();
  private readonly dir: string;
  private readonly catalogue: Catalogue<VectorCollectionInfo>;
  /** The next turn's graph inserts, while any collection has pending vectors. */
  private draining: NodeJS.Immediate | undefined;

  constructor(
    private readonly store: Store,
    private readonly usage: UsageCounters,
    private readonly log: Logger,
  ) {
    this.dir = path.join(store.dataDir, 'vectors');
    fs.mkdirSync(this.dir, { recursive: true });
    this.catalogue = new Catalogue<VectorCollectionInfo>(store, 'vcoll:');
    for (const { ns, info } of this.catalogue.all()) this.load(ns, info);
  }

  private k(ns: string, coll: string): string {
    return `${ns}\u0000${coll}`;
  }

  private file(ns: string, coll: string): string {
    return path.join(this.dir, crypto.createHash('sha1').update(this.k(ns, coll)).digest('hex') + '.hnsw');
  }

  private newIndex(info: VectorCollectionInfo, capacity: number): HierarchicalNSW {
    const index = new HierarchicalNSW(SPACE[info.metric], info.dimension);
    index.initIndex({ maxElements: Math.max(1024, capacity), m: info.m, efConstruction: info.efConstruction, randomSeed: 100, allowReplaceDeleted: true });
    return index;
  }

  private load(ns: string, info: VectorCollectionInfo): Loaded {
    const l: Loaded = { info, index: this.newIndex(info, 0), labelOf: new Map(), ids: [], metas: [], views: [], live: 0, dirty: false, ef: 0, pending: new Map(), staleInGraph: 0, saving: false, deletedWhileSaving: [] };
    const p = namePrefix(ns, info.name);
    const records: { id: VectorId; label: number; vector: Buffer; metadata?: Metadata }[] = [];
    for (const { value } of this.store.vectors.getRange({ start: p, end: prefixEnd(p) })) {
      const r = packr.unpack(value) as { id: VectorId; l: number; v: Buffer; m?: Metadata };
      records.push({ id: r.id, label: r.l, vector: r.v, metadata: r.m });
      this.remember(l, r.id, r.l, r.m);
    }
    l.live = records.length;
    const file = this.file(ns, info.name);
    let saved: { seq?: number } = {};
    try {
      saved = JSON.parse(fs.readFileSync(file + '.json', 'utf8')) as { seq?: number };
    } catch {
      // No sidecar: the graph must be rebuilt.
    }
    if (saved.seq === info.seq && fs.existsSync(file)) {
      l.index = new HierarchicalNSW(SPACE[info.metric], info.dimension);
      l.index.readIndexSync(file, true);
      l.ef = 0;
      this.log.info({ namespace: ns, collection: info.name, vectors: l.live }, 'vector index loaded');
    } else if (records.length > 0) {
      this.log.info({ namespace: ns, collection: info.name, vectors: records.length }, 'rebuilding vector index');
      l.index = this.newIndex(info, records.length * 1.25);
      let done = 0;
      for (const r of records) {
        l.index.addPoint(Array.from(toFloats(r.vector)), r.label);
        if (++done % 20000 === 0) this.log.info({ collection: info.name, done, total: records.length }, 'vector index rebuild progress');
      }
      l.dirty = true;
      this.log.info({ namespace: ns, collection: info.name, vectors: records.length }, 'vector index rebuilt');
    }
    this.loaded.set(this.k(ns, info.name), l);
    return l;
  }

  private remember(l: Loaded, id: VectorId, label: number, metadata: Metadata | undefined): void {
    l.labelOf.set(idKey(id), label);
    l.ids[label] = id;
    l.metas[label] = metadata;
    l.views[label] = { ...metadata, id };
  }

  private get(ns: string, coll: string): Loaded {
    const l = this.loaded.get(this.k(ns, coll));
    if (!l) throw notFound(`vector collection "${coll}" does not exist`);
    return l;
  }

  create(ns: string, coll: string, opts: { dimension: number; metric?: Metric; m?: number; efConstruction?: number; efSearch?: number }): VectorCollectionInfo {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(coll)) throw badRequest('collection names are 1-128 of [A-Za-z0-9_.-]', 'collection');
    if (!Number.isInteger(opts.dimension) || opts.dimension < 1 || opts.dimension > 4096) throw badRequest('dimension must be an integer from 1 to 4096', 'dimension');
    const metric = opts.metric ?? 'cosine';
    if (!(metric in SPACE)) throw badRequest('metric must be "cosine", "euclidean" or "dot"', 'metric');
    const existing = this.loaded.get(this.k(ns, coll));
    if (existing) {
      if (existing.info.dimension !== opts.dimension || existing.info.metric !== metric) throw badRequest(`vector collection "${coll}" exists with dimension ${existing.info.dimension} and metric ${existing.info.metric}`, 'dimension');
      return existing.info;
    }
    const info: VectorCollectionInfo = {
      name: coll,
      dimension: opts.dimension,
      metric,
      m: opts.m ?? 16,
      efConstruction: opts.efConstruction ?? 200,
      efSearch: opts.efSearch ?? 64,
      seq: 0,
      nextLabel: 0,
      createdAt: Date.now(),
    };
    this.store.write(() => this.catalogue.put(ns, info));
    const l: Loaded = { info, index: this.newIndex(info, 0), labelOf: new Map(), ids: [], metas: [], views: [], live: 0, dirty: true, ef: 0, pending: new Map(), staleInGraph: 0, saving: false, deletedWhileSaving: [] };
    this.loaded.set(this.k(ns, coll), l);
    return info;
  }

  list(ns: string): (VectorCollectionInfo & { count: number })[] {
    const prefix = `${ns}\u0000`;
    return [...this.loaded.entries()].filter(([k]) => k.startsWith(prefix)).map(([, l]) => ({ ...l.info, count: l.live }));
  }

  /** `indexing`: committed vectors the graph has not taken yet (searches score them exactly meanwhile). */
  info(ns: string, coll: string): VectorCollectionInfo & { count: number; indexing: number } {
    const l = this.get(ns, coll);
    return { ...l.info, count: l.live, indexing: l.pending.size };
  }

  drop(ns: string, coll: string): boolean {
    const l = this.loaded.get(this.k(ns, coll));
    if (!l) return false;
    this.store.write(() => {
      const p = namePrefix(ns, coll);
      const freed = this.store.clearPrefix(this.store.vectors, p);
      this.catalogue.remove(ns, coll);
      const u = this.usage.of(ns);
      u.storedBytes -= freed;
      u.vectors -= l.live;
    });
    this.loaded.delete(this.k(ns, coll));
    for (const f of [this.file(ns, coll), this.file(ns, coll) + '.json']) fs.rmSync(f, { force: true });
    return true;
  }

  /** Inserts or replaces vectors (atomically for the batch). */
  upsert(ns: string, coll: string, items: VectorItem[]): { upserted: number } {
    const l = this.get(ns, coll);
    if (!Array.isArray(items) || items.length === 0) throw badRequest('items must be a non-empty array', 'items');
    const dim = l.info.dimension;
    items.forEach((it, i) => {
      if (it === null || typeof it !== 'object') throw badRequest('each item must be an object', `items[${i}]`);
      if (!(typeof it.id === 'string' && it.id.length > 0 && it.id.length <= 512) && !(typeof it.id === 'number' && Number.isFinite(it.id))) throw badRequest('id must be a non-empty string or a finite number', `items[${i}].id`);
      if (!Array.isArray(it.vector)) throw badRequest(`vector must be an array of ${dim} numbers`, `items[${i}].vector`);
      if (it.vector.length !== dim) throw badRequest(`vector has ${it.vector.length} dimensions, the collection has ${dim}`, `items[${i}].vector`);
      for (const x of it.vector) if (typeof x !== 'number' || !Number.isFinite(x)) throw badRequest('vector values must be finite numbers', `items[${i}].vector`);
      if (it.metadata !== undefined && (it.metadata === null || typeof it.metadata !== 'object' || Array.isArray(it.metadata))) throw badRequest('metadata must be an object', `items[${i}].metadata`);
      checkNesting(it.metadata, `items[${i}].metadata`);
    });
    // One record per id: an id named twice keeps its last vector, as two upserts in a row would
    // (it used to get two labels: counted twice, found twice, and a hit without an id after a restart).
    const byId = new Map<string, VectorItem>();
    for (const it of items) byId.set(idKey(it.id), it);
    const unique = byId.size === items.length ? items : [...byId.values()];
    const p = namePrefix(ns, coll);
    const u = this.usage.of(ns);
    this.store.write(() => {
      const info = { ...l.info };
      const pending: { label: number; vector: number[]; item: VectorItem; isNew: boolean }[] = [];
      for (const it of unique) {
        const existing = l.labelOf.get(idKey(it.id));
        const label = existing ?? info.nextLabel++;
        const key = Buffer.concat([p, encodeValue(it.id)]);
        const rec = packr.pack({ id: it.id, l: label, v: Buffer.from(Float32Array.from(it.vector).buffer), m: it.metadata });
        const prev = this.store.peek(this.store.vectors, key);
        u.storedBytes += rec.length - (prev ? prev.length : -key.length);
        this.store.vectors.putSync(key, rec);
        pending.push({ label, vector: it.vector, item: it, isNew: existing === undefined });
      }
      info.seq++;
      this.catalogue.put(ns, info);
      // The graph takes them after the records are durable in this transaction (drainGraph).
      const cosine = l.info.metric === 'cosine';
      for (const x of pending) {
        const before = l.pending.get(x.label);
        // In the graph: an older vector under this label (committed and drained before).
        const inGraph = before !== undefined ? before.inGraph : !x.isNew;
        if (inGraph && before === undefined) l.staleInGraph++;
        l.pending.set(x.label, { vector: cosine ? normalise(x.vector) : x.vector, inGraph });
        if (x.isNew) {
          l.live++;
          u.vectors++;
        }
        this.remember(l, x.item.id, x.label, x.item.metadata);
      }
      u.writes += items.length;
      l.info = info;
      l.dirty = true;
    });
    // Small batches are in the graph before the answer; larger ones over the next turns.
    this.drainGraph(l, performance.now() + GRAPH_SLICE_MS);
    if (l.pending.size > 0) this.scheduleDrain();
    return { upserted: items.length };
  }

  delete(ns: string, coll: string, ids: VectorId[]): { deleted: number } {
    const l = this.get(ns, coll);
    if (!Array.isArray(ids)) throw badRequest('ids must be an array', 'ids');
    const p = namePrefix(ns, coll);
    const u = this.usage.of(ns);
    let deleted = 0;
    this.store.write(() => {
      for (const id of ids) {
        const label = l.labelOf.get(idKey(id));
        if (label === undefined) continue;
        const key = Buffer.concat([p, encodeValue(id)]);
        const prev = this.store.peek(this.store.vectors, key);
        if (prev) u.storedBytes -= prev.length + key.length;
        this.store.vectors.removeSync(key);
        const waiting = l.pending.get(label);
        if (waiting !== undefined) {
          l.pending.delete(label);
          if (waiting.inGraph) l.staleInGraph--;
        }
        if (waiting === undefined || waiting.inGraph) {
          if (l.saving) l.deletedWhileSaving.push(label);
          else l.index.markDelete(label);
        }
        l.labelOf.delete(idKey(id));
        l.ids[label] = l.metas[label] = l.views[label] = undefined;
        l.live--;
        u.vectors--;
        deleted++;
      }
      if (deleted) {
        l.info = { ...l.info, seq: l.info.seq + 1 };
        this.catalogue.put(ns, l.info);
        l.dirty = true;
      }
    });
    return { deleted };
  }

  /** Top-k nearest neighbours, optionally restricted by a filter on {id, ...metadata}. */
  search(ns: string, coll: string, vector: number[], k = 10, opts: { filter?: Record<string, unknown>; ef?: number; includeMetadata?: boolean } = {}): VectorHit[] {
    const l = this.get(ns, coll);
    if (!Array.isArray(vector) || vector.length !== l.info.dimension || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw badRequest(`vector must be an array of ${l.info.dimension} finite numbers`, 'vector');
    }
    if (!Number.isInteger(k) || k < 1 || k > 10000) throw badRequest('k must be an integer from 1 to 10000', 'k');
    const n = Math.min(k, l.live);
    if (n === 0) return [];
    const withMeta = opts.includeMetadata !== false;
    const filter = opts.filter && Object.keys(opts.filter).length ? opts.filter : undefined;
    const idSet = filter ? idsOnly(filter) : undefined;
    if (idSet && idSet.length <= BRUTE_FORCE_IDS) return this.exact(l, vector, n, idSet, withMeta);
    // A search visits about ef nodes and cannot be stopped inside hnswlib: ef is bounded.
    const ef = Math.min(Math.max(opts.ef ?? l.info.efSearch, n), MAX_EF);
    if (ef !== l.ef) {
      l.index.setEf(ef);
      l.ef = ef;
    }
    let q: Query | undefined;
    if (filter) {
      rejectClientCode(filter, 'filter');
      try {
        q = linearQuery(filter);
      } catch (e) {
        throw badRequest(`invalid filter: ${(e as Error).message}`, 'filter');
      }
    }
    const views = l.views;
    const passes = (label: number): boolean => q === undefined || (views[label] !== undefined && q.test(views[label]!));
    const pending = l.pending;
    // The graph's part: the labels it holds current vectors of.
    const inGraph = l.live - pending.size;
    const hits: VectorHit[] = [];
    const euclid = l.info.metric === 'euclidean';
    if (inGraph > 0) {
      let res;
      const stale = l.staleInGraph > 0;
      // Labels deleted while a save runs are still in the graph: their views are gone.
      const deleted = l.deletedWhileSaving.length > 0;
      // Past the deadline every node passes, so the search fills its k and ends; spend then throws.
      if (q !== undefined || stale || deleted) res = l.index.searchKnn(vector, Math.min(n, inGraph), (label) => pastDeadline() || (!(stale && pending.has(label)) && (!deleted || views[label] !== undefined) && passes(label)));
      else res = l.index.searchKnn(vector, Math.min(n, inGraph));
      spend(ef); // about the nodes it visited: a batch of queries stops at the budget
      for (let i = 0; i < res.neighbors.length; i++) {
        const label = res.neighbors[i];
        if (l.ids[label] === undefined) continue; // not a stored vector's label (never expected: defensive)
        const hit: VectorHit = { id: l.ids[label]!, distance: euclid ? Math.sqrt(res.distances[i]) : res.distances[i] };
        if (withMeta) hit.metadata = l.metas[label];
        hits.push(hit);
      }
    }
    if (pending.size === 0) return hits;
    // The vectors the graph has not taken yet, scored exactly into the n best (hits are sorted).
    const query = l.info.metric === 'cosine' ? normalise(vector) : vector;
    for (const [label, p] of pending) {
      spend();
      const d = distance(l.info.metric, p.vector, query);
      if ((hits.length >= n && d >= hits[n - 1].distance) || !passes(label)) continue;
      const hit: VectorHit = { id: l.ids[label]!, distance: d };
      if (withMeta) hit.metadata = l.metas[label];
      let at = hits.length;
      while (at > 0 && hits[at - 1].distance > d) at--;
      hits.splice(at, 0, hit);
      if (hits.length > n) hits.pop();
    }
    return hits;
  }

  /** Exact search over an explicit id list (e.g. ids found by a document query). */
  private exact(l: Loaded, vector: number[], k: number, ids: VectorId[], withMeta: boolean): VectorHit[] {
    const metric = l.info.metric;
    const q = metric === 'cosine' ? normalise(vector) : vector;
    const hits: VectorHit[] = [];
    for (const id of ids) {
      spend();
      const label = l.labelOf.get(idKey(id));
      if (label === undefined) continue;
      // Cosine spaces store normalised vectors (pending ones too).
      const v = l.pending.get(label)?.vector ?? l.index.getPoint(label);
      const d = distance(metric, v, q);
      hits.push(withMeta ? { id, distance: d, metadata: l.metas[label] } : { id, distance: d });
    }
    hits.sort((a, b) => a.distance - b.distance);
    return hits.slice(0, k);
  }

  /** Gives the graph pending vectors until `untilMs` (performance.now()); true when none are left. */
  private drainGraph(l: Loaded, untilMs: number): boolean {
    if (l.saving) return false;
    for (const [label, p] of l.pending) {
      if (performance.now() >= untilMs) return false;
      if (!p.inGraph && l.index.getCurrentCount() + 1 > l.index.getMaxElements()) l.index.resizeIndex(l.index.getMaxElements() * 2);
      // A new label may take a deleted one's slot; an old one is updated in place.
      l.index.addPoint(p.vector, label, !p.inGraph);
      l.pending.delete(label);
      if (p.inGraph) l.staleInGraph--;
    }
    return true;
  }

  /** Drains pending vectors a slice per event-loop turn (after I/O: requests go first). */
  private scheduleDrain(): void {
    if (this.draining !== undefined) return;
    this.draining = setImmediate(() => {
      this.draining = undefined;
      const until = performance.now() + GRAPH_SLICE_MS;
      let left = false;
      for (const l of this.loaded.values()) {
        if (l.pending.size > 0 && !l.saving && !this.drainGraph(l, until)) left = true;
      }
      // A collection being saved is drained when its save ends.
      if (left) this.scheduleDrain();
    });
  }

  /** The background save running now (saveInBackground), if any. */
  private saving: Promise<void> | undefined;

  /** Stops the background graph inserts and saves every graph, whole (pending vectors go in first). */
  async close(): Promise<void> {
    if (this.draining !== undefined) clearImmediate(this.draining);
    this.draining = undefined;
    await this.saving;
    for (const l of this.loaded.values()) this.drainGraph(l, Infinity);
    this.flush();
  }

  /**
   * Saves changed graphs next to the store (atomically: temp file + rename), on the JS thread.
   * A graph still taking vectors is saved once it has them all (on close at the latest).
   */
  flush(): void {
    for (const [key, l] of this.loaded) {
      if (!l.dirty || l.pending.size > 0 || l.saving) continue;
      const [ns, coll] = key.split('\u0000');
      const file = this.file(ns, coll);
      l.index.writeIndexSync(file + '.tmp');
      this.commitSave(file, l.info.seq);
      l.dirty = false;
    }
  }

  /**
   * The periodic save: each changed graph written by hnswlib on a worker thread (a large one
   * takes seconds to write), one at a time. Meanwhile its graph is left as it is: upserts
   * wait in `pending` (searched exactly), deletes are applied when the write ends.
   */
  saveInBackground(): Promise<void> {
    this.saving ??= (async () => {
      try {
        for (const [key, l] of [...this.loaded]) {
          if (!l.dirty || l.pending.size > 0 || this.loaded.get(key) !== l) continue;
          const [ns, coll] = key.split('\u0000');
          const file = this.file(ns, coll);
          const seq = l.info.seq;
          l.saving = true;
          l.dirty = false;
          try {
            await l.index.writeIndex(file + '.tmp');
            if (this.loaded.get(key) === l) this.commitSave(file, seq);
            else fs.rmSync(file + '.tmp', { force: true }); // dropped meanwhile
          } catch (e) {
            l.dirty = true;
            throw e;
          } finally {
            l.saving = false;
            for (const label of l.deletedWhileSaving) l.index.markDelete(label);
            l.deletedWhileSaving = [];
            // Changes during the write (seq moved on) make the saved graph stale: save again later.
            if (l.info.seq !== seq) l.dirty = true;
            if (l.pending.size > 0) this.scheduleDrain();
          }
        }
      } finally {
        this.saving = undefined;
      }
    })();
    return this.saving;
  }

  /** Puts a written graph file in place with its sidecar (the write sequence it matches). */
  private commitSave(file: string, seq: number): void {
    fs.renameSync(file + '.tmp', file);
    fs.writeFileSync(file + '.json.tmp', JSON.stringify({ seq }));
    fs.renameSync(file + '.json.tmp', file + '.json');
  }
}

/** The distance hnswlib reports (euclidean as L2, not squared), for vectors stored as the graph stores them. */
function distance(metric: Metric, v: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  if (metric === 'euclidean') {
    for (let i = 0; i < v.length; i++) d += (v[i] - q[i]) ** 2;
    return Math.sqrt(d);
  }
  for (let i = 0; i < v.length; i++) d += v[i] * q[i];
  return 1 - d;
}

function idKey(id: VectorId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}

function toFloats(b: Buffer): Float32Array {
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

function normalise(v: number[]): number[] {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

/** The id list when a filter only restricts ids ({id: x} or {id: {$in: [...]}}). */
function idsOnly(filter: Record<string, unknown>): VectorId[] | undefined {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== 'id') return undefined;
  const f = filter.id;
  if (typeof f === 'string' || typeof f === 'number') return [f];
  if (f && typeof f === 'object' && !Array.isArray(f)) {
    const inList = (f as { $in?: unknown }).$in;
    if (Object.keys(f).length === 1 && Array.isArray(inList) && inList.every((x) => typeof x === 'string' || typeof x === 'number')) return inList as VectorId[];
  }
  return undefined;
}
