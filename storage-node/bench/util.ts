/** Shared benchmark helpers: free ports, timing, progress lines, the results table, PostgreSQL access. */
import net from 'node:net';
import { Client, Pool } from 'pg';

export interface Ratio {
  name: string;
  ours: string;
  baseline: string;
  ratio: number | null;
  target: number | null;
  note?: string;
}

export const results: Ratio[] = [];

export function progress(msg: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function skip(what: string, why: string): void {
  process.stdout.write(`SKIP ${what}: ${why}\n`);
  results.push({ name: what, ours: '-', baseline: '-', ratio: null, target: null, note: `skipped: ${why}` });
}

export function record(r: Ratio): void {
  results.push(r);
  const verdict = r.ratio === null || r.target === null ? '' : r.ratio >= r.target ? ' (meets target)' : ' (BELOW target)';
  progress(`RESULT ${r.name}: ours ${r.ours} vs ${r.baseline} => ${r.ratio === null ? 'n/a' : r.ratio.toFixed(2) + 'x'}${r.target !== null ? ` target >= ${r.target}x` : ''}${verdict}${r.note ? ` [${r.note}]` : ''}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs `fn(0..total-1)` with `concurrency` calls in flight at once (as a server's clients would). */
export async function concurrently(concurrency: number, total: number, fn: (i: number) => Promise<number>): Promise<number> {
  let next = 0;
  let sum = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const n = await fn(next++); // (not `sum += await ...`: that reads sum before awaiting)
      sum += n;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sum;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

export function fmt(n: number, unit = ''): string {
  const s = n >= 1e6 ? (n / 1e6).toFixed(2) + 'M' : n >= 1e4 ? (n / 1e3).toFixed(1) + 'k' : n.toFixed(n < 10 ? 2 : 0);
  return s + unit;
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pgConfig = (): { host: string; port: number; user: string; database: string; password?: string } => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
  password: process.env.PGPASSWORD,
});

/**
 * A PostgreSQL client in a private schema (dropped by `done`), or null when unreachable; `pool(n)`
 * opens n more connections on the same schema (as a server application would use it).
 */
export async function postgres(): Promise<{ client: Client; pool(size: number): Pool; done: () => Promise<void> } | null> {
  const client = new Client(pgConfig());
  try {
    await client.connect();
  } catch (e) {
    process.stdout.write(`PostgreSQL unreachable: ${(e as Error).message}\n`);
    return null;
  }
  const schema = `synq_bench_${process.pid}`;
  await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return {
    client,
    pool: (size) => new Pool({ ...pgConfig(), max: size, options: `-c search_path=${schema}` }),
    done: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
