/** Document find by an indexed field and by a range: our engine vs PostgreSQL JSONB with B-tree/GIN indexes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { fmt, postgres, progress, record, rng, skip, timed } from './util';

const NS = 'bench';
const COLL = 'orders';

export async function benchDocuments(quick: boolean): Promise<void> {
  const N = quick ? 50_000 : 1_000_000;
  const USERS = N / 10;
  const queries = quick ? 500 : 3000;
  const pg = await postgres();
  if (!pg) {
    skip('document find vs PostgreSQL JSONB', 'PostgreSQL is not reachable on 127.0.0.1:5432');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synq-bench-docs-'));
  const engine = new Engine({ dataDir: dir, log: pino({ level: 'warn' }) });
  try {
    // The same documents on both sides: userId (10 docs each), price (100 distinct cents values per unit).
    const doc = (i: number): Record<string, unknown> => ({ _id: i, userId: i % USERS, price: ((i * 7919) % 100_000) / 100, category: `c${i % 100}`, name: `order ${i}`, items: i % 7 });
    progress(`documents: loading ${N} documents into synq (B-tree indexes on userId and price)`);
    engine.documents.createCollection(NS, COLL, { indexes: [{ fields: ['userId'] }, { fields: ['price'] }] });
    const ours = await timed(() => {
      const B = 5000;
      for (let i = 0; i < N; i += B) {
        engine.documents.insert(NS, COLL, Array.from({ length: Math.min(B, N - i) }, (_, j) => doc(i + j)));
        if ((i + B) % (N / 5) === 0) progress(`documents: synq ${i + B}/${N}`);
      }
    });
    progress(`documents: synq load ${(ours.ms / 1000).toFixed(1)}s (${fmt((N / ours.ms) * 1000)} docs/s)`);
    progress(`documents: loading ${N} documents into PostgreSQL JSONB (server-side generate_series)`);
    const c = pg.client;
    const pgLoad = await timed(async () => {
      await c.query('CREATE TABLE orders (id bigint PRIMARY KEY, doc jsonb NOT NULL)');
      await c.query(
        `INSERT INTO orders SELECT i, jsonb_build_object('_id', i, 'userId', i % $2::bigint, 'price', ((i * 7919) % 100000) / 100.0, 'category', 'c' || (i % 100), 'name', 'order ' || i, 'items', i % 7) FROM generate_series(0, $1::bigint - 1) i`,
        [N, USERS],
      );
      await c.query("CREATE INDEX orders_user ON orders (((doc->>'userId')::bigint))");
      await c.query("CREATE INDEX orders_price ON orders (((doc->>'price')::numeric))");
      await c.query('CREATE INDEX orders_gin ON orders USING gin (doc jsonb_path_ops)');
      await c.query('ANALYZE orders');
    });
    progress(`documents: PostgreSQL load + indexes ${(pgLoad.ms / 1000).toFixed(1)}s`);

    const rand = rng(99);
    const users = Array.from({ length: queries }, () => Math.floor(rand() * USERS));
    const lows = Array.from({ length: queries }, () => Math.floor(rand() * 99_000) / 100);
    // Sanity: both sides return the same rows.
    const check = engine.documents.find(NS, COLL, { userId: users[0] }).docs.length;
    const pgCheck = (await c.query("SELECT doc FROM orders WHERE (doc->>'userId')::bigint = $1", [users[0]])).rowCount;
    if (check !== pgCheck) throw new Error(`row counts differ: synq ${check}, PostgreSQL ${pgCheck}`);

    const cases: { name: string; synq: (i: number) => number; pg: (i: number) => Promise<number> }[] = [
      {
        name: 'find by indexed field (userId = x, ~10 docs)',
        synq: (i) => engine.documents.find(NS, COLL, { userId: users[i] }).docs.length,
        pg: async (i) => (await c.query({ name: 'eq', text: "SELECT doc FROM orders WHERE (doc->>'userId')::bigint = $1", values: [users[i]] })).rowCount ?? 0,
      },
      {
        name: 'find by GIN containment / indexed field (category + userId)',
        synq: (i) => engine.documents.find(NS, COLL, { userId: users[i], category: `c${users[i] % 100}` }).docs.length,
        pg: async (i) => (await c.query({ name: 'gin', text: 'SELECT doc FROM orders WHERE doc @> $1::jsonb', values: [JSON.stringify({ userId: users[i], category: `c${users[i] % 100}` })] })).rowCount ?? 0,
      },
      {
        name: 'find by range (price in [x, x+0.5), ~500 docs)',
        synq: (i) => engine.documents.find(NS, COLL, { price: { $gte: lows[i], $lt: lows[i] + 0.5 } }).docs.length,
        pg: async (i) => (await c.query({ name: 'range', text: "SELECT doc FROM orders WHERE (doc->>'price')::numeric >= $1 AND (doc->>'price')::numeric < $2", values: [lows[i], lows[i] + 0.5] })).rowCount ?? 0,
      },
    ];
    for (const k of cases) {
      let rowsSynq = 0;
      let rowsPg = 0;
      const s = await timed(() => {
        for (let i = 0; i < queries; i++) rowsSynq += k.synq(i);
      });
      const p = await timed(async () => {
        for (let i = 0; i < queries; i++) rowsPg += await k.pg(i);
      });
      if (rowsSynq !== rowsPg) progress(`documents: WARNING row totals differ for "${k.name}": synq ${rowsSynq}, PostgreSQL ${rowsPg}`);
      const qs = (queries / s.ms) * 1000;
      const qp = (queries / p.ms) * 1000;
      record({ name: `documents ${k.name}, ${N} docs: synq (in-process) vs PostgreSQL JSONB`, ours: `${fmt(qs)} q/s`, baseline: `${fmt(qp)} q/s`, ratio: qs / qp, target: 1, note: `${(rowsSynq / queries).toFixed(0)} rows/query` });
    }
  } finally {
    await engine.close();
    await pg.done();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
