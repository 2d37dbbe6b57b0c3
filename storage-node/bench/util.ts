/** Shared benchmark helpers: free ports, timing, progress lines, the results table, PostgreSQL access. */
import fs from 'node:fs';
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

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build that matters). */
const USER_HZ = 100;

/** CPU time (user + system, µs) process `pid` has used so far, from /proc; null where there is none. */
export function cpuMicros(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ; // utime, stime
  } catch {
    return null;
  }
}

/** The local PostgreSQL server's processes (comm "postgres"): empty when it runs elsewhere. */
export function postgresPids(): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      return fs.readFileSync(`/proc/${e}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  }).map(Number);
}

/** CPU time of each of `pids` now (those that have gone are left out). */
function cpuOf(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const micros = cpuMicros(pid);
    if (micros !== null) out.set(pid, micros);
  }
  return out;
}

/**
 * Runs `fn`, timing it and measuring the CPU that the server processes `pids` (listed before
 * and after: one that started meanwhile counts whole, one that ended meanwhile is missed) and
 * this process (the client) use meanwhile.
 */
export async function cpuDuring<T>(pids: () => number[], fn: () => Promise<T>): Promise<{ value: T; ms: number; serverMicros: number | null; clientMicros: number }> {
  const before = cpuOf(pids());
  const client = process.cpuUsage();
  const { ms, value } = await timed(fn);
  const used = process.cpuUsage(client);
  let server = 0;
  for (const [pid, after] of cpuOf(pids())) server += after - (before.get(pid) ?? 0);
  return { value, ms, serverMicros: before.size > 0 ? server : null, clientMicros: used.user + used.system };
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
    // Connections kept open while idle (as an application server keeps its pool): pg closes them after 10 s by default.
    pool: (size) => new Pool({ ...pgConfig(), max: size, idleTimeoutMillis: 0, options: `-c search_path=${schema}` }),
    done: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
