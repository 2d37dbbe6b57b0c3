/**
 * The cost of the paid-access gate (docs/paid-access.md): the same load against a node that
 * takes wallet-signed sessions and requests and one that takes anyone, in this run.
 * - RESP: 50 connections, each opened with a signed session (`AUTH <wallet> <signed challenge>`,
 *   the signature checked once per connection), then pipelined SET and GET (16 in flight per
 *   connection) from a raw-socket client. redis-benchmark cannot take part: a session password
 *   is good for one connection, and it sends one password on all of them.
 *   Run in ABBA order, best of two each.
 * - HTTP: `GET /v1/kv/k`, signed per request (signatures made before the clock starts) against
 *   unsigned, 8 keep-alive connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Keypair, type PublicKey } from '@solana/web3.js';
import { sessionPassword, signRequest, type SignedRequestHeaders } from '@synq/sdk';
import { concurrently, progress, record, timed } from './util';

const ROOT = path.resolve(__dirname, '..');
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function startNode(dataDir: string, walletNode?: PublicKey): Promise<{ proc: ChildProcess; resp: number; http: number }> {
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bench/gate-node.ts', dataDir, ...(walletNode ? [walletNode.toBase58()] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`gate bench node exited (${code})`)));
  });
  const { resp, http: httpPort } = JSON.parse(line) as { resp: number; http: number };
  return { proc, resp, http: httpPort };
}

function encode(args: string[]): Buffer {
  return Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
}

/** A RESP connection that sends batches and waits for `lines` reply lines. */
async function connection(port: number): Promise<{ exchange(batch: Buffer, lines: number): Promise<string>; close(): void }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let waiting: { lines: number; seen: number; text: string; done: (text: string) => void } | null = null;
  socket.on('data', (chunk: Buffer) => {
    if (waiting === null) return;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) waiting.seen++;
    if (waiting.text.length < 256) waiting.text += chunk.toString('latin1', 0, Math.min(chunk.length, 256));
    if (waiting.seen >= waiting.lines) {
      const w = waiting;
      waiting = null;
      w.done(w.text);
    }
  });
  return {
    exchange: (batch, lines) => new Promise((done) => {
      waiting = { lines, seen: 0, text: '', done };
      socket.write(batch);
    }),
    close: () => socket.destroy(),
  };
}

async function respLoad(port: number, auth: ((i: number) => Promise<string[]>) | null, requests: number): Promise<{ set: number; get: number }> {
  const conns = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
    const c = await connection(port);
    if (auth) {
      const reply = await c.exchange(encode(await auth(i)), 1);
      if (!reply.startsWith('+OK')) throw new Error(`AUTH refused: ${reply}`);
    }
    return c;
  }));
  const pipeline = 16;
  const batches = Math.ceil(requests / pipeline);
  const setBatch = (n: number): Buffer => Buffer.concat(Array.from({ length: pipeline }, (_, j) => encode(['SET', `key:${(n * pipeline + j) % 100_000}`, 'xxx'])));
  const getBatch = (n: number): Buffer => Buffer.concat(Array.from({ length: pipeline }, (_, j) => encode(['GET', `key:${(n * pipeline + j) % 100_000}`])));
  const run = async (make: (n: number) => Buffer, linesPer: number): Promise<number> => {
    // Each connection sends its next batch when the last one's replies are in.
    let next = 0;
    const { ms } = await timed(() => Promise.all(conns.map(async (c) => {
      while (next < batches) await c.exchange(make(next++), pipeline * linesPer);
    })));
    return (batches * pipeline) / (ms / 1000);
  };
  try {
    const set = await run(setBatch, 1);
    const get = await run(getBatch, 2);
    return { set, get };
  } finally {
    for (const c of conns) c.close();
  }
}

async function httpLoad(port: number, headers: (i: number) => Promise<Record<string, string>>, requests: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const signed = await Promise.all(Array.from({ length: requests }, (_, i) => headers(i)));
  const get = (i: number): Promise<number> => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/v1/kv/k', agent, headers: signed[i] }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 || res.statusCode === 404 ? resolve(1) : reject(new Error(`HTTP ${res.statusCode}`))));
    }).on('error', reject);
  });
  const { ms } = await timed(() => concurrently(8, requests, get));
  agent.destroy();
  return requests / (ms / 1000);
}

export async function benchGate(quick: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synq-bench-gate-'));
  const address = Keypair.generate().publicKey;
  const wallet = Keypair.generate();
  const nodes = [await startNode(path.join(dir, 'open')), await startNode(path.join(dir, 'gated'), address)];
  const [open, gated] = nodes;
  try {
    const requests = quick ? 100_000 : 1_000_000;
    progress(`gate: RESP SET/GET -P 16 from 50 connections, ${requests} each, without and with signed sessions`);
    const challenge = async (): Promise<string> => {
      const c = await connection(gated.resp);
      const reply = await c.exchange(encode(['SYNQ.CHALLENGE']), 2);
      c.close();
      return reply.split('\r\n')[1];
    };
    const auth = async (): Promise<string[]> => ['AUTH', wallet.publicKey.toBase58(), sessionPassword(wallet, address, await challenge())];
    // ABBA order, best of two each: neither side gets the cold start (JIT, first writes) alone.
    const best = (a: { set: number; get: number }, b: { set: number; get: number }) => ({ set: Math.max(a.set, b.set), get: Math.max(a.get, b.get) });
    const plainFirst = await respLoad(open.resp, null, requests);
    const signedFirst = await respLoad(gated.resp, auth, requests);
    const signed = best(signedFirst, await respLoad(gated.resp, auth, requests));
    const plain = best(plainFirst, await respLoad(open.resp, null, requests));
    for (const op of ['set', 'get'] as const) {
      record({ name: `RESP ${op.toUpperCase()} -P 16 with signed sessions vs no gate`, ours: `${fmt(signed[op])}/s`, baseline: `${fmt(plain[op])}/s`, ratio: signed[op] / plain[op], target: 0.9 });
    }
    const httpRequests = quick ? 5_000 : 30_000;
    progress(`gate: HTTP GET /v1/kv/k, ${httpRequests} requests over 8 keep-alive connections, unsigned vs signed per request`);
    const unsigned = await httpLoad(open.http, async () => ({}), httpRequests);
    const signedHttp = await httpLoad(gated.http, async () => (await signRequest(wallet, { node: address, method: 'GET', path: '/v1/kv/k', body: new Uint8Array() })) as SignedRequestHeaders & Record<string, string>, httpRequests);
    record({ name: 'HTTP GET /v1/kv signed per request vs no gate', ours: `${fmt(signedHttp)}/s`, baseline: `${fmt(unsigned)}/s`, ratio: signedHttp / unsigned, target: null, note: 'one ed25519 check per request on the node\'s JS thread' });
  } finally {
    for (const n of nodes) {
      const exited = new Promise((r) => n.proc.once('exit', r));
      n.proc.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
