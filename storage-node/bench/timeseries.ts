/** Time-series ingest of 10M points and a 1-minute downsample: our engine vs PostgreSQL. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { fmt, postgres, progress, record, skip, timed } from './util';

const NS = 'bench';
const T0 = Date.UTC(2026, 0, 1);

export async function benchTimeseries(quick: boolean): Promise<void> {
  const SERIES = 10;
  const TOTAL = quick ? 500_000 : 10_000_000;
  const PER = TOTAL / SERIES;
  const pg = await postgres();
  if (!pg) {
    skip('time-series vs PostgreSQL', 'PostgreSQL is not reachable on 127.0.0.1:5432');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synq-bench-ts-'));
  const engine = new Engine({ dataDir: dir, log: pino({ level: 'warn' }) });
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
        progress(`timeseries: PostgreSQL ${((s + 1) * PER)}/${TOTAL}`);
      }
    });
    const pgRate = (TOTAL / pgIngest.ms) * 1000;
    progress(`timeseries: PostgreSQL ingest ${(pgIngest.ms / 1000).toFixed(1)}s = ${fmt(pgRate)} points/s`);
    record({ name: `time-series ingest of ${TOTAL} points: synq (in-process) vs PostgreSQL`, ours: `${fmt(oursRate)} points/s`, baseline: `${fmt(pgRate)} points/s`, ratio: oursRate / pgRate, target: 5 });

    // 1-minute downsample of one whole series.
    const from = T0;
    const to = T0 + (PER - 1) * 1000;
    const runs = quick ? 3 : 3;
    const s = await timed(() => {
      let buckets = 0;
      for (let r = 0; r < runs; r++) buckets = engine.timeseries.downsample(NS, 'cpu.3', from, to, 60_000, ['avg', 'min', 'max', 'count']).length;
      return buckets;
    });
    await c.query('ANALYZE points');
    const p = await timed(async () => {
      let buckets = 0;
      for (let r = 0; r < runs; r++) {
        const res = await c.query(
          `SELECT date_bin('1 minute', t, 'epoch') AS b, avg(v), min(v), max(v), count(*) FROM points WHERE series = 3 AND t BETWEEN to_timestamp($1 / 1000.0) AND to_timestamp($2 / 1000.0) GROUP BY b ORDER BY b`,
          [from, to],
        );
        buckets = res.rowCount ?? 0;
      }
      return buckets;
    });
    if (s.value !== p.value) progress(`timeseries: WARNING bucket counts differ: synq ${s.value}, PostgreSQL ${p.value}`);
    record({ name: `time-series 1-minute downsample of ${PER} points (${s.value} buckets): synq vs PostgreSQL`, ours: `${(s.ms / runs).toFixed(0)} ms`, baseline: `${(p.ms / runs).toFixed(0)} ms`, ratio: p.ms / s.ms, target: null, note: 'speed-up' });
  } finally {
    await engine.close();
    await pg.done();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
