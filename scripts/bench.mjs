#!/usr/bin/env node
// `npm run bench`: each part's benchmark in turn (a part without one is skipped).
// Add a part by adding an entry below.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const benches = [
  // Localnet tx/s over JSON-RPC against the same instruction run in-process on litesvm.
  { name: "localnet", command: "node", args: ["-r", "ts-node/register/transpile-only", "localnet/bench/rpc-tps.ts"] },
  { name: "storage-node", command: "npm", args: ["run", "bench", "-w", "storage-node", "--if-present"] },
  // A node on the network: slots and ms from a challenge to its answer (PubSub path), p50/p99.
  { name: "storage-node-challenges", command: "node", args: ["-r", "ts-node/register/transpile-only", "scripts/bench-challenges.ts"] },
  // Account sizes/rent of registry + staking, and the 1 GiB challenge proof's transaction size.
  { name: "registry-staking", command: "cargo", args: ["run", "-q", "-p", "synq-program-tests", "--example", "bench_accounts"] },
  // Settling one epoch for 10,000 nodes: tree + proofs off chain, protocol and per-claim costs on chain.
  { name: "payments", command: "node", args: ["-r", "ts-node/register/transpile-only", "sdk/bench/settlement.ts"] },
  // Indexer: lag to GraphQL at 50/200 tx/s, GraphQL p99 at 50 clients, backfill accounts/s.
  { name: "indexer", command: "npm", args: ["run", "bench", "-w", "indexer", "--if-present"] },
];

function run({ command, args }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(signal ? 1 : code));
  });
}

let failed = 0;
for (const bench of benches) {
  const started = Date.now();
  console.log(`[bench] ${bench.name} ...`);
  const code = await run(bench);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[bench] ${bench.name}: ${code === 0 ? "done" : `FAILED (exit ${code})`} in ${took}s`);
  if (code !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
