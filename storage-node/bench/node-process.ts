/**
 * The storage node in its own process, as a client reaches it (as PostgreSQL is its own
 * process): `src/cli.ts` on a data directory, and a keep-alive JSON client for its HTTP API.
 *
 * `SYNQ_BENCH_NODE_FLAGS` adds Node flags to the node process, e.g.
 * `SYNQ_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile the node while a
 * benchmark runs against it (the profile is written when the node exits after the benchmark).
 */
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, progress } from './util';

export interface NodeProcess {
  port: number;
  /** The node's process id (its CPU time is read from /proc). */
  pid: number;
  /** POSTs a JSON body (an object, or one already serialised) and resolves the parsed answer; rejects on a non-2xx status. */
  post<T>(urlPath: string, body: unknown): Promise<T>;
  /** SIGTERM, and wait for the exit (profiles are written then). */
  stop(): Promise<void>;
}

async function waitForHttp(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the storage node exited with ${child.exitCode} before answering`);
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get({ port, path: '/health', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the storage node did not answer on port ${port}`);
}

/** Starts `src/cli.ts --data-dir dir` on a free HTTP port; `concurrency` is the client's keep-alive socket count. */
export async function spawnNode(dataDir: string, opts: { namespace: string; concurrency: number }): Promise<NodeProcess> {
  const port = await freePort();
  const extra = (process.env.SYNQ_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  if (extra.length) progress(`node process flags: ${extra.join(' ')}`);
  const child = spawn(process.execPath, [...extra, '-r', 'ts-node/register/transpile-only', 'src/cli.ts', '--data-dir', dataDir, '--resp-port', '0', '--http-port', String(port), '--log-level', 'warn'], {
    cwd: path.resolve(__dirname, '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHttp(port, child);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const post = <T>(urlPath: string, body: unknown): Promise<T> => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = http.request(
        { port, method: 'POST', path: urlPath, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-synq-namespace': opts.namespace } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === undefined || res.statusCode >= 300) reject(new Error(`POST ${urlPath}: ${res.statusCode} ${raw.slice(0, 300)}`));
            else resolve(JSON.parse(raw) as T);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  };
  return {
    port,
    pid: child.pid!,
    post,
    stop: async () => {
      agent.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
