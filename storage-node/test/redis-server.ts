/**
 * A real redis-server for differential tests, and a raw exchange of RESP bytes with a server
 * (the replies compared byte for byte).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../bench/util';
import { respFrame, sleep, tempDir } from './helpers';

export const DONE = 'end-of-run';

/**
 * Sends `bytes` cut into the given chunk sizes (each chunk after the previous one was
 * flushed, so the server sees them apart), then `ECHO end-of-run`; returns every reply byte.
 */
export async function exchange(port: number, bytes: Buffer, cuts: number[]): Promise<Buffer> {
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  const chunks: Buffer[] = [];
  const marker = Buffer.from(`$${DONE.length}\r\n${DONE}\r\n`);
  const done = new Promise<void>((resolve, reject) => {
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (all.subarray(all.length - marker.length).equals(marker)) resolve();
    });
    sock.once('error', reject);
    sock.once('close', () => reject(new Error('connection closed before the end marker')));
  });
  let pos = 0;
  for (const n of cuts) {
    if (pos >= bytes.length) break;
    const part = bytes.subarray(pos, pos + n);
    pos += part.length;
    await new Promise<void>((resolve) => sock.write(part, () => resolve()));
    if (n < 8) await sleep(1);
  }
  if (pos < bytes.length) sock.write(bytes.subarray(pos));
  sock.write(respFrame('ECHO', DONE));
  await done;
  sock.removeAllListeners('close');
  sock.destroy();
  return Buffer.concat(chunks);
}

export const haveRedisServer = (): boolean => spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

/** Starts redis-server on a free port (no persistence); resolves once it answers. */
export async function startRedisServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tempDir('redis')], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      await exchange(port, Buffer.alloc(0), []);
      break;
    } catch (e) {
      if (i > 100) throw e;
      await sleep(50);
    }
  }
  return {
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Fails with both replies around the first differing byte. */
export function sameBytes(ours: Buffer, theirs: Buffer): string | null {
  if (ours.equals(theirs)) return null;
  const at = [...ours].findIndex((b, i) => b !== theirs[i]);
  const from = Math.max(0, at - 80);
  return `replies differ at byte ${at}:\n ours: ${JSON.stringify(ours.subarray(from, at + 80).toString())}\nredis: ${JSON.stringify(theirs.subarray(from, at + 80).toString())}`;
}
