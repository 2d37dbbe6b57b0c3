/**
 * The periodic save of a vector graph runs on a worker thread (hnswlib's writeIndex): a graph
 * of millions of vectors takes seconds to write, and written on the JS thread every minute it
 * held every client that long. While it writes, nothing may change the graph: upserts wait as
 * pending vectors (searched exactly), deletes are applied when the write ends, and searches
 * see every change at once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { rng, tempDir } from './helpers';

const NS = 'ns';
const DIM = 256;
const N = 50_000;

describe('vector graph saves in the background', function () {
  this.timeout(180_000);
  const rand = rng(5);
  const vector = (): number[] => Array.from({ length: DIM }, rand);
  const dataDir = tempDir('vector-save');
  let engine: Engine;
  const vectors: number[][] = [];

  before(() => {
    engine = new Engine({ dataDir, log: pino({ level: 'silent' }) });
    // A cheap graph to build (m 4, efConstruction 10) that is still ~60 MB to write.
    engine.vectors.create(NS, 'big', { dimension: DIM, metric: 'euclidean', m: 4, efConstruction: 10 });
    for (let b = 0; b < N; b += 5000) {
      const items = Array.from({ length: 5000 }, (_, i) => {
        const v = vector();
        vectors.push(v);
        return { id: b + i, vector: v };
      });
      engine.vectors.upsert(NS, 'big', items);
    }
  });

  after(async () => {
    await engine.close();
  });

  const nearest = (v: number[], k = 1): (string | number)[] => engine.vectors.search(NS, 'big', v, k, { ef: 1000 }).map((h) => h.id);
  const drained = async (): Promise<void> => {
    for (let i = 0; i < 6000 && engine.vectors.info(NS, 'big').indexing > 0; i++) await new Promise((r) => setImmediate(r));
    assert.equal(engine.vectors.info(NS, 'big').indexing, 0);
  };

  it('writes off the JS thread, and the changes made meanwhile are searched at once and kept', async () => {
    await drained();
    let timerFired = false;
    let savedBeforeTimer = false;
    setTimeout(() => (timerFired = true), 0);
    const saving = engine.vectors.saveInBackground().then(() => {
      savedBeforeTimer = !timerFired;
    });
    // While the graph is written: an insert, a replacement and a delete.
    const fresh = vector();
    const replaced = vector();
    engine.vectors.upsert(NS, 'big', [{ id: 'fresh', vector: fresh }, { id: 7, vector: replaced }]);
    assert.equal(engine.vectors.delete(NS, 'big', [3]).deleted, 1);
    assert.deepEqual(nearest(fresh), ['fresh']);
    assert.deepEqual(nearest(replaced), [7]);
    assert.ok(!nearest(vectors[3], 5).includes(3), 'a deleted vector is not found');
    assert.equal(engine.vectors.info(NS, 'big').count, N);
    await saving;
    assert.equal(savedBeforeTimer, false, 'the event loop ran while the graph was written');
    await drained();
    assert.deepEqual(nearest(fresh), ['fresh']);
    assert.deepEqual(nearest(replaced), [7]);
    assert.ok(!nearest(vectors[3], 5).includes(3));
  });

  it('a graph changed during its save is saved again on close, and reloads as it was', async () => {
    const dir = path.join(dataDir, 'vectors');
    assert.ok(fs.readdirSync(dir).some((f) => f.endsWith('.hnsw')), 'the background save wrote a graph');
    assert.ok(!fs.readdirSync(dir).some((f) => f.endsWith('.tmp')));
    const before = nearest(vectors[42], 5);
    await engine.close();
    engine = new Engine({ dataDir, log: pino({ level: 'silent' }) });
    assert.equal(engine.vectors.info(NS, 'big').count, N);
    assert.deepEqual(nearest(vectors[42], 5), before);
    assert.ok(!nearest(vectors[3], 5).includes(3));
    assert.equal(nearest(vectors[7], 1)[0] === 7, false, 'id 7 holds its replacement');
  });
});
