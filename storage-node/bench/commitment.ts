/**
 * Storage commitment of a node's data (docs/storage-node-network.md): building the snapshot and
 * its chunk tree for 1 GiB of KV data (quick: 64 MiB), against `sha256sum` of the same bytes in
 * the same run (one sha256 pass is the floor: the tree hashes every byte about twice, in 64-byte
 * pieces), with the process's peak memory beside the data size.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../src/engine/engine';
import { SnapshotStore } from '../src/network/snapshot';
import { fmt, progress, record, skip } from './util';

export async function benchCommitment(quick: boolean): Promise<void> {
  const bytes = quick ? 64 << 20 : 1 << 30;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synq-bench-commit-'));
  const engine = new Engine({ dataDir: dir, log: pino({ level: 'silent' }) });
  try {
    progress(`commitment: writing ${fmt(bytes / 2 ** 20)} MiB of KV data`);
    const value = randomBytes(64 * 1024);
    for (let i = 0; i < bytes / value.length; i++) {
      value.writeUInt32LE(i, 0);
      engine.kv.set('bench', Buffer.from(`key:${i}`), value);
    }
    engine.kv.checkpoint();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const store = new SnapshotStore(dir);
    const started = process.hrtime.bigint();
    let shown = 0;
    const info = await store.build(engine, (p) => {
      if (p.bytes - shown >= bytes / 4) {
        shown = p.bytes;
        progress(`commitment: ${fmt(p.bytes / 2 ** 20)} MiB hashed`);
      }
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const file = path.join(store.dir, `${info.rootHex}.data`);
    const t0 = process.hrtime.bigint();
    const sha = spawnSync('sha256sum', [file], { encoding: 'utf8' });
    const shaMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const mib = info.size / 2 ** 20;
    if (sha.status !== 0) {
      skip('commitment build vs sha256sum', `sha256sum failed: ${sha.error?.message ?? sha.stderr}`);
    } else {
      record({
        name: `commitment build (${fmt(mib)} MiB, ${info.chunkCount} chunks)`,
        ours: `${fmt(mib / (ms / 1000))} MiB/s (${fmt(ms)} ms)`,
        baseline: `sha256sum ${fmt(mib / (shaMs / 1000))} MiB/s (${fmt(shaMs)} ms)`,
        ratio: shaMs / ms,
        target: null,
        note: 'the tree hashes each byte ~2x in 64-byte pieces: ~0.5x is the ceiling',
      });
    }
    record({
      name: 'commitment build peak memory',
      ours: `${fmt((peak - rssBefore) / 2 ** 20)} MiB above the engine's resident set`,
      baseline: `${fmt(mib)} MiB of data`,
      ratio: null,
      target: null,
    });
  } finally {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
