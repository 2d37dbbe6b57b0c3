/** Test helpers: real nodes on free ports in temp dirs, an HTTP JSON client, child-process nodes. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startStorageNode, type StorageNode, type StorageNodeOptions } from '../src/index';

export const ROOT = path.resolve(__dirname, '..');

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh data directory, removed when the test process exits. */
export function tempDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `synq-${tag}-`));
  made.push(d);
  return d;
}

export async function startNode(opts: Partial<StorageNodeOptions> = {}): Promise<StorageNode & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDir('node');
  const node = await startStorageNode({ dataDir, respPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), ...opts });
  return { ...node, dataDir };
}

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** JSON request; `body` may be a raw string to send malformed input. */
export async function api<T = Record<string, unknown>>(port: number, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Non-JSON (e.g. /metrics): hand back the text.
  }
  return { status: res.status, body: parsed as T };
}

export interface ChildNode {
  proc: ChildProcess;
  respPort: number;
  httpPort: number;
  exited: Promise<number | null>;
  logs: string[];
}

/** Starts the real CLI in a child process and waits for its "listening" log line. */
export function spawnNode(dataDir: string, extra: string[] = []): Promise<ChildNode> {
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', '--data-dir', dataDir, '--resp-port', '0', '--http-port', '0', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`node did not start: ${logs.join('\n')}`)), 120_000);
    proc.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        logs.push(line);
        try {
          const rec = JSON.parse(line) as { msg?: string; respPort?: number; httpPort?: number };
          if (rec.msg === 'storage node listening') {
            clearTimeout(timer);
            resolve({ proc, respPort: rec.respPort!, httpPort: rec.httpPort!, exited, logs });
          }
        } catch {
          // not a log line
        }
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}: ${logs.join('\n')}`));
    });
  });
}

/** One RESP request frame (an array of bulk strings), as clients send commands. */
export function respFrame(...args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a) : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Deterministic PRNG so failures reproduce (shared with the benchmark). */
export { rng } from '../bench/util';
