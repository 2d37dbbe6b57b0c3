/**
 * Time-series ingest, range reads and downsampling: our engine vs PostgreSQL (a table with a
 * B-tree on (series, t), `date_bin` for the buckets), twice:
 * - in-process (informational): the engine called directly against one pg connection, and
 *   ingest as the engine's own 100k-point batches against a server-side INSERT ... SELECT;
 * - like for like: the node in its own process through its HTTP API (keep-alive, CONCURRENCY
 *   requests in flight, after an untimed warm-up round on both sides) against PostgreSQL
 *   through a pg pool of CONCURRENCY; ingest as batches of HTTP_BATCH points, one request or
 *   one INSERT ... unnest each. Both sides' answers are checked against each other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Client, Pool } from 'pg';
import { Engine } from '../src/engine/engine';
import type { Bucket } from '../src/engine/timeseries';
import { spawnNode } from './node-process';
import { concurrently, fmt, postgres, progress, record, rng, skip, timed } from './util';

const NS = 'bench';
const T0 = Date.UTC(2026, 0, 1);
/** Requests in flight in the like-for-like comparison: a small application server's pool. */
const CONCURRENCY = 8;
/** Points per ingest request / INSERT over the wire (a metrics agent's flush). */
const HTTP_BATCH = 1000;
/** A range read: one hour of one series at one point per second. */
const RANGE_POINTS = 3600;
/** A dashboard's downsample: six hours of one series into 1-minute buckets. */
const WINDOW_MS = 6 * 3600_000;
const AGGS = ['avg', 'min', 'max', 'count'] as const;

/** What a query returned, to compare both sides: rows (points or buckets) and a checksum of their contents. */
interface Answer {
  rows: number;
  check: number;
}

// Times come back as epoch milliseconds (float8), as the node answers them: parsing a timestamptz into a Date costs
// the pg client more than the query costs the server (range reads ran at half the rate that way).
const PG_RANGE = 'SELECT (extract(epoch FROM t) * 1000)::float8 AS t, v FROM points WHERE series = $1 AND t BETWEEN to_timestamp($2::bigint / 1000.0) AND to_timestamp($3::bigint / 1000.0) ORDER BY t';
const PG_DOWNSAMPLE =
  "SELECT (extract(epoch FROM date_bin('1 minute', t, 'epoch')) * 1000)::float8 AS b, avg(v) AS avg, min(v) AS min, max(v) AS max, count(*)::int AS count FROM points WHERE series = $1 AND t BETWEEN to_timestamp($2::bigint / 1000.0) AND to_timestamp($3::bigint / 1000.0) GROUP BY date_bin('1 minute', t, 'epoch') ORDER BY date_bin('1 minute', t, 'epoch')";
const PG_INGEST = 'INSERT INTO points_ingest (series, t, v) SELECT $1::int, to_timestamp(u.t / 1000.0), u.v FROM unnest($2::bigint[], $3::float8[]) AS u(t, v)';

const pointsAnswer = (pts: [number, number][]): Answer => {
  let check = 0;
  for (const [t, v] of pts) check += v + (t - T0) * 1e-6;
  return { rows: pts.length, check };
};
const pgPointsAnswer = (rows: { t: number; v: number }[]): Answer => {
  let check = 0;
  for (const r of rows) check += r.v + (r.t - T0) * 1e-6;
  return { rows: rows.length, check };
};
const bucketsAnswer = (buckets: Bucket[]): Answer => {
  let check = 0;
  for (const b of buckets) check += b.avg + b.min + b.max + b.count + (b.t - T0) * 1e-6;
  return { rows: buckets.length, check };
};
const pgBucketsAnswer = (rows: { b: number; avg: number; min: number; max: number; count: number }[]): Answer => {
  let check = 0;
  for (const r of rows) check += r.avg + r.min + r.max + r.count + (r.b - T0) * 1e-6;
  return { rows: rows.length, check };
};

/** Runs `total` queries `concurrency` at a time and sums their answers. */
async function answers(concurrency: number, total: number, fn: (i: number) => Promise<Answer> | Answer): Promise<Answer> {
  let check = 0;
  const rows = await concurrently(concurrency, total, async (i) => {
    const a = await fn(i);
    check += a.check;
    return a.rows;
  });
  return { rows, check };
}

function sameAnswer(a: Answer, b: Answer): boolean {
  return a.rows === b.rows && Math.abs(a.check - b.check) <= 1e-9 * Math.max(1, Math.abs(a.check), Math.abs(b.check));
}

