/**
 * A request that would scan or build too much is stopped at the node's work budget with a
 * clear error, and meanwhile other clients' HTTP requests (which need the same event loop) are
 * answered: scans over documents, expressions that build huge arrays or strings per document,
 * and a multi-document update (which writes nothing when stopped).
 */
import assert from 'node:assert/strict';
import { api, spawnNode, tempDir, type ChildNode } from './helpers';

const DOCS = 30_000;
const BUDGET_MS = 200;

/** Sends `hostile` and, while it is in flight, times another client's HTTP GET. */
async function whileRunning<T>(node: ChildNode, hostile: () => Promise<T>): Promise<{ result: T; otherMs: number; hostileMs: number }> {
  const started = Date.now();
  const pending = hostile().then((result) => ({ result, at: Date.now() }));
  const other = await api<{ value: string }>(node.httpPort, 'GET', '/v1/kv/canary');
  const otherMs = Date.now() - started;
  assert.equal(other.body.value, 'alive');
  const { result, at } = await pending;
  return { result, otherMs, hostileMs: at - started };
}

describe('the work budget of a request', function () {
  this.timeout(120_000);
  let node: ChildNode;

  before(async () => {
    node = await spawnNode(tempDir('budget'), ['--work-budget-ms', String(BUDGET_MS)]);
    assert.equal((await api(node.httpPort, 'PUT', '/v1/kv/canary', { value: 'alive' })).status, 200);
    for (let from = 0; from < DOCS; from += 10_000) {
      const docs = Array.from({ length: 10_000 }, (_, i) => ({ _id: from + i, n: from + i, tag: `t${(from + i) % 7}` }));
      const res = await api(node.httpPort, 'POST', '/v1/collections/c/docs', { docs });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  });

  after(async () => {
    node?.proc.kill('SIGTERM');
    await node?.exited;
  });

  it('stops a scan that evaluates a costly expression per document, and others are answered meanwhile', async () => {
    // 30,000 documents x a 20,000-element array each: seconds of work without a budget.
    const filter = { $expr: { $gt: [{ $size: { $range: [0, 20_000] } }, 0] } };
    const { result, otherMs, hostileMs } = await whileRunning(node, () => api<{ error: { code: string; message: string } }>(node.httpPort, 'POST', '/v1/collections/c/find', { filter }));
    assert.equal(result.status, 400);
    assert.equal(result.body.error.code, 'over_budget');
    assert.match(result.body.error.message, /work budget of 200 ms/);
    assert.ok(otherMs < 1000, `another client waited ${otherMs} ms`);
    assert.ok(hostileMs < 1500, `the hostile request took ${hostileMs} ms`);
  });

  it('refuses an expression that would build a huge array or string in one document, naming the limit', async () => {
    const range = await api<{ error: { message: string } }>(node.httpPort, 'POST', '/v1/collections/c/aggregate', {
      pipeline: [{ $match: { _id: 1 } }, { $project: { big: { $range: [0, 1_000_000_000] } } }],
    });
    assert.equal(range.status, 400);
    assert.match(range.body.error.message, /\$range would build an array over the node's limit of 1000000/);
    const doubling = await api<{ error: { message: string } }>(node.httpPort, 'POST', '/v1/collections/c/aggregate', {
      pipeline: [{ $match: { _id: 1 } }, { $project: { s: { $reduce: { input: { $range: [0, 64] }, initialValue: 'ab', in: { $concat: ['$$value', '$$value'] } } } } }],
    });
    assert.equal(doubling.status, 400);
    assert.match(doubling.body.error.message, /\$concat would build a string over the node's limit/);
    const arrays = await api<{ error: { message: string } }>(node.httpPort, 'POST', '/v1/collections/c/aggregate', {
      pipeline: [{ $match: { _id: 1 } }, { $project: { a: { $reduce: { input: { $range: [0, 64] }, initialValue: [1], in: { $concatArrays: ['$$value', '$$value'] } } } } }],
    });
    assert.equal(arrays.status, 400);
    assert.match(arrays.body.error.message, /\$concatArrays would build an array over the node's limit/);
  });

  it('stops a multi-document update over budget and writes none of it', async () => {
    const res = await api<{ error: { code: string } }>(node.httpPort, 'POST', '/v1/collections/c/update', {
      filter: { $expr: { $gt: [{ $size: { $range: [0, 20_000] } }, 0] } },
      update: { $set: { touched: true } },
      multi: true,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'over_budget');
    const touched = await api<{ count: number }>(node.httpPort, 'POST', '/v1/collections/c/count', { filter: { touched: true } });
    assert.equal(touched.body.count, 0);
  });

  it('answers the same data within budget when the query can use little work', async () => {
    const res = await api<{ docs: { n: number }[] }>(node.httpPort, 'POST', '/v1/collections/c/find', { filter: { n: { $gte: 29_990 } }, sort: { n: 1 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.docs.map((d) => d.n), Array.from({ length: 10 }, (_, i) => 29_990 + i));
  });
});
