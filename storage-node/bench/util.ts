/** Shared benchmark helpers: free ports, timing, progress lines, the results table, PostgreSQL access. */
import net from 'node:net';
import { Client } from 'pg';

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

/** A PostgreSQL client in a private schema (dropped by `done`), or null when unreachable. */
export async function postgres(): Promise<{ client: Client; done: () => Promise<void> } | null> {
  const client = new Client({ host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres', database: process.env.PGDATABASE ?? 'test', password: process.env.PGPASSWORD });
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
    done: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
