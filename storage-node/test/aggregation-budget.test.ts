/**
 * Attacks on the work inside one aggregation stage, over the real HTTP server: a $group by a
 * unique key, a $group by keys crafted to collide in mingo's hash, a $sort of everything, an
 * $unwind of a huge array, nested $facets and a $setWindowFields whose windows grow with the
 * partition. Each stops with over_budget (or a size limit naming itself) and changes nothing,
 * while another client's HTTP GET, which needs the same event loop, keeps being answered.
 */
import assert from 'node:assert/strict';
import { api, sleep, spawnNode, tempDir, type ChildNode, type HttpResult } from './helpers';

/** Few enough that scanning them takes a fraction of the budget: the stages' own work is what exceeds it. */
const DOCS = 20_000;
const BUDGET_MS = 300;
/** Generous: the event loop is held at most about one budget, the test machine may be slow. */
const OTHER_MS = 1_000;

type ErrorBody = { error: { code: string; message: string } };

/**
 * Sends `hostile` and, until it is answered, sends another client's GET every 10 ms: the
 * slowest of them is how long the node kept others waiting.
 */
async function whileRunning<T>(node: ChildNode, hostile: () => Promise<T>): Promise<{ result: T; slowestMs: number; probes: number; hostileMs: number }> {
  const started = Date.now();
  let done = false;
  const pending = hostile().finally(() => (done = true));
  let slowestMs = 0;
  let probes = 0;
  while (!done) {
    const sent = Date.now();
    const other = await api<{ value: string }>(node.httpPort, 'GET', '/v1/kv/canary');
    assert.equal(other.body.value, 'alive');
    slowestMs = Math.max(slowestMs, Date.now() - sent);
    probes++;
    await sleep(10);
  }
  const result = await pending;
  return { result, slowestMs, probes, hostileMs: Date.now() - started };
}

function stopped(res: HttpResult<ErrorBody>, what: RegExp | 'over_budget' | 'answered or over_budget'): void {
  if (what === 'answered or over_budget') {
    if (res.status === 200) assert.equal((res.body as unknown as { docs: unknown[] }).docs.length, DOCS);
    else stopped(res, 'over_budget');
    return;
  }
  assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
  if (what === 'over_budget') {
    assert.equal(res.body.error.code, 'over_budget', res.body.error.message);
    assert.match(res.body.error.message, new RegExp(`work budget of ${BUDGET_MS} ms`));
  } else assert.match(res.body.error.message, what);
}

