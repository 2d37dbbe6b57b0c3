import assert from 'node:assert/strict';
import { api, startNode } from './helpers';
import type { StorageNode } from '../src/index';

type Docs = { docs: Record<string, unknown>[]; explain?: Record<string, unknown> };

describe('documents over HTTP', () => {
  let node: StorageNode;
  let port: number;
  const find = async (filter: unknown, extra: Record<string, unknown> = {}): Promise<Docs> => {
    const r = await api<Docs>(port, 'POST', '/v1/collections/items/find', { filter, ...extra });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const names = (d: Docs): unknown[] => d.docs.map((x) => x.name);

  before(async () => {
    node = await startNode();
    port = node.httpPort;
    const docs = [
      { _id: 1, name: 'apple', price: 3, qty: 10, tags: ['fruit', 'red'], meta: { origin: 'NZ' } },
      { _id: 2, name: 'banana', price: 1, qty: 0, tags: ['fruit', 'yellow'], meta: { origin: 'EC' } },
      { _id: 3, name: 'carrot', price: 2, qty: 25, tags: ['veg'], meta: { origin: 'NZ' } },
      { _id: 4, name: 'durian', price: 15, tags: ['fruit'], meta: null },
      { _id: 5, name: 'eggplant', price: 4, qty: 7, tags: ['veg', 'purple'] },
    ];
    const r = await api(port, 'POST', '/v1/collections/items/docs', { docs });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.insertedIds, [1, 2, 3, 4, 5]);
  });
  after(() => node.close());

  it('query operators: comparison, logical, element, array, $regex', async () => {
    assert.deepEqual(names(await find({ price: { $gte: 3, $lt: 15 } }, { sort: { price: 1 } })), ['apple', 'eggplant']);
    assert.deepEqual(names(await find({ name: { $in: ['apple', 'carrot'] } }, { sort: { name: 1 } })), ['apple', 'carrot']);
    assert.deepEqual(names(await find({ $or: [{ price: { $lt: 2 } }, { price: { $gt: 10 } }] }, { sort: { _id: 1 } })), ['banana', 'durian']);
    assert.deepEqual(names(await find({ qty: { $exists: false } })), ['durian']);
    assert.deepEqual(names(await find({ tags: { $all: ['fruit', 'red'] } })), ['apple']);
    assert.deepEqual(names(await find({ tags: { $size: 1 } }, { sort: { _id: 1 } })), ['carrot', 'durian']);
    assert.deepEqual(names(await find({ tags: 'veg' }, { sort: { _id: 1 } })), ['carrot', 'eggplant']);
    assert.deepEqual(names(await find({ name: { $regex: '^[a-c]', $options: 'i' } }, { sort: { _id: 1 } })), ['apple', 'banana', 'carrot']);
    assert.deepEqual(names(await find({ 'meta.origin': 'NZ', price: { $not: { $gt: 2 } } })), ['carrot']);
    assert.deepEqual(names(await find({ price: { $type: 'number' }, $nor: [{ tags: 'fruit' }] }, { sort: { _id: 1 } })), ['carrot', 'eggplant']);
  });

  it('projection, sort, skip, limit and count', async () => {
    const r = await find({}, { sort: { price: -1 }, skip: 1, limit: 2, projection: { name: 1, _id: 0 } });
    assert.deepEqual(r.docs, [{ name: 'eggplant' }, { name: 'apple' }]);
    const c = await api(port, 'POST', '/v1/collections/items/count', { filter: { tags: 'fruit' } });
    assert.equal(c.body.count, 3);
    const one = await api(port, 'GET', '/v1/collections/items/docs/3');
    assert.equal(one.status, 404, 'string id "3" is not numeric id 3');
  });

  it('update operators: $set, $unset, $inc, $push, $pull; upsert; replacement', async () => {
    let r = await api(port, 'POST', '/v1/collections/items/update', { filter: { _id: 1 }, update: { $set: { 'meta.grade': 'A' }, $inc: { qty: 5 }, $push: { tags: 'sweet' }, $unset: { price: '' } } });
    assert.deepEqual(r.body, { matched: 1, modified: 1 });
    let d = (await find({ _id: 1 })).docs[0];
    assert.deepEqual(d, { _id: 1, name: 'apple', qty: 15, tags: ['fruit', 'red', 'sweet'], meta: { origin: 'NZ', grade: 'A' } });
    r = await api(port, 'POST', '/v1/collections/items/update', { filter: { tags: 'fruit' }, update: { $pull: { tags: 'fruit' } }, multi: true });
    assert.deepEqual(r.body, { matched: 3, modified: 3 });
    assert.equal((await find({ tags: 'fruit' })).docs.length, 0);
    r = await api(port, 'POST', '/v1/collections/items/update', { filter: { name: 'fig' }, update: { $set: { price: 7 } }, upsert: true });
    assert.equal(r.body.matched, 0);
    d = (await find({ name: 'fig' })).docs[0];
    assert.equal(d.price, 7);
    assert.equal(d._id, r.body.upsertedId);
    r = await api(port, 'POST', '/v1/collections/items/update', { filter: { name: 'fig' }, update: { name: 'fig', price: 8 } });
    assert.equal(r.body.modified, 1);
    assert.deepEqual((await find({ name: 'fig' })).docs[0], { _id: d._id, name: 'fig', price: 8 });
    r = await api(port, 'POST', '/v1/collections/items/update', { filter: { name: 'fig' }, update: { $set: { _id: 'other' } } });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, '_id');
  });

  it('aggregation: $match, $group, $sort, $project, $limit', async () => {
    const r = await api<Docs>(port, 'POST', '/v1/collections/items/aggregate', {
      pipeline: [
        { $match: { price: { $gt: 0 } } },
        { $group: { _id: { $gt: ['$price', 3] }, n: { $sum: 1 }, total: { $sum: '$price' } } },
        { $sort: { _id: 1 } },
        { $project: { _id: 0, expensive: '$_id', n: 1, total: 1 } },
        { $limit: 5 },
      ],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.docs, [
      { n: 2, total: 3, expensive: false },
      { n: 3, total: 27, expensive: true },
    ]);
  });

  it('delete one and many', async () => {
    await api(port, 'POST', '/v1/collections/tmp/docs', { docs: [{ k: 1 }, { k: 1 }, { k: 2 }] });
    assert.equal((await api(port, 'POST', '/v1/collections/tmp/delete', { filter: { k: 1 } })).body.deleted, 1);
    assert.equal((await api(port, 'POST', '/v1/collections/tmp/delete', { filter: {}, multi: true })).body.deleted, 2);
    assert.equal((await api(port, 'POST', '/v1/collections/tmp/count', {})).body.count, 0);
  });

  it('requests are validated and errors name the bad field', async () => {
    let r = await api(port, 'POST', '/v1/collections/items/find', { filter: { price: 1 }, limit: -1 });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'limit');
    r = await api(port, 'POST', '/v1/collections/items/find', { fitler: {} });
    assert.equal((r.body.error as { field: string }).field, 'fitler');
    r = await api(port, 'POST', '/v1/collections/items/find', { filter: { price: { $nosuchop: 1 } } });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'filter');
    r = await api(port, 'POST', '/v1/collections/items/docs', '{"docs": [');
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { code: string }).code, 'invalid_json');
    r = await api(port, 'POST', '/v1/collections/items/docs', { docs: [{ _id: 2, name: 'dup' }] });
    assert.equal(r.status, 409);
  });
});

