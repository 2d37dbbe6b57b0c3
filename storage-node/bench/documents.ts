/**
 * Document find by an indexed field, by containment and by a range: our engine vs PostgreSQL
 * JSONB with B-tree/GIN indexes, both in-process-ish (engine calls vs one pg connection) and like
 * for like (the node's HTTP API with keep-alive vs PostgreSQL through a pg pool, the same number
 * of requests in flight).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { spawnNode } from './node-process';
import { concurrently, cpuDuring, fmt, postgres, postgresPids, progress, record, rng, skip, timed } from './util';

const NS = 'bench';
const COLL = 'orders';
/** Requests in flight in the like-for-like comparison: a small application server's pool. */
const CONCURRENCY = 8;

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
  let engineOpen = true;
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

    const pgText: Record<string, string> = {
      eq: "SELECT doc FROM orders WHERE (doc->>'userId')::bigint = $1",
      gin: 'SELECT doc FROM orders WHERE doc @> $1::jsonb',
      range: "SELECT doc FROM orders WHERE (doc->>'price')::numeric >= $1 AND (doc->>'price')::numeric < $2",
    };
    const pgValues: Record<string, (i: number) => unknown[]> = {
      eq: (i) => [users[i]],
      gin: (i) => [JSON.stringify({ userId: users[i], category: `c${users[i] % 100}` })],
      range: (i) => [lows[i], lows[i] + 0.5],
    };
    const filters: Record<string, (i: number) => Record<string, unknown>> = {
      eq: (i) => ({ userId: users[i] }),
      gin: (i) => ({ userId: users[i], category: `c${users[i] % 100}` }),
      range: (i) => ({ price: { $gte: lows[i], $lt: lows[i] + 0.5 } }),
    };
    const cases: { name: string; filter: string; synq: (i: number) => number; pg: (i: number) => Promise<number> }[] = [
      {
        name: 'find by indexed field (userId = x, ~10 docs)',
        filter: 'eq',
        synq: (i) => engine.documents.find(NS, COLL, filters.eq(i)).docs.length,
        pg: async (i) => (await c.query({ name: 'eq', text: pgText.eq, values: pgValues.eq(i) })).rowCount ?? 0,
      },
      {
        name: 'find by GIN containment / indexed field (category + userId)',
        filter: 'gin',
        synq: (i) => engine.documents.find(NS, COLL, filters.gin(i)).docs.length,
        pg: async (i) => (await c.query({ name: 'gin', text: pgText.gin, values: pgValues.gin(i) })).rowCount ?? 0,
      },
      {
        name: 'find by range (price in [x, x+0.5), ~500 docs)',
        filter: 'range',
        synq: (i) => engine.documents.find(NS, COLL, filters.range(i)).docs.length,
        pg: async (i) => (await c.query({ name: 'range', text: pgText.range, values: pgValues.range(i) })).rowCount ?? 0,
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
      record({ name: `documents ${k.name}, ${N} docs: synq (in-process) vs PostgreSQL JSONB`, ours: `${fmt(qs)} q/s`, baseline: `${fmt(qp)} q/s`, ratio: qs / qp, target: null, note: `${(rowsSynq / queries).toFixed(0)} rows/query, informational` });
    }

    // Like for like: the node as a client reaches it (HTTP, keep-alive, CONCURRENCY in flight)
    // against PostgreSQL as a client reaches it (pg, a pool of CONCURRENCY connections).
    await engine.close();
    engineOpen = false;
    // In its own process, as PostgreSQL is: the bench's HTTP client does not share its event loop.
    const node = await spawnNode(dir, { namespace: NS, concurrency: CONCURRENCY });
    const httpFind = async (filter: Record<string, unknown>): Promise<number> => (await node.post<{ docs: unknown[] }>(`/v1/collections/${COLL}/find`, { filter })).docs.length;
    const pool = pg.pool(CONCURRENCY);
    // Longer rounds than in-process: a few hundred requests measure the fresh process's JIT
    // warm-up rather than its steady state (0.2x-0.5x swings in quick runs).
    const rounds = quick ? 5000 : 20_000;
    // A node is a long-running server: measure it warm. A fresh process took about 30,000
    // requests to reach its steady rate (3.5k q/s in the first 10,000, 7.5k from the fourth);
    // the first case warms what every case shares (HTTP, routing, JSON), the others their own paths.
    const warmFirst = quick ? 30_000 : 40_000;
    const micros = (v: number | null, n: number): string => (v === null ? 'n/a' : `${(v / n).toFixed(0)} µs`);
    try {
      for (const [c, k] of cases.entries()) {
        const filter = (i: number) => filters[k.filter](i % queries);
        const pgQuery = async (i: number): Promise<number> => (await pool.query({ name: k.filter, text: pgText[k.filter], values: pgValues[k.filter](i % queries) })).rowCount ?? 0;
        // An untimed warm-up on both sides.
        const warm = c === 0 ? warmFirst : rounds;
        await concurrently(CONCURRENCY, warm, (i) => httpFind(filter(i)));
        await concurrently(CONCURRENCY, warm, pgQuery);
        // CPU per request of each server (the node's process; every postgres process, backends
        // and all) and of the client (this process), beside the rates.
        const s = await cpuDuring(() => [node.pid], () => concurrently(CONCURRENCY, rounds, (i) => httpFind(filter(i))));
        const p = await cpuDuring(postgresPids, () => concurrently(CONCURRENCY, rounds, pgQuery));
        if (s.value !== p.value) progress(`documents: WARNING row totals differ over HTTP for "${k.name}": synq ${s.value}, PostgreSQL ${p.value}`);
        const qs = (rounds / s.ms) * 1000;
        const qp = (rounds / p.ms) * 1000;
        const cpu = `server CPU per request: node ${micros(s.serverMicros, rounds)}, PostgreSQL ${micros(p.serverMicros, rounds)}; client: ${micros(s.clientMicros, rounds)} (http), ${micros(p.clientMicros, rounds)} (pg)`;
        progress(`documents over HTTP: ${k.name}: synq ${fmt(qs)} q/s, PostgreSQL (pg pool) ${fmt(qp)} q/s; ${cpu}`);
        record({ name: `documents ${k.name}, ${N} docs: synq over HTTP vs PostgreSQL through pg (${CONCURRENCY} in flight)`, ours: `${fmt(qs)} q/s`, baseline: `${fmt(qp)} q/s`, ratio: qs / qp, target: 1, note: cpu });
      }
    } finally {
      await pool.end();
      await node.stop();
    }
  } finally {
    if (engineOpen) await engine.close();
    await pg.done();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
