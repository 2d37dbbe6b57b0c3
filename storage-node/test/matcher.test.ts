import assert from 'node:assert/strict';
import { Query } from 'mingo';
import { compileFilter } from '../src/engine/matcher';
import { rng } from './helpers';

/** Our fast matcher must agree with mingo (which defines the semantics) wherever it compiles. */
describe('fast filter matcher agrees with mingo', () => {
  const rand = rng(2024);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const scalars = [null, 0, 1, 2, -1, 2.5, 'a', 'b', '', 'A', true, false] as const;
  const value = (depth = 0): unknown => {
    const r = rand();
    if (depth < 2 && r < 0.15) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    if (depth < 2 && r < 0.25) return { b: value(depth + 1), c: pick(scalars) };
    return pick(scalars);
  };
  const doc = (): Record<string, unknown> => {
    const d: Record<string, unknown> = {};
    for (const f of ['a', 'x', 'y']) if (rand() < 0.8) d[f] = value();
    return d;
  };
  const paths = ['a', 'x', 'y', 'a.b', 'a.c', 'a.0', 'missing'] as const;
  const cond = (): unknown => {
    const v = pick(scalars);
    switch (Math.floor(rand() * 9)) {
      case 0: return v;
      case 1: return { $eq: v };
      case 2: return { $ne: v };
      case 3: return { [pick(['$gt', '$gte', '$lt', '$lte'])]: pick([0, 1, 2, -1, 'a', 'b', '']) };
      case 4: return { $in: [pick(scalars), pick(scalars)] };
      case 5: return { $nin: [pick(scalars), pick(scalars)] };
      case 6: return { $exists: rand() < 0.5 };
      case 7: return { $gte: pick([0, 1]), $lt: pick([2, 3]) };
      default: return { $in: [] };
    }
  };
  const filter = (depth = 0): Record<string, unknown> => {
    if (depth < 2 && rand() < 0.2) return { [pick(['$and', '$or', '$nor'])]: [filter(depth + 1), filter(depth + 1)] };
    const f: Record<string, unknown> = {};
    for (let i = 0; i < 1 + Math.floor(rand() * 2); i++) f[pick(paths)] = cond();
    return f;
  };

  it('on 3000 random filters x 20 random documents', () => {
    let compiled = 0;
    let decided = 0;
    for (let i = 0; i < 3000; i++) {
      const f = filter();
      const fast = compileFilter(f);
      if (!fast) continue;
      compiled++;
      const q = new Query(f);
      for (let j = 0; j < 20; j++) {
        const d = doc();
        const got: boolean | undefined = fast(d);
        if (got === undefined) continue;
        decided++;
        assert.equal(got, q.test(d), `filter ${JSON.stringify(f)} on ${JSON.stringify(d)}`);
      }
    }
    assert.ok(compiled > 2000, `only ${compiled} filters compiled`);
    assert.ok(decided > compiled * 15, `the fast path decided only ${decided} of ${compiled * 20} cases`);
  });
});
