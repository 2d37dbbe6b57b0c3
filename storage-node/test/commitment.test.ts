/**
 * Storage commitments over the node's real data: the native chunk hasher against the SDK's
 * reference tree, and snapshots (deterministic, complete, provable, damage detected).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CHUNK_SIZE, SEGMENTS_PER_CHUNK, StorageTree, chunkLeaf, verifyChallengeProof } from '@synq/sdk';
import { loadNative } from '../src/native';
import { SnapshotStore, snapshotRecords, SNAPSHOT_TABLES } from '../src/network/snapshot';
import { api, startNode } from './helpers';

describe('storage commitments', () => {
  it('the native chunk leaves are the SDK reference tree leaves, byte for byte', () => {
    const native = loadNative();
    for (const size of [1, 63, 64, 4095, 4096, 4097, 3 * CHUNK_SIZE, 5 * CHUNK_SIZE + 100]) {
      const data = randomBytes(size);
      const reference = new StorageTree(data);
      const leaves = native.storageChunkLeaves(data, 0);
      assert.equal(leaves.length, reference.chunkCount * 32, `size ${size}`);
      for (let i = 0; i < reference.chunkCount; i++) {
        assert.deepEqual(leaves.subarray(i * 32, i * 32 + 32), chunkLeaf(i, reference.segmentTree(i).root), `size ${size}, chunk ${i}`);
      }
    }
    // Numbered from an offset: the leaves of chunks 7.. of a longer stream.
    const data = randomBytes(2 * CHUNK_SIZE);
    const reference = new StorageTree(Buffer.concat([Buffer.alloc(7 * CHUNK_SIZE), data]));
    assert.deepEqual(native.storageChunkLeaves(data, 7).subarray(32, 64), chunkLeaf(8, reference.segmentTree(8).root));
    assert.throws(() => native.storageChunkLeaves(data, -1), /non-negative integer/);
  });

  it('snapshots every model deterministically; the root is the reference root; every proof verifies', async () => {
    const node = await startNode();
    try {
      const port = node.httpPort;
      assert.equal((await api(port, 'PUT', '/v1/kv/alpha', { value: 'one' })).status, 200);
      const ok = async (p: Promise<{ status: number }>): Promise<void> => assert.equal((await p).status, 200);
      await ok(api(port, 'POST', '/v1/collections/books/docs', { docs: [{ _id: 'b1', title: 'Proofs' }] }));
      await ok(api(port, 'PUT', '/v1/vectors/v', { dimension: 3, metric: 'cosine' }));
      await ok(api(port, 'POST', '/v1/vectors/v/upsert', { items: [{ id: 'x', vector: [1, 0, 0], metadata: { tag: 'first' } }] }));
      await ok(api(port, 'PUT', '/v1/series/temps', { tags: { room: 'lab' } }));
      await ok(api(port, 'POST', '/v1/series/temps/points', { points: [[1_700_000_000_000, 21.5]] }));
      // Enough bytes for several chunks.
      for (let i = 0; i < 40; i++) await api(port, 'PUT', `/v1/kv/bulk${i}`, { value: 'x'.repeat(500) });

      const store = new SnapshotStore(node.dataDir);
      const first = await store.build(node.engine);
      const data = fs.readFileSync(path.join(store.dir, `${first.rootHex}.data`));
      const reference = new StorageTree(data);
      assert.ok(first.chunkCount >= 5);
      assert.equal(reference.root.toString('hex'), first.rootHex);
      assert.equal(first.size, data.length);

      const tables = new Set([...snapshotRecords(data)].map((r) => r.table));
      for (const t of Object.values(SNAPSHOT_TABLES)) assert.ok(tables.has(t), `table ${t} is in the snapshot`);
      const records = [...snapshotRecords(data)];
      assert.ok(records.some((r) => r.table === SNAPSHOT_TABLES.kv && r.value.includes(Buffer.from('one'))));
      assert.ok(records.some((r) => r.table === SNAPSHOT_TABLES.vectors && r.value.includes(Buffer.from('first'))));

      // Reads and usage counters change nothing; the same data gives the same root.
      await api(port, 'GET', '/v1/kv/alpha');
      node.engine.usage.flush();
      const again = await store.build(node.engine);
      assert.equal(again.rootHex, first.rootHex);

      for (let c = 0; c < first.chunkCount; c++) {
        for (const s of [0, 17, SEGMENTS_PER_CHUNK - 1]) {
          const proof = store.prove(first.root, c, s);
          assert.deepEqual(proof, reference.prove(c, s), `chunk ${c} segment ${s}`);
          assert.ok(verifyChallengeProof(first.root, c, s, proof));
        }
      }

      // A write changes the root; pruning keeps only what is named.
      await api(port, 'PUT', '/v1/kv/alpha', { value: 'two' });
      const second = await store.build(node.engine);
      assert.notEqual(second.rootHex, first.rootHex);
      assert.deepEqual(store.prune([second.root]), [first.rootHex]);
      assert.deepEqual(store.list(), [second.rootHex]);

      // Damage on disk: the proof no longer leads to the root.
      const file = path.join(store.dir, `${second.rootHex}.data`);
      const bytes = fs.readFileSync(file);
      bytes[CHUNK_SIZE + 5] ^= 0xff;
      fs.writeFileSync(file, bytes);
      assert.equal(verifyChallengeProof(second.root, 1, 0, store.prove(second.root, 1, 0)), false);
      assert.equal(verifyChallengeProof(second.root, 0, 0, store.prove(second.root, 0, 0)), true, 'other chunks still prove');
    } finally {
      await node.close();
    }
  });
});
