/**
 * Deeply nested values as an attacker sends them. The walks over documents, updates and
 * metadata (msgpack packing, structuredClone, JSON) recurse: a document nested 200,000 levels
 * deep used to end each in a stack overflow, answered 500 `internal`, and one nested a few
 * thousand levels deep was stored. Every value a request brings nests at most 100 levels
 * (MongoDB's limit for documents): deeper ones get a 400 naming the field.
 */
import assert from 'node:assert/strict';
import { api, startNode } from './helpers';

type Node = Awaited<ReturnType<typeof startNode>>;

/** JSON text of an object nested `depth` levels deep ({"a":{"a":...{"a":1}}}), or of arrays. */
function nested(depth: number, kind: 'object' | 'array' = 'object'): string {
  const [open, close] = kind === 'object' ? ['{"a":', '}'] : ['[', ']'];
  return open.repeat(depth) + '1' + close.repeat(depth);
}

describe('values nested deeper than 100 levels', function () {
  this.timeout(60_000);
  let node: Node;
  before(async () => {
    node = await startNode();
    assert.equal((await api(node.httpPort, 'POST', '/v1/collections/c/docs', { docs: [{ _id: 1, a: 1 }] })).status, 200);
    assert.equal((await api(node.httpPort, 'PUT', '/v1/vectors/v', { dimension: 2 })).status, 200);
  });
  after(async () => {
    await node.close();
  });

  const refused = (r: { status: number; body: Record<string, unknown> }, field: RegExp): void => {
    assert.equal(r.status, 400, JSON.stringify(r.body).slice(0, 200));
    const error = r.body.error as { code: string; message: string; field: string };
    assert.match(error.message, /nested more than 10[03] levels deep/);
    assert.match(error.field, field);
  };

  for (const depth of [101, 5000, 200_000]) {
    for (const kind of ['object', 'array'] as const) {
      it(`refuses ${kind}s ${depth} levels deep in documents, updates and vector metadata, and stores nothing`, async () => {
        // The document itself is level 1: a field holding `nested(depth - 1)` makes it `depth` deep.
        const value = nested(depth - 1, kind);
        refused(await api(node.httpPort, 'POST', '/v1/collections/c/docs', `{"docs":[{"_id":2,"x":${value}}]}`), /^docs\[0\]$/);
        refused(await api(node.httpPort, 'POST', '/v1/collections/c/update', `{"filter":{"_id":1},"update":{"$set":{"x":${value}}}}`), /^update$/);
        refused(await api(node.httpPort, 'POST', '/v1/collections/c/update', `{"filter":{"_id":1},"update":{"x":${value}}}`), /^update$/);
        refused(await api(node.httpPort, 'POST', '/v1/query', `{"steps":[{"model":"documents","op":"insert","collection":"c","docs":[{"_id":2,"x":${value}}]}]}`), /^(steps\[0\]|docs\[0\])$/);
        refused(await api(node.httpPort, 'POST', '/v1/vectors/v/upsert', `{"items":[{"id":"a","vector":[1,2],"metadata":{"x":${value}}}]}`), /^items\[0\]\.metadata$/);
        const docs = (await api<{ docs: unknown[] }>(node.httpPort, 'POST', '/v1/collections/c/find', { filter: {} })).body.docs;
        assert.deepEqual(docs, [{ _id: 1, a: 1 }]);
        assert.equal((await api(node.httpPort, 'GET', '/health')).status, 200);
      });
    }
  }

  it('stores and returns a document exactly 100 levels deep', async () => {
    const r = await api(node.httpPort, 'POST', '/v1/collections/c/docs', `{"docs":[{"_id":3,"x":${nested(99)}}]}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const got = await api<{ docs: unknown[] }>(node.httpPort, 'POST', '/v1/collections/c/find', { filter: { _id: 3 } });
    assert.deepEqual(got.body.docs, [JSON.parse(`{"_id":3,"x":${nested(99)}}`)]);
    const step = await api(node.httpPort, 'POST', '/v1/query', `{"steps":[{"model":"documents","op":"insert","collection":"c","docs":[{"_id":4,"x":${nested(99)}}]}]}`);
    assert.equal(step.status, 200, JSON.stringify(step.body));
    assert.equal((await api(node.httpPort, 'POST', '/v1/collections/c/delete', { filter: { _id: { $in: [3, 4] } }, multi: true })).status, 200);
  });
});