describe('indexes, the planner and schema validation', () => {
  let node: StorageNode;
  let port: number;
  before(async () => {
    node = await startNode();
    port = node.httpPort;
    const docs = Array.from({ length: 500 }, (_, i) => ({ _id: `u${i}`, email: `user${i}@x.io`, age: i % 90, city: ['Oslo', 'Lima', 'Pune', 'Kyiv'][i % 4], score: i * 1.5 }));
    await api(port, 'POST', '/v1/collections/users/docs', { docs });
  });
  after(() => node.close());

  const explain = async (filter: unknown, extra: Record<string, unknown> = {}): Promise<Docs> =>
    (await api<Docs>(port, 'POST', '/v1/collections/users/find', { filter, explain: true, ...extra })).body;

  it('uses B-tree indexes for equality, ranges and sort', async () => {
    let r = await explain({ age: { $gte: 10, $lt: 12 } });
    assert.equal(r.explain!.plan, 'COLLSCAN');
    const n = r.docs.length;
    await api(port, 'POST', '/v1/collections/users/indexes', { fields: ['age'] });
    r = await explain({ age: { $gte: 10, $lt: 12 } });
    assert.equal(r.explain!.plan, 'IXSCAN');
    assert.equal(r.explain!.index, 'age_1');
    assert.equal(r.docs.length, n);
    assert.equal(r.explain!.docsExamined, n);
    r = await explain({ age: { $gt: 5 } }, { sort: { age: -1 }, limit: 3 });
    assert.equal(r.explain!.sortedByIndex, true);
    assert.deepEqual(r.docs.map((d) => d.age), [89, 89, 89]);
    assert.ok((r.explain!.docsExamined as number) <= 3);
  });

  it('uses hash and compound indexes, and explains which', async () => {
    await api(port, 'POST', '/v1/collections/users/indexes', { fields: ['city'], type: 'hash' });
    await api(port, 'POST', '/v1/collections/users/indexes', { name: 'city_age', fields: ['city', { field: 'age', order: 1 }] });
    let r = await explain({ city: 'Lima' });
    assert.equal(r.explain!.index, 'city_hashed'.replace('city_hashed', 'city_1_hashed'));
    assert.equal(r.docs.length, 125);
    r = await explain({ city: 'Lima', age: { $lte: 9 } });
    assert.equal(r.explain!.index, 'city_age');
    assert.ok(r.docs.every((d) => d.city === 'Lima' && (d.age as number) <= 9));
    assert.equal(r.docs.length, r.explain!.docsExamined);
    r = await explain({ city: { $in: ['Oslo', 'Kyiv'] }, age: 4 });
    assert.equal(r.explain!.index, 'city_age');
    assert.deepEqual(r.docs.map((d) => d._id).sort(), ['u184', 'u364', 'u4'].sort());
  });

  it('unique indexes reject duplicates on insert and update, atomically', async () => {
    const ix = await api(port, 'POST', '/v1/collections/users/indexes', { fields: ['email'], unique: true });
    assert.equal(ix.status, 200, JSON.stringify(ix.body));
    let r = await api(port, 'POST', '/v1/collections/users/docs', { docs: [{ _id: 'new1', email: 'fresh@x.io' }, { _id: 'new2', email: 'user7@x.io' }] });
    assert.equal(r.status, 409);
    assert.match((r.body.error as { message: string }).message, /E11000 duplicate key/);
    assert.equal((r.body.error as { field: string }).field, 'email');
    r = await api(port, 'POST', '/v1/collections/users/count', { filter: { _id: 'new1' } });
    assert.equal(r.body.count, 0, 'the whole batch was rejected');
    r = await api(port, 'POST', '/v1/collections/users/update', { filter: { _id: 'u1' }, update: { $set: { email: 'user2@x.io' } } });
    assert.equal(r.status, 409);
    const ex = await explain({ email: 'user9@x.io' });
    assert.equal(ex.explain!.index, 'email_1');
    assert.equal(ex.docs.length, 1);
    const dup = await api(port, 'POST', '/v1/collections/users/indexes', { fields: ['city'], unique: true, name: 'city_unique' });
    assert.equal(dup.status, 409, 'building a unique index over duplicates fails');
  });

  it('keeps indexes right through updates and deletes', async () => {
    await api(port, 'POST', '/v1/collections/users/update', { filter: { _id: 'u3' }, update: { $set: { age: 200 } } });
    let r = await explain({ age: 200 });
    assert.deepEqual(r.docs.map((d) => d._id), ['u3']);
    r = await explain({ age: 3 });
    assert.ok(!r.docs.some((d) => d._id === 'u3'));
    await api(port, 'POST', '/v1/collections/users/delete', { filter: { _id: 'u3' } });
    r = await explain({ age: 200 });
    assert.equal(r.docs.length, 0);
    assert.equal(r.explain!.keysExamined, 0);
  });

  it('enforces a JSON Schema on every write, naming the field', async () => {
    const schema = { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, price: { type: 'number', minimum: 0 }, dims: { type: 'object', properties: { w: { type: 'number' } } } } };
    let r = await api(port, 'PUT', '/v1/collections/products', { schema });
    assert.equal(r.status, 200);
    r = await api(port, 'POST', '/v1/collections/products/docs', { docs: [{ sku: 'a', price: -1 }] });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'price');
    assert.match((r.body.error as { message: string }).message, /field "price" must be >= 0/);
    r = await api(port, 'POST', '/v1/collections/products/docs', { docs: [{ price: 1 }] });
    assert.equal((r.body.error as { field: string }).field, 'sku');
    r = await api(port, 'POST', '/v1/collections/products/docs', { docs: [{ sku: 'ok', dims: { w: 'wide' } }] });
    assert.equal((r.body.error as { field: string }).field, 'dims.w');
    r = await api(port, 'POST', '/v1/collections/products/docs', { docs: [{ sku: 'ok', price: 2 }] });
    assert.equal(r.status, 200);
    r = await api(port, 'POST', '/v1/collections/products/update', { filter: { sku: 'ok' }, update: { $set: { price: 'free' } } });
    assert.equal(r.status, 400);
    assert.equal((r.body.error as { field: string }).field, 'price');
    r = await api(port, 'PUT', '/v1/collections/products/schema', { schema: { type: 'object', required: ['color'] } });
    assert.equal(r.status, 400, 'a schema the existing documents break is refused');
  });
});
