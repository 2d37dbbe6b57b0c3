/**
 * The node's bounded pipeline stages (src/engine/bounded-operators.ts: every stage charged per
 * document, $group / $sort / $facet charged inside, mingo's own sorts fed sorted input) must
 * answer what mingo answers: random documents through pipelines of every stage they touch,
 * and mingo's grouping (HashMap) keyed by value exactly as its isEqual says.
 */
import assert from 'node:assert/strict';
import { Aggregator } from 'mingo';
import { linearAggregate } from '../src/engine/regex';
import { withBudget } from '../src/engine/budget';
import { MAX_STAGE_DOCUMENTS } from '../src/engine/bounded-operators';
import { rng } from './helpers';

type Doc = Record<string, unknown>;
// A subpath export `moduleResolution: node` cannot see.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isEqual } = require('mingo/util') as { isEqual(a: unknown, b: unknown): boolean };

describe('bounded aggregation stages agree with mingo', () => {
  const rand = rng(4242);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const scalars = [null, 0, 1, 2, -1, 2.5, 7, 'a', 'b', '', 'A', true, false] as const;
  const value = (depth = 0): unknown => {
    const r = rand();
    if (depth < 2 && r < 0.12) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    if (depth < 2 && r < 0.22) return rand() < 0.5 ? { b: value(depth + 1), c: pick(scalars) } : { c: pick(scalars), b: value(depth + 1) };
    return pick(scalars);
  };
  const docs = (n: number): Doc[] =>
    Array.from({ length: n }, (_, i) => {
      const d: Doc = { _id: i, n: Math.floor(rand() * 10), t: Math.floor(rand() * 50), g: pick(['x', 'y', 'z']), arr: Array.from({ length: Math.floor(rand() * 3) }, () => pick([1, 2, 3])) };
      for (const f of ['a', 'k']) if (rand() < 0.85) d[f] = value();
      return d;
    });

  /** Ours and mingo's over separate copies (some stages change the documents they are given). */
  function agree(input: Doc[], pipeline: Doc[]): boolean {
    let mine: unknown;
    let theirs: unknown;
    let mineErr: unknown;
    let theirErr: unknown;
    try {
      mine = linearAggregate(structuredClone(input), structuredClone(pipeline));
    } catch (e) {
      mineErr = e;
    }
    try {
      theirs = new Aggregator(structuredClone(pipeline)).run(structuredClone(input));
    } catch (e) {
      theirErr = e;
    }
    if (theirErr !== undefined || mineErr !== undefined) {
      assert.equal(mineErr !== undefined, theirErr !== undefined, `${JSON.stringify(pipeline)}: ${String(mineErr ?? theirErr)}`);
      return false;
    }
    assert.deepEqual(mine, theirs, JSON.stringify(pipeline));
    return true;
  }

  const stages = (): Doc[][] => {
    const dir = (): 1 | -1 => pick([1, -1]);
    const field = (): string => pick(['a', 'k', 'n', 't', 'g', 'a.b', 'a.c', 'missing']);
    return [
      [{ $group: { _id: `$${field()}`, c: { $sum: 1 }, ids: { $push: '$_id' }, first: { $first: '$n' }, set: { $addToSet: `$${field()}` } } }],
      [{ $group: { _id: { x: `$${field()}`, y: `$${field()}` }, total: { $sum: '$n' }, avg: { $avg: '$t' }, top: { $topN: { n: 2, sortBy: { t: -1, _id: 1 }, output: '$_id' } } } }],
      [{ $sort: { [field()]: dir(), _id: 1 } }],
      [{ $sort: { [field()]: dir(), [field()]: dir(), _id: dir() } }],
      [{ $sortByCount: `$${field()}` }, { $sort: { count: -1, _id: 1 } }],
      [{ $unwind: '$arr' }, { $group: { _id: '$arr', c: { $sum: 1 } } }, { $sort: { _id: 1 } }],
      [{ $unwind: { path: '$arr', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } }],
      [{ $facet: { byG: [{ $group: { _id: '$g', c: { $sum: 1 } } }, { $sort: { _id: 1 } }], top: [{ $sort: { t: -1, _id: 1 } }, { $limit: 3 }], all: [], nested: [{ $facet: { c: [{ $count: 'n' }] } }] } }],
      [{ $setWindowFields: { partitionBy: '$g', sortBy: { t: dir(), _id: 1 }, output: { rank: { $rank: {} }, dense: { $denseRank: {} }, num: { $documentNumber: {} }, run: { $sum: '$n', window: { documents: ['unbounded', 'current'] } }, prev: { $shift: { output: '$_id', by: -1, default: null } } } } }],
      [{ $setWindowFields: { partitionBy: { $mod: ['$n', 3] }, sortBy: { t: 1 }, output: { near: { $sum: 1, window: { range: [-5, 5] } }, avg: { $avg: '$n', window: { documents: [-2, 2] } } } } }],
      [{ $setWindowFields: { partitionBy: '$g', output: { total: { $sum: '$n' } } } }],
      [{ $project: { t: 1, n: { $cond: [{ $eq: ['$n', 3] }, null, '$n'] } } }, { $fill: { sortBy: { t: 1, _id: 1 }, output: { n: { method: 'locf' } } } }],
      [{ $project: { t: 1, n: { $cond: [{ $eq: ['$n', 3] }, null, '$n'] } } }, { $fill: { sortBy: { t: 1, _id: 1 }, output: { n: { method: 'linear' } } } }],
      [{ $project: { t: 1, n: { $cond: [{ $eq: ['$n', 3] }, null, '$n'] } } }, { $fill: { output: { n: { value: 0 } } } }],
      [{ $project: { t: 1, g: 1 } }, { $densify: { field: 't', range: { step: 7, bounds: 'full' } } }],
      [{ $project: { t: 1, g: 1 } }, { $densify: { field: 't', partitionByFields: ['g'], range: { step: 5, bounds: 'partition' } } }],
      [{ $bucketAuto: { groupBy: '$t', buckets: pick([1, 3, 5, 8]), output: { c: { $sum: 1 }, ids: { $push: '$_id' } } } }],
      [{ $bucketAuto: { groupBy: '$n', buckets: 4, granularity: pick(['R5', 'E12', '1-2-5', 'POWERSOF2']) } }],
      [{ $bucket: { groupBy: '$t', boundaries: [0, 10, 25, 50], default: 'other', output: { c: { $sum: 1 } } } }],
      [{ $lookup: { from: [{ k: 1, v: 'one' }, { k: 2, v: 'two' }, { k: 1, v: 'uno' }], localField: 'n', foreignField: 'k', as: 'j' } }],
      [{ $lookup: { from: [{ k: 1 }, { k: 2 }], pipeline: [{ $match: { k: { $gt: 1 } } }], as: 'j' } }],
      [{ $graphLookup: { from: Array.from({ length: 12 }, (_, i) => ({ id: i, next: (i * 5) % 12 })), startWith: '$n', connectFromField: 'next', connectToField: 'id', as: 'path', maxDepth: pick([0, 2, 20]), depthField: 'd' } }],
      [{ $unionWith: { coll: [{ _id: 'u1', n: 1 }], pipeline: [{ $set: { u: true } }] } }, { $count: 'n' }],
      [{ $match: { n: { $gte: 3 } } }, { $project: { n: 1, s: { $add: ['$n', '$t'] } } }, { $skip: 2 }, { $limit: 10 }],
      [{ $replaceRoot: { newRoot: { id: '$_id', g: '$g' } } }, { $group: { _id: '$g', ids: { $push: '$id' } } }, { $sort: { _id: -1 } }],
      [{ $project: { s: { $sortArray: { input: ['$a', '$k', '$n', '$arr'], sortBy: dir() } }, o: { $sortArray: { input: [{ v: '$a' }, { v: '$k' }, { v: '$g' }], sortBy: { v: dir() } } } } }],
    ];
  };

  it('on every bounded stage over random documents', () => {
    let cases = 0;
    let answered = 0;
    for (let round = 0; round < 25; round++) {
      const input = docs(40 + Math.floor(rand() * 60));
      for (const pipeline of stages()) {
        if (agree(input, pipeline)) answered++;
        cases++;
      }
    }
    // (Both may refuse a pipeline alike, e.g. $densify over a field holding a string.)
    assert.ok(cases > 500 && answered > cases * 0.9, `${answered} of ${cases} answered`);
  });

  it('groups object keys as mingo isEqual says, whatever their key order, and crafted colliding keys stay linear', () => {
    const keys: unknown[] = [];
    for (let i = 0; i < 400; i++) keys.push(value());
    keys.push({ b: 1, c: 2 }, { c: 2, b: 1 }, [0], [-0], { d: new Date(5) }, { d: new Date(5) }, { d: new Date(6) }, /a/i, /a/i, /a/g, [NaN], [NaN]);
    const input = keys.map((k, i) => ({ _id: i, k }));
    const got = linearAggregate(structuredClone(input), [{ $group: { _id: '$k', ids: { $push: '$_id' } } }]) as { _id: unknown; ids: number[] }[];
    // Brute force with mingo's isEqual: groups in order of first appearance.
    const want: { _id: unknown; ids: number[] }[] = [];
    for (const { _id, k } of input) {
      const key = k ?? null;
      const g = want.find((w) => isEqual(w._id, key));
      if (g) g.ids.push(_id);
      else want.push({ _id: key, ids: [_id] });
    }
    assert.deepEqual(got, want);

    // Numbers 2^32 apart hash alike in mingo's HashMap: 20,000 such keys took 46 s.
    const many = Array.from({ length: 20_000 }, (_, i) => ({ _id: i, n: i }));
    const started = Date.now();
    const groups = linearAggregate(many, [{ $group: { _id: { a: { $multiply: ['$n', 4294967296] } }, c: { $sum: 1 } } }]);
    assert.equal(groups.length, 20_000);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });

  it('stops a stage at its size limits, naming them', () => {
    const one = [{ _id: 1, big: Array.from({ length: MAX_STAGE_DOCUMENTS + 1 }, (_, i) => i) }];
    assert.throws(() => linearAggregate(one, [{ $unwind: '$big' }]), /\$unwind would yield more than 1000000 documents, the node's limit per stage/);
    assert.throws(() => linearAggregate([{ _id: 1 }], [{ $sample: { size: MAX_STAGE_DOCUMENTS + 5 } }]), /\$sample would yield more than 1000000 documents/);
    assert.throws(() => linearAggregate([{ _id: 1, k: 1 }], [{ $lookup: { from: one[0].big.map((k) => ({ k: 1, i: k })), localField: 'k', foreignField: 'k', as: 'j' } }]), /\$lookup would join more than 1000000 documents/);
    const lots = Array.from({ length: MAX_STAGE_DOCUMENTS + 1 }, (_, i) => ({ _id: i }));
    assert.throws(() => linearAggregate(lots, [{ $group: { _id: '$_id' } }]), /\$group would build more than 1000000 groups, the node's limit per stage/);
    // Within the number of documents it is given a stage is not limited.
    assert.equal(linearAggregate(lots, [{ $skip: 0 }]).length, MAX_STAGE_DOCUMENTS + 1);
  });

  it('spends the work budget inside one comparison: mingo sorts copies of two arrays to compare them', () => {
    const big = (seed: number): number[] => Array.from({ length: 1_000_000 }, (_, i) => (i * seed) % 1_000_003);
    const input = [{ _id: 1, a: big(7) }, { _id: 2, a: big(11) }];
    for (const pipeline of [[{ $sort: { a: 1 } }], [{ $bucketAuto: { groupBy: '$a', buckets: 2 } }], [{ $project: { s: { $sortArray: { input: ['$a', { $reverseArray: '$a' }], sortBy: 1 } } } }]]) {
      const started = Date.now();
      assert.throws(() => withBudget(20, () => linearAggregate(input, pipeline)), /work budget of 20 ms/, JSON.stringify(pipeline));
      assert.ok(Date.now() - started < 1_000, `${JSON.stringify(pipeline)} stopped after ${Date.now() - started} ms`);
    }
  });

  it('spends the work budget inside one stage', () => {
    const input = Array.from({ length: 300_000 }, (_, i) => ({ _id: i, k: `key-${(i * 7919) % 300_000}` }));
    for (const pipeline of [[{ $group: { _id: { a: '$k' }, c: { $sum: 1 } } }], [{ $sort: { k: 1 } }], [{ $setWindowFields: { sortBy: { k: 1 }, output: { s: { $sum: 1, window: { documents: ['unbounded', 'current'] } } } } }]]) {
      const started = Date.now();
      assert.throws(() => withBudget(20, () => linearAggregate(input.slice(), pipeline)), /work budget of 20 ms/, JSON.stringify(pipeline));
      assert.ok(Date.now() - started < 1_000, `${JSON.stringify(pipeline)} stopped after ${Date.now() - started} ms`);
    }
  });
});
