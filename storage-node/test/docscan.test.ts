import assert from 'node:assert/strict';
import pino from 'pino';
import { find as mingoFind } from 'mingo';
import { Engine } from '../src/engine/engine';
import { tempDir } from './helpers';

/**
 * The index scan's fast path (covered numeric ranges, single-entry documents not remembered,
 * bodies decoded straight from LMDB) must return exactly what the unindexed scan and mingo
 * return: same documents, same order under a sort, with skip, limit and projection.
 */
describe('indexed range scan agrees with the collection scan and mingo', () => {
  let engine: Engine;
  const all: Record<string, unknown>[] = [];
  const flat: Record<string, unknown>[] = [];
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  before(() => {
    engine = new Engine({ dataDir: tempDir('docscan'), log: pino({ level: 'silent' }) });
    engine.documents.createCollection('t', 'ix', { indexes: [{ fields: ['v'] }, { fields: ['w'], type: 'hash' }, { fields: ['v', 'w'] }] });
    engine.documents.createCollection('t', 'plain');
    engine.documents.createCollection('t', 'ix2', { indexes: [{ fields: ['v'] }] });
    engine.documents.createCollection('t', 'plain2');
    const values = (i: number): unknown => {
      switch (i % 12) {
        case 0: return undefined; // missing field
        case 1: return null;
        case 2: return `s${i % 30}`;
        case 3: return i % 2 === 0;
        case 4: return [i % 10, (i * 3) % 10]; // multikey (both elements may fall in one range)
        case 5: return { n: i % 10 };
        case 6: return -0;
        case 7: return i % 5 === 0 ? Infinity : -Infinity;
        default: return Math.round((rand() * 20 - 5) * 4) / 4; // many ties, negatives
      }
    };
    for (let i = 0; i < 600; i++) {
      const d: Record<string, unknown> = { _id: i, w: i % 4, name: `d${i}` };
      const v = values(i);
      if (v !== undefined) d.v = v;
      all.push(d);
    }
    for (const d of all) flat.push(Array.isArray(d.v) ? { ...d, v: d.v[0] } : d);
    engine.documents.insert('t', 'ix2', structuredClone(flat));
    engine.documents.insert('t', 'plain2', structuredClone(flat));
    engine.documents.insert('t', 'ix', structuredClone(all));
    engine.documents.insert('t', 'plain', structuredClone(all));
  });
  after(() => engine.close());

  const bounds = [-Infinity, -5, -1, -0.25, 0, 0.5, 1, 2.25, 3, 7, 9.5, 15, Infinity];
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

  it('on random $gt/$gte/$lt/$lte ranges with sort, skip, limit and projection', () => {
    let covered = 0;
    for (let q = 0; q < 400; q++) {
      const cond: Record<string, number> = {};
      const shape = q % 3;
      if (shape !== 2) cond[pick(['$gt', '$gte'])] = pick(bounds);
      if (shape !== 1) cond[pick(['$lt', '$lte'])] = pick(bounds);
      const filter = { v: cond };
      const opts: { sort?: Record<string, 1 | -1>; skip?: number; limit?: number; projection?: Record<string, unknown> } = {};
      if (q % 4 === 1) opts.sort = { v: pick([1, -1]), _id: 1 };
      if (q % 4 === 2) opts.sort = { v: pick([1, -1]) };
      if (q % 4 === 3) opts.sort = { _id: -1 };
      if (q % 5 === 1) opts.skip = Math.floor(rand() * 10);
      if (q % 5 === 2) opts.limit = 1 + Math.floor(rand() * 10);
      if (q % 7 === 3) opts.projection = pick([{ v: 1 }, { name: 0 }, { _id: 0, v: 1 }]);
      // Every query runs on the documents with arrays (multikey index: one bound scanned, the
      // filter on every row, sorts in memory) and on the same documents without (fast path).
      for (const [ixc, plainc, docs] of [['ix', 'plain', all], ['ix2', 'plain2', flat]] as const) {
        const fast = engine.documents.find('t', ixc, filter, opts);
        const slow = engine.documents.find('t', plainc, filter, opts);
        assert.equal(fast.explain.plan, 'IXSCAN');
        assert.equal(fast.explain.multikey, ixc === 'ix');
        if (ixc === 'ix') assert.equal(fast.explain.sortedByIndex, false);
        assert.equal(slow.explain.plan, 'COLLSCAN');
        const msg = JSON.stringify({ ixc, filter, opts });
        // Without a total order, ties may come in either order: compare as sets then.
        const total = opts.sort && (opts.sort._id !== undefined);
        if (total) assert.deepEqual(fast.docs, slow.docs, msg);
        else if (opts.skip || opts.limit) assert.equal(fast.docs.length, slow.docs.length, msg);
        else {
          const key = (d: Record<string, unknown>): string => JSON.stringify(d);
          assert.deepEqual(fast.docs.map(key).sort(), slow.docs.map(key).sort(), msg);
          // And what mingo says over the plain documents.
          const truth = mingoFind(structuredClone(docs), filter, opts.projection).all();
          assert.deepEqual(fast.docs.map(key).sort(), truth.map((d) => key(d as Record<string, unknown>)).sort(), msg);
        }
        // A sort on v orders as MongoDB does, arrays by their smallest element ascending and
        // their largest descending: the values in order must match that oracle's.
        if (opts.sort?.v && !opts.projection) {
          const truth = mongoSort(mingoFind(structuredClone(docs), filter).all() as Record<string, unknown>[], opts.sort);
          const page = truth.slice(opts.skip ?? 0, opts.limit ? (opts.skip ?? 0) + opts.limit : undefined);
          const keys = (ds: Record<string, unknown>[]): string[] => ds.map((d) => JSON.stringify(sortKey(d, 'v', opts.sort!.v)) ?? 'null');
          assert.deepEqual(keys(fast.docs), keys(page), msg);
          assert.deepEqual(keys(slow.docs), keys(page), msg);
          // (As JSON: the store keeps -0 as 0.)
          if (opts.sort._id !== undefined) assert.deepEqual(JSON.stringify(fast.docs), JSON.stringify(page), msg);
        }
        assert.equal(engine.documents.count('t', ixc, filter), engine.documents.count('t', plainc, filter), msg);
        if (fast.docs.length) covered++;
      }
    }
    assert.ok(covered > 100, `only ${covered} queries returned rows`);
  });

  it('matches MongoDB on two bounds met by different elements ({$gte: 3, $lte: 3} matches [2, 6])', () => {
    engine.documents.createCollection('t', 'mk', { indexes: [{ fields: ['a'] }] });
    engine.documents.insert('t', 'mk', [{ _id: 1, a: [2, 6] }, { _id: 2, a: 3 }, { _id: 3, a: [7, 9] }, { _id: 4, a: 4 }, { _id: 5, a: [0, 1] }]);
    const r = engine.documents.find('t', 'mk', { a: { $gte: 3, $lte: 3 } }, { sort: { _id: 1 } });
    assert.equal(r.explain.plan, 'IXSCAN');
    assert.equal(r.explain.multikey, true);
    assert.deepEqual(r.docs.map((d) => d._id), [1, 2]);
    assert.deepEqual(mingoFind([{ _id: 1, a: [2, 6] }], { a: { $gte: 3, $lte: 3 } }).all().length, 1);
    assert.equal(engine.documents.count('t', 'mk', { a: { $gt: 2, $lt: 3 } }), 1); // [2, 6]: 6 > 2, 2 < 3
    assert.equal(engine.documents.count('t', 'mk', { $and: [{ a: { $gte: 3 } }, { a: { $lte: 3 } }] }), 2);
    // Ascending by the smallest element, descending by the largest.
    assert.deepEqual(engine.documents.find('t', 'mk', {}, { sort: { a: 1 } }).docs.map((d) => d._id), [5, 1, 2, 4, 3]);
    const desc = engine.documents.find('t', 'mk', {}, { sort: { a: -1 } });
    assert.deepEqual(desc.docs.map((d) => d._id), [3, 1, 4, 2, 5]);
    assert.equal(desc.explain.sortedByIndex, false);
    assert.deepEqual(engine.documents.find('t', 'mk', { a: { $gte: 1 } }, { sort: { a: -1 }, limit: 2 }).docs.map((d) => d._id), [3, 1]);
  });

  it('sets the multikey flag on update, keeps it through deletes and index re-creation, and rebuild recomputes it', () => {
    engine.documents.createCollection('t', 'mk2', { indexes: [{ fields: ['a'] }, { fields: ['b', 'a'] }, { fields: ['c.d'] }] });
    engine.documents.insert('t', 'mk2', [{ _id: 1, a: 1, b: 1, c: { d: 1 } }, { _id: 2, a: 5, b: 1, c: [{ d: 2 }] }]);
    const flags = (): Record<string, boolean | undefined> => Object.fromEntries(engine.documents.info('t', 'mk2')!.indexes.map((i) => [i.name, i.multikey]));
    assert.deepEqual(flags(), { a_1: false, b_1_a_1: false, 'c.d_1': false });
    assert.equal(engine.documents.find('t', 'mk2', { a: { $gte: 0 } }, { sort: { a: -1 } }).explain.sortedByIndex, true);
    engine.documents.update('t', 'mk2', { _id: 1 }, { $set: { a: [2, 6], c: [{ d: 1 }, { d: 3 }] } });
    assert.deepEqual(flags(), { a_1: true, b_1_a_1: true, 'c.d_1': true });
    assert.deepEqual(engine.documents.find('t', 'mk2', { b: 1, a: { $gte: 3, $lte: 3 } }).docs.map((d) => d._id), [1]);
    assert.deepEqual(engine.documents.find('t', 'mk2', { 'c.d': { $gt: 1, $lt: 2 } }).docs.map((d) => d._id), [1]);
    engine.documents.update('t', 'mk2', { _id: 1 }, { $set: { a: 2 } });
    engine.documents.delete('t', 'mk2', { _id: 1 });
    assert.equal(flags().a_1, true); // never cleared by writes
    assert.deepEqual(engine.documents.createIndex('t', 'mk2', { fields: ['a'] }).multikey, true); // same definition: no conflict
    engine.documents.dropIndex('t', 'mk2', 'a_1');
    assert.equal(engine.documents.createIndex('t', 'mk2', { fields: ['a'] }).multikey, false);
  });

  it('multikey documents come back once, with $in, compound and hash plans too', () => {
    const filters: Record<string, unknown>[] = [
      { v: { $gte: 0, $lte: 9 } },
      { v: { $in: [1, 3, 7, null] } },
      { v: 4 },
      { v: { $gte: 1, $lt: 8 }, w: 1 },
      { w: 2, v: { $gt: 2 } },
      { w: { $in: [0, 3] } },
      { v: { $gt: 's1', $lt: 's5' } },
      { v: { $gte: 2, $gt: 5 } },
      { v: { $lt: 5, $lte: 1 } },
    ];
    for (const filter of filters) {
      const fast = engine.documents.find('t', 'ix', filter, { sort: { _id: 1 } });
      const slow = engine.documents.find('t', 'plain', filter, { sort: { _id: 1 } });
      assert.deepEqual(fast.docs, slow.docs, JSON.stringify(filter));
      const ids = fast.docs.map((d) => d._id);
      assert.equal(new Set(ids).size, ids.length, JSON.stringify(filter));
    }
  });
});