/** One batch of the like-for-like ingest: HTTP_BATCH points of series `s` starting at point `off`. */
function batchOf(j: number, series: number, seriesBase: number): { s: number; timestamps: number[]; values: number[] } {
  const s = j % series;
  const off = Math.floor(j / series) * HTTP_BATCH;
  const timestamps = new Array<number>(HTTP_BATCH);
  const values = new Array<number>(HTTP_BATCH);
  for (let i = 0; i < HTTP_BATCH; i++) {
    timestamps[i] = T0 + (off + i) * 1000;
    values[i] = ((off + i) % 600) / 6 + s;
  }
  return { s: seriesBase + s, timestamps, values };
}

export async function benchTimeseries(quick: boolean): Promise<void> {
  const SERIES = 10;
  const TOTAL = quick ? 500_000 : 10_000_000;
  const PER = TOTAL / SERIES;
  const HTTP_TOTAL = quick ? 500_000 : 2_000_000;
  const pg = await postgres();
  if (!pg) {
    skip('time-series vs PostgreSQL', 'PostgreSQL is not reachable on 127.0.0.1:5432');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synq-bench-ts-'));
  const engine = new Engine({ dataDir: dir, log: pino({ level: 'warn' }) });
  let engineOpen = true;
  try {
    // One point per second per series; values are a cheap deterministic wave.
    progress(`timeseries: synq ingest of ${TOTAL} points (${SERIES} series x ${PER}, batches of 100k, generation included)`);
    const BATCH = 100_000;
    const ours = await timed(() => {
      const ts = new Float64Array(BATCH);
      const vs = new Float64Array(BATCH);
      let done = 0;
      for (let s = 0; s < SERIES; s++) {
        engine.timeseries.create(NS, `cpu.${s}`, { tags: { host: `h${s}` } });
        for (let off = 0; off < PER; off += BATCH) {
          const n = Math.min(BATCH, PER - off);
          for (let i = 0; i < n; i++) {
            ts[i] = T0 + (off + i) * 1000;
            vs[i] = ((off + i) % 600) / 6 + s;
          }
          engine.timeseries.ingest(NS, `cpu.${s}`, ts.subarray(0, n), vs.subarray(0, n));
          done += n;
          if (done % (TOTAL / 5) === 0) progress(`timeseries: synq ${done}/${TOTAL}`);
        }
      }
    });
    const oursRate = (TOTAL / ours.ms) * 1000;
    progress(`timeseries: synq ingest ${(ours.ms / 1000).toFixed(1)}s = ${fmt(oursRate)} points/s`);

    const c = pg.client;
    await c.query('CREATE TABLE points (series int NOT NULL, t timestamptz NOT NULL, v double precision NOT NULL)');
    await c.query('CREATE INDEX points_series_t ON points (series, t)');
    progress(`timeseries: PostgreSQL ingest of ${TOTAL} points (server-side INSERT ... SELECT generate_series, B-tree on (series, t))`);
    const pgIngest = await timed(async () => {
      for (let s = 0; s < SERIES; s++) {
        await c.query(
          `INSERT INTO points SELECT $1::int, to_timestamp(($2::bigint + i * 1000) / 1000.0), (i % 600) / 6.0 + $1::int FROM generate_series(0, $3::bigint - 1) i`,
          [s, T0, PER],
        );
        progress(`timeseries: PostgreSQL ${(s + 1) * PER}/${TOTAL}`);
      }
    });
    const pgRate = (TOTAL / pgIngest.ms) * 1000;
    progress(`timeseries: PostgreSQL ingest ${(pgIngest.ms / 1000).toFixed(1)}s = ${fmt(pgRate)} points/s`);
    record({ name: `time-series ingest of ${TOTAL} points: synq (in-process, 100k-point batches) vs PostgreSQL (server-side INSERT ... SELECT)`, ours: `${fmt(oursRate)} points/s`, baseline: `${fmt(pgRate)} points/s`, ratio: oursRate / pgRate, target: null, note: 'informational' });
    await c.query('ANALYZE points');

    // The read cases: the same random series and windows on both sides.
    const rand = rng(7);
    const series = (n: number): number[] => Array.from({ length: n }, () => Math.floor(rand() * SERIES));
    const starts = (n: number, spanPoints: number): number[] => Array.from({ length: n }, () => T0 + Math.floor(rand() * (PER - spanPoints)) * 1000);
    // Rounds long enough to measure the node's steady state, not its fresh process's JIT.
    const rangeN = quick ? 1000 : 5000;
    const windowN = quick ? 1000 : 5000;
    const wholeN = 48;
    const rS = series(rangeN);
    const rFrom = starts(rangeN, RANGE_POINTS);
    const wS = series(windowN);
    const wFrom = starts(windowN, WINDOW_MS / 1000);
    interface ReadCase {
      name: string;
      queries: number;
      /** [series, from, to] of query i */
      args(i: number): [number, number, number];
      /** The engine's answer (in-process). */
      synq(s: number, from: number, to: number): Answer;
      /** The node's route and body. */
      http: 'range' | 'downsample';
      body(from: number, to: number): Record<string, unknown>;
      sql: string;
      pgAnswer(rows: never[]): Answer;
    }
    const cases: ReadCase[] = [
      {
        name: `range read of 1 hour (${RANGE_POINTS} points)`,
        queries: rangeN,
        args: (i) => [rS[i], rFrom[i], rFrom[i] + (RANGE_POINTS - 1) * 1000],
        synq: (s, from, to) => pointsAnswer(engine.timeseries.range(NS, `cpu.${s}`, from, to)),
        http: 'range',
        body: (from, to) => ({ from, to }),
        sql: PG_RANGE,
        pgAnswer: pgPointsAnswer,
      },
      {
        name: `1-minute downsample of 6 hours (${WINDOW_MS / 1000} points, avg/min/max/count)`,
        queries: windowN,
        args: (i) => [wS[i], wFrom[i], wFrom[i] + WINDOW_MS - 1],
        synq: (s, from, to) => bucketsAnswer(engine.timeseries.downsample(NS, `cpu.${s}`, from, to, 60_000, [...AGGS])),
        http: 'downsample',
        body: (from, to) => ({ from, to, bucketMs: 60_000, aggs: AGGS }),
        sql: PG_DOWNSAMPLE,
        pgAnswer: pgBucketsAnswer,
      },
      {
        name: `1-minute downsample of a whole series (${PER} points, avg/min/max/count)`,
        queries: wholeN,
        args: (i) => [i % SERIES, T0, T0 + (PER - 1) * 1000],
        synq: (s, from, to) => bucketsAnswer(engine.timeseries.downsample(NS, `cpu.${s}`, from, to, 60_000, [...AGGS])),
        http: 'downsample',
        body: (from, to) => ({ from, to, bucketMs: 60_000, aggs: AGGS }),
        sql: PG_DOWNSAMPLE,
        pgAnswer: pgBucketsAnswer,
      },
    ];
    const pgRead = (db: Client | Pool, k: ReadCase, i: number): Promise<Answer> => {
      const [s, from, to] = k.args(i);
      return db.query({ name: k.http === 'range' ? 'ts_range' : 'ts_downsample', text: k.sql, values: [s, from, to] }).then((r) => k.pgAnswer(r.rows as never[]));
    };

    // In-process (informational): engine calls against one pg connection, one query at a time.
    for (const k of cases) {
      const s = await timed(() => answers(1, k.queries, (i) => k.synq(...k.args(i))));
      const p = await timed(() => answers(1, k.queries, (i) => pgRead(c, k, i)));
      if (!sameAnswer(s.value, p.value)) progress(`timeseries: WARNING answers differ for "${k.name}": synq ${JSON.stringify(s.value)}, PostgreSQL ${JSON.stringify(p.value)}`);
      const qs = (k.queries / s.ms) * 1000;
      const qp = (k.queries / p.ms) * 1000;
      record({ name: `time-series ${k.name}, ${TOTAL} points stored: synq (in-process) vs PostgreSQL`, ours: `${fmt(qs)} q/s`, baseline: `${fmt(qp)} q/s`, ratio: qs / qp, target: null, note: `${(s.value.rows / k.queries).toFixed(0)} rows/query, informational` });
    }

    // Like for like: the node in its own process, as PostgreSQL is.
    await engine.close();
    engineOpen = false;
    const node = await spawnNode(dir, { namespace: NS, concurrency: CONCURRENCY });
    const pool = pg.pool(CONCURRENCY);
    try {
      await c.query('CREATE TABLE points_ingest (series int NOT NULL, t timestamptz NOT NULL, v double precision NOT NULL)');
      await c.query('CREATE INDEX points_ingest_series_t ON points_ingest (series, t)');
      const batches = HTTP_TOTAL / HTTP_BATCH;
      const warmBatches = Math.max(CONCURRENCY * 4, Math.floor(batches / 4));
      // The columnar form ({timestamps, values}) on the node, arrays through unnest on PostgreSQL.
      const nodeIngest = (seriesBase: number) => async (j: number): Promise<number> => {
        const b = batchOf(j, SERIES, seriesBase);
        return (await node.post<{ written: number }>(`/v1/series/ingest.${b.s}/points`, { timestamps: b.timestamps, values: b.values })).written;
      };
      const pgIngestBatch = (seriesBase: number) => async (j: number): Promise<number> => {
        const b = batchOf(j, SERIES, seriesBase);
        return (await pool.query({ name: 'ts_ingest', text: PG_INGEST, values: [b.s, b.timestamps, b.values] })).rowCount ?? 0;
      };
      progress(`timeseries over HTTP: ingest of ${HTTP_TOTAL} points in batches of ${HTTP_BATCH} (${SERIES} series, ${CONCURRENCY} in flight), after ${warmBatches} warm-up batches on other series`);
      await concurrently(CONCURRENCY, warmBatches, nodeIngest(100));
      await concurrently(CONCURRENCY, warmBatches, pgIngestBatch(100));
      const si = await timed(() => concurrently(CONCURRENCY, batches, nodeIngest(0)));
      const pi = await timed(() => concurrently(CONCURRENCY, batches, pgIngestBatch(0)));
      // Both hold the same points: count and sum per side.
      let nodeCount = 0;
      let nodeSum = 0;
      for (let s = 0; s < SERIES; s++) {
        const r = await node.post<{ buckets: Bucket[] }>(`/v1/series/ingest.${s}/downsample`, { from: 0, to: T0 * 2, bucketMs: 1e12, aggs: ['count', 'sum'] });
        for (const b of r.buckets) (nodeCount += b.count), (nodeSum += b.sum);
      }
      const pgTotals = (await c.query<{ n: string; sum: number }>('SELECT count(*) AS n, sum(v) AS sum FROM points_ingest WHERE series < 100')).rows[0];
      if (si.value !== pi.value || nodeCount !== Number(pgTotals.n) || nodeCount !== HTTP_TOTAL || Math.abs(nodeSum - pgTotals.sum) > 1e-9 * Math.abs(nodeSum)) {
        progress(`timeseries: WARNING ingested points differ: synq wrote ${si.value}, holds ${nodeCount} (sum ${nodeSum}); PostgreSQL wrote ${pi.value}, holds ${pgTotals.n} (sum ${pgTotals.sum})`);
      }
      const is = (HTTP_TOTAL / si.ms) * 1000;
      const ip = (HTTP_TOTAL / pi.ms) * 1000;
      progress(`timeseries over HTTP: ingest synq ${fmt(is)} points/s (${fmt((batches / si.ms) * 1000)} req/s), PostgreSQL (pg pool, INSERT ... unnest) ${fmt(ip)} points/s`);
      record({ name: `time-series ingest of ${HTTP_TOTAL} points in batches of ${HTTP_BATCH}: synq over HTTP vs PostgreSQL INSERT ... unnest through pg (${CONCURRENCY} in flight)`, ours: `${fmt(is)} points/s`, baseline: `${fmt(ip)} points/s`, ratio: is / ip, target: 1 });

      for (const k of cases) {
        const nodeRead = async (i: number): Promise<Answer> => {
          const [s, from, to] = k.args(i);
          const r = await node.post<{ points?: [number, number][]; buckets?: Bucket[] }>(`/v1/series/cpu.${s}/${k.http}`, k.body(from, to));
          return k.http === 'range' ? pointsAnswer(r.points!) : bucketsAnswer(r.buckets!);
        };
        const pgPoolRead = (i: number): Promise<Answer> => pgRead(pool, k, i);
        // A warm-up round, untimed, on both sides: the node process is fresh (JIT, caches).
        await answers(CONCURRENCY, k.queries, nodeRead);
        await answers(CONCURRENCY, k.queries, pgPoolRead);
        const s = await timed(() => answers(CONCURRENCY, k.queries, nodeRead));
        const p = await timed(() => answers(CONCURRENCY, k.queries, pgPoolRead));
        if (!sameAnswer(s.value, p.value)) progress(`timeseries: WARNING answers differ over HTTP for "${k.name}": synq ${JSON.stringify(s.value)}, PostgreSQL ${JSON.stringify(p.value)}`);
        const qs = (k.queries / s.ms) * 1000;
        const qp = (k.queries / p.ms) * 1000;
        progress(`timeseries over HTTP: ${k.name}: synq ${fmt(qs)} q/s, PostgreSQL (pg pool) ${fmt(qp)} q/s`);
        record({ name: `time-series ${k.name}, ${TOTAL} points stored: synq over HTTP vs PostgreSQL through pg (${CONCURRENCY} in flight)`, ours: `${fmt(qs)} q/s`, baseline: `${fmt(qp)} q/s`, ratio: qs / qp, target: 1 });
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
