/**
 * redis-benchmark -P 16 against our RESP server and a private redis-server, side by side: SET
 * and GET (also against redis with an AOF), then every other test of redis-benchmark's default
 * suite that the node supports (PING_INLINE, PING_MBULK, INCR, HSET, MSET).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, progress, record, skip, fmt } from './util';

const ROOT = path.resolve(__dirname, '..');

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answered PING on port ${port}`);
}

/** Runs redis-benchmark (`tests` as for -t) and returns requests/second by test name. */
function redisBenchmark(port: number, requests: number, tests: string): Record<string, number> {
  const r = spawnSync('redis-benchmark', ['-p', String(port), '-t', tests, '-P', '16', '-n', String(requests), '-r', '100000', '-c', '50', '--csv'], { encoding: 'utf8', timeout: 600_000 });
  const out: Record<string, number> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^"([A-Z_]+)[^"]*","([\d.]+)"/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  for (const t of tests.toUpperCase().split(',')) {
    if (!out[t]) throw new Error(`redis-benchmark output not understood: ${r.stdout} ${r.stderr}`);
  }
  return out;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

export async function benchRedis(quick: boolean): Promise<void> {
  const missing = ['redis-benchmark', 'redis-server', 'redis-cli'].filter((c) => !which(c));
  if (missing.length) {
    skip('RESP set/get vs redis-server', `${missing.join(', ')} not installed (Debian packages redis-server / redis-tools)`);
    return;
  }
  const requests = quick ? 100_000 : 1_000_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synq-bench-redis-'));
  const procs: ChildProcess[] = [];
  try {
    const ourPort = await freePort();
    const httpPort = await freePort();
    const ours = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', '--data-dir', path.join(dir, 'synq'), '--resp-port', String(ourPort), '--http-port', String(httpPort), '--log-level', 'warn'], { cwd: ROOT, stdio: 'ignore' });
    procs.push(ours);
    const raw = await freePort();
    const aof = await freePort();
    // Redis as a pure cache (no persistence), and with an AOF: the durability class that,
    // like ours, keeps every acknowledged write through a kill -9.
    procs.push(spawn('redis-server', ['--port', String(raw), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' }));
    procs.push(spawn('redis-server', ['--port', String(aof), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--appendfilename', 'bench.aof', '--dir', dir], { stdio: 'ignore' }));
    await Promise.all([waitForPing(ourPort), waitForPing(raw), waitForPing(aof)]);
    progress(`redis-benchmark -t set,get -P 16 -c 50 -r 100000 -n ${requests}: synq, redis (no persistence), redis (AOF everysec)`);
    const synq = redisBenchmark(ourPort, requests, 'set,get');
    progress(`synq: SET ${fmt(synq.SET)}/s GET ${fmt(synq.GET)}/s`);
    const plain = redisBenchmark(raw, requests, 'set,get');
    progress(`redis-server (no persistence): SET ${fmt(plain.SET)}/s GET ${fmt(plain.GET)}/s`);
    const durable = redisBenchmark(aof, requests, 'set,get');
    progress(`redis-server (appendonly yes, everysec): SET ${fmt(durable.SET)}/s GET ${fmt(durable.GET)}/s`);
    for (const t of ['SET', 'GET'] as const) {
      record({ name: `RESP ${t} -P 16 vs redis-server (no persistence)`, ours: `${fmt(synq[t])}/s`, baseline: `${fmt(plain[t])}/s`, ratio: synq[t] / plain[t], target: 0.8 });
      record({ name: `RESP ${t} -P 16 vs redis-server (AOF everysec)`, ours: `${fmt(synq[t])}/s`, baseline: `${fmt(durable[t])}/s`, ratio: synq[t] / durable[t], target: 0.8 });
    }
    // The rest of redis-benchmark's default suite that the node supports (lists, sets and
    // sorted sets it does not), all served by the socket thread.
    const rest = ['PING_INLINE', 'PING_MBULK', 'INCR', 'HSET', 'MSET'] as const;
    progress(`redis-benchmark -t ${rest.join(',').toLowerCase()} -P 16: synq, redis (no persistence)`);
    const synqMore = redisBenchmark(ourPort, Math.ceil(requests / 2), rest.join(',').toLowerCase());
    const plainMore = redisBenchmark(raw, Math.ceil(requests / 2), rest.join(',').toLowerCase());
    for (const t of rest) {
      progress(`${t}: synq ${fmt(synqMore[t])}/s, redis-server ${fmt(plainMore[t])}/s`);
      record({ name: `RESP ${t} -P 16 vs redis-server (no persistence)`, ours: `${fmt(synqMore[t])}/s`, baseline: `${fmt(plainMore[t])}/s`, ratio: synqMore[t] / plainMore[t], target: 1.0 });
    }
  } finally {
    await Promise.all(procs.map(stop));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