describe('the multikey flag', () => {
  it('is persisted with the index and survives a restart', async () => {
    const dataDir = tempDir('multikey');
    let e = new Engine({ dataDir, log: pino({ level: 'silent' }) });
    e.documents.createCollection('t', 'c', { indexes: [{ fields: ['a'] }, { fields: ['b'] }] });
    e.documents.insert('t', 'c', [{ _id: 1, a: [2, 6], b: 1 }, { _id: 2, a: 3, b: 2 }]);
    await e.close();
    e = new Engine({ dataDir, log: pino({ level: 'silent' }) });
    try {
      const ix = Object.fromEntries(e.documents.info('t', 'c')!.indexes.map((i) => [i.name, i.multikey]));
      assert.deepEqual(ix, { a_1: true, b_1: false });
      const r = e.documents.find('t', 'c', { a: { $gte: 3, $lte: 3 } }, { sort: { _id: 1 } });
      assert.equal(r.explain.multikey, true);
      assert.deepEqual(r.docs.map((d) => d._id), [1, 2]);
      assert.equal(e.documents.find('t', 'c', { b: { $gte: 1, $lte: 2 } }).explain.multikey, false);
    } finally {
      await e.close();
    }
  });
});

/** The value a (top-level) field sorts by: an array's smallest (1) or largest (-1) element. */
function sortKey(d: Record<string, unknown>, f: string, dir: 1 | -1): unknown {
  const v = d[f];
  if (!Array.isArray(v) || v.length === 0) return v;
  return (mingoFind(v.map((x) => ({ x })), {}).sort({ x: dir }).all()[0] as { x: unknown }).x;
}

/** MongoDB's sort: an array sorts by its smallest element ascending, its largest descending. */
function mongoSort(docs: Record<string, unknown>[], sort: Record<string, 1 | -1>): Record<string, unknown>[] {
  const keyed = docs.map((d) => {
    const k: Record<string, unknown> = { d };
    for (const [f, dir] of Object.entries(sort)) if (f in d) k[f] = sortKey(d, f, dir);
    return k;
  });
  return (mingoFind(keyed, {}).sort(sort).all() as Record<string, unknown>[]).map((k) => k.d as Record<string, unknown>);
}
