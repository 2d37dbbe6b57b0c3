/**
 * `npm run bench -w storage-node [-- --quick] [-- --only redis,vectors,documents,timeseries]`
 * Each ratio is measured side by side with its named baseline in this same run.
 */
import { parseArgs } from 'node:util';
import { benchCommitment } from './commitment';
import { benchDocuments } from './documents';
import { benchGate } from './gate';
import { benchRedis } from './redis';
import { benchTimeseries } from './timeseries';
import { benchVectors } from './vectors';
import { progress, results } from './util';

const SUITES: Record<string, (quick: boolean) => Promise<void>> = {
  redis: benchRedis,
  vectors: benchVectors,
  documents: benchDocuments,
  timeseries: benchTimeseries,
  commitment: benchCommitment,
  gate: benchGate,
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`Usage: npm run bench -w storage-node -- [--quick] [--only ${Object.keys(SUITES).join(',')}]\n  --quick  small smoke-run scales instead of the issue's (1M requests, 100k x 128 vectors, 1M documents, 10M points, 1 GiB committed)\n`);
    return;
  }
  const only = values.only ? values.only.split(',') : Object.keys(SUITES);
  for (const name of only) if (!SUITES[name]) throw new Error(`unknown suite "${name}" (have ${Object.keys(SUITES).join(', ')})`);
  progress(`storage-node benchmark (${values.quick ? 'quick' : 'full'} scale): ${only.join(', ')}`);
  for (const name of only) {
    try {
      await SUITES[name](values.quick === true);
    } catch (e) {
      process.stdout.write(`FAILED ${name}: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
  }
  process.stdout.write('\n==== storage-node benchmark summary ====\n');
  for (const r of results) {
    const ratio = r.ratio === null ? '   -  ' : `${r.ratio.toFixed(2)}x`;
    const target = r.target === null ? '' : r.ratio !== null && r.ratio >= r.target ? `  target >= ${r.target}x: met` : `  target >= ${r.target}x: NOT met`;
    process.stdout.write(`${ratio.padStart(7)}  ${r.name}: ${r.ours} vs ${r.baseline}${target}${r.note ? `  (${r.note})` : ''}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
