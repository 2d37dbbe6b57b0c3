import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { api, sleep, spawnNode, tempDir, type ChildNode } from './helpers';

describe('crash safety: kill -9 during writes loses no acknowledged write', () => {
  const dataDir = tempDir('crash');
  let node: ChildNode | undefined;
  const clients: Redis[] = [];

  after(async () => {
    clients.forEach((c) => c.disconnect());
    if (node && node.proc.exitCode === null) {
      node.proc.kill('SIGKILL');
      await node.exited;
    }
  });

  it('keeps every acknowledged KV, document, vector and time-series write', async () => {
    node = await spawnNode(dataDir);
    const { respPort, httpPort } = node;
    await api(httpPort, 'PUT', '/v1/vectors/v', { dimension: 4, metric: 'euclidean' });
    const ackedKeys: string[] = [];
    const ackedDocs: number[] = [];
    const ackedVectors: number[] = [];
    const ackedPoints: number[] = [];
    let stop = false;
    const writers: Promise<void>[] = [];
    for (let w = 0; w < 8; w++) {
      const c = new Redis({ port: respPort, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      c.on('error', () => undefined);
      clients.push(c);
      await new Promise((r) => c.once('ready', r));
      writers.push((async () => {
        for (let i = 0; !stop; i++) {
          // Pipelines of 20 so plenty of writes are in flight when the node dies.
          const p = c.pipeline();
          for (let j = 0; j < 20; j++) p.set(`w${w}:${i}:${j}`, `v${i}.${j}`);
          try {
            const res = await p.exec();
            res!.forEach(([err], j) => err === null && ackedKeys.push(`w${w}:${i}:${j}`));
            // Failed commands resolve at once: stop rather than spin without yielding.
            if (res!.some(([err]) => err !== null)) return;
          } catch {
            return;
          }
        }
      })());
    }
    writers.push((async () => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await api(httpPort, 'POST', '/v1/collections/c/docs', { docs: [{ _id: i, n: i }] });
          if (r.status === 200) ackedDocs.push(i);
          const v = await api(httpPort, 'POST', '/v1/vectors/v/upsert', { items: [{ id: i, vector: [i, 1, 2, 3] }] });
          if (v.status === 200) ackedVectors.push(i);
          const t = await api(httpPort, 'POST', '/v1/series/s/points', { points: [[1_000_000 + i, i]] });
          if (t.status === 200) ackedPoints.push(i);
        } catch {
          return;
        }
      }
    })());
    await sleep(1500);
    node.proc.kill('SIGKILL');
    await node.exited;
    stop = true;
    await Promise.all(writers);
    clients.forEach((c) => c.disconnect());
    assert.ok(ackedKeys.length > 1000, `only ${ackedKeys.length} KV writes were acknowledged`);
    assert.ok(ackedDocs.length > 5);

    node = await spawnNode(dataDir);
    const check = new Redis({ port: node.respPort });
    clients.push(check);
    for (let i = 0; i < ackedKeys.length; i += 500) {
      const batch = ackedKeys.slice(i, i + 500);
      const vals = await check.mget(...batch);
      vals.forEach((v, j) => assert.equal(v, `v${batch[j].split(':')[1]}.${batch[j].split(':')[2]}`, `lost ${batch[j]}`));
    }
    // Every acknowledged document, with its content.
    const docs = await api<{ docs: { _id: number; n: number }[] }>(node.httpPort, 'POST', '/v1/collections/c/find', { filter: { _id: { $in: ackedDocs } } });
    const found = new Map(docs.body.docs.map((d) => [d._id, d.n]));
    for (const i of ackedDocs) assert.equal(found.get(i), i, `lost document ${i}`);
    // Every acknowledged vector, exactly: its distance from [0, 1, 2, 3] is its id.
    const info = await api<{ count: number }>(node.httpPort, 'GET', '/v1/vectors/v');
    assert.ok(info.body.count >= ackedVectors.length);
    const hits = await api<{ hits: { id: number; distance: number }[] }>(node.httpPort, 'POST', '/v1/vectors/v/search', { vector: [0, 1, 2, 3], k: 10_000, filter: { id: { $in: ackedVectors } } });
    const distance = new Map(hits.body.hits.map((h) => [h.id, h.distance]));
    for (const i of ackedVectors) assert.ok(Math.abs((distance.get(i) ?? NaN) - i) < 1e-3, `lost vector ${i} (distance ${distance.get(i)})`);
    const last = ackedVectors[ackedVectors.length - 1];
    const hit = await api<{ hits: { id: number }[] }>(node.httpPort, 'POST', '/v1/vectors/v/search', { vector: [last, 1, 2, 3], k: 1 });
    assert.equal(hit.body.hits[0].id, last, 'the vector index was rebuilt from the store');
    // Every acknowledged time-series point, with its value.
    const pts = await api<{ points: [number, number][] }>(node.httpPort, 'POST', '/v1/series/s/range', { from: 0, to: 2_000_000 });
    const value = new Map(pts.body.points.map(([t, v]) => [t, v]));
    for (const i of ackedPoints) assert.equal(value.get(1_000_000 + i), i, `lost point ${i}`);
    check.disconnect();
    node.proc.kill('SIGTERM');
    assert.equal(await node.exited, 0);
  });
});