describe('the work budget inside aggregation stages', function () {
  this.timeout(300_000);
  let node: ChildNode;

  const aggregate = (coll: string, pipeline: unknown[]) => () => api<ErrorBody>(node.httpPort, 'POST', `/v1/collections/${coll}/aggregate`, { pipeline });

  /** The collection is as it was where looked at (through the index: within any budget). */
  async function unchanged(): Promise<void> {
    const count = await api<{ count: number }>(node.httpPort, 'POST', '/v1/collections/c/count', { filter: { n: { $gte: DOCS - 1000 } } });
    assert.equal(count.body.count, 1000, JSON.stringify(count.body));
    const some = await api<{ docs: unknown[] }>(node.httpPort, 'POST', '/v1/collections/c/find', { filter: { n: { $in: [0, 777, DOCS - 1] } }, sort: { n: 1 } });
    assert.deepEqual(some.body.docs, [0, 777, DOCS - 1].map(doc));
  }

  function doc(i: number): Record<string, unknown> {
    // `o`: 100 numbers, unique by the last one (costly to hash, compare and group by).
    return { _id: i, n: i, g: i % 7, s: `k${(i * 7919) % DOCS}`, o: [...Array.from({ length: 99 }, () => 7), i] };
  }

  before(async () => {
    node = await spawnNode(tempDir('agg-budget'), ['--work-budget-ms', String(BUDGET_MS)]);
    assert.equal((await api(node.httpPort, 'PUT', '/v1/kv/canary', { value: 'alive' })).status, 200);
    assert.equal((await api(node.httpPort, 'PUT', '/v1/collections/c', { indexes: [{ fields: ['n'] }] })).status, 200);
    for (let from = 0; from < DOCS; from += 10_000) {
      const res = await api(node.httpPort, 'POST', '/v1/collections/c/docs', { docs: Array.from({ length: 10_000 }, (_, i) => doc(from + i)) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    // One document with an array of 2M elements (about 15 MB of JSON).
    const big = await api(node.httpPort, 'POST', '/v1/collections/big/docs', { docs: [{ _id: 'big', a: Array.from({ length: 2_000_000 }, (_, i) => i) }] });
    assert.equal(big.status, 200, JSON.stringify(big.body));
  });

  after(async () => {
    node?.proc.kill('SIGTERM');
    await node?.exited;
  });

  const attacks: { name: string; coll: string; pipeline: unknown[]; stops: RegExp | 'over_budget' | 'answered or over_budget' }[] = [
    { name: '$group by a unique key', coll: 'c', pipeline: [{ $group: { _id: '$o', docs: { $push: '$$ROOT' } } }], stops: 'over_budget' },
    // mingo's HashMap hashes numbers 2^32 apart alike: this grouping was quadratic (98 s here).
    // Linear now, it may well be answered within the budget.
    { name: '$group by keys crafted to collide', coll: 'c', pipeline: [{ $group: { _id: { a: { $multiply: ['$n', 4294967296] } }, c: { $sum: 1 } } }], stops: 'answered or over_budget' },
    { name: '$sort of everything by an array field', coll: 'c', pipeline: [{ $sort: { o: -1 } }], stops: 'over_budget' },
    { name: '$unwind of a 2M-element array', coll: 'big', pipeline: [{ $unwind: '$a' }], stops: /\$unwind would yield more than 1000000 documents, the node's limit per stage/ },
    {
      name: 'nested $facets (4^6 copies of everything)',
      coll: 'c',
      pipeline: [{ $facet: nest(6) }],
      stops: 'over_budget',
    },
    {
      name: '$setWindowFields whose window is the whole partition so far',
      coll: 'c',
      pipeline: [{ $setWindowFields: { sortBy: { n: 1 }, output: { running: { $push: '$n', window: { documents: ['unbounded', 'current'] } } } } }],
      stops: 'over_budget',
    },
  ];

  function nest(depth: number): Record<string, unknown[]> {
    const inner = depth === 1 ? [] : [{ $facet: nest(depth - 1) }];
    return { a: inner, b: inner, c: inner, d: inner };
  }

  it('scans the collection well within the budget (so the attacks below are stopped inside their stages)', async () => {
    // Best of three: the first requests of a fresh process (JIT, lazy loading) or a busy test
    // machine may take a moment longer.
    let res: HttpResult<unknown> | undefined;
    for (let i = 0; i < 3 && res?.status !== 200; i++) res = await api(node.httpPort, 'POST', '/v1/collections/c/aggregate', { pipeline: [{ $match: { nothing: 1 } }] });
    assert.equal(res!.status, 200, JSON.stringify(res!.body));
  });

  for (const attack of attacks) {
    it(`${attack.name}: ${attack.stops === 'answered or over_budget' ? 'answered (or stopped)' : 'stopped'}, changes nothing, and other clients are answered meanwhile`, async () => {
      const { result, slowestMs, probes, hostileMs } = await whileRunning(node, aggregate(attack.coll, attack.pipeline));
      if (process.env.SYNQ_TEST_VERBOSE) console.log(`      ${attack.name}: answered in ${hostileMs} ms (${result.status}), slowest of ${probes} other GETs ${slowestMs} ms`);
      stopped(result, attack.stops);
      assert.ok(slowestMs < OTHER_MS, `another client waited ${slowestMs} ms`);
      assert.ok(probes >= 1);
      assert.ok(hostileMs < BUDGET_MS + 2_000, `the hostile request took ${hostileMs} ms`);
      await unchanged();
    });
  }

  it('a normal aggregation over the same data still works', async () => {
    const grouped = await api<{ docs: unknown[] }>(node.httpPort, 'POST', '/v1/collections/c/aggregate', {
      pipeline: [{ $match: { n: { $lt: 700 } } }, { $group: { _id: '$g', c: { $sum: 1 }, max: { $max: '$n' } } }, { $sort: { _id: 1 } }],
    });
    assert.equal(grouped.status, 200, JSON.stringify(grouped.body));
    assert.deepEqual(grouped.body.docs, Array.from({ length: 7 }, (_, g) => ({ _id: g, c: 100, max: 693 + g })));
    const faceted = await api<{ docs: unknown[] }>(node.httpPort, 'POST', '/v1/collections/c/aggregate', {
      pipeline: [
        { $match: { n: { $lt: 10 } } },
        { $facet: { count: [{ $count: 'n' }], top: [{ $sort: { n: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }], windows: [{ $setWindowFields: { sortBy: { n: 1 }, output: { sum: { $sum: '$n', window: { documents: [-1, 0] } } } } }, { $project: { _id: 0, sum: 1 } }, { $limit: 3 }] } },
      ],
    });
    assert.equal(faceted.status, 200, JSON.stringify(faceted.body));
    assert.deepEqual(faceted.body.docs, [{ count: [{ n: 10 }], top: [{ _id: 9 }, { _id: 8 }], windows: [{ sum: 0 }, { sum: 1 }, { sum: 3 }] }]);
    const unwound = await api<{ docs: unknown[] }>(node.httpPort, 'POST', '/v1/collections/big/aggregate', {
      pipeline: [{ $project: { a: { $slice: ['$a', 3] } } }, { $unwind: '$a' }],
    });
    assert.equal(unwound.status, 200, JSON.stringify(unwound.body));
    assert.deepEqual(unwound.body.docs, [0, 1, 2].map((a) => ({ _id: 'big', a })));
  });
});
