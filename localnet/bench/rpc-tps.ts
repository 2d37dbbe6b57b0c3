/**
 * `npm run bench` (localnet part): transactions per second of one runtime_probe `echo`
 * instruction sent to localnet over JSON-RPC, beside the same instruction executed in-process
 * on litesvm (the baseline, `cargo run --example inprocess_tps`), measured in the same run.
 *
 * Usage: ts-node localnet/bench/rpc-tps.ts [--count N] [--concurrency C] [--quick]
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, Transaction, type TransactionSignature } from "@solana/web3.js";
import { execFileSync } from "node:child_process";

import { SynqClient, loadConfig } from "@synq/sdk";

import { REPO_ROOT, startLocalnet } from "../../scripts/lib/localnet";

interface Options {
  count: number;
  concurrency: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const index = argv.indexOf(flag);
    if (index === -1) return fallback;
    const parsed = Number(argv[index + 1]);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${flag} takes a positive integer`);
    return parsed;
  };
  const quick = argv.includes("--quick");
  return { count: value("--count", quick ? 300 : 3_000), concurrency: value("--concurrency", 32) };
}

function inProcessBaseline(count: number): number {
  const output = execFileSync("cargo", ["run", "-q", "-p", "synq-bridge", "--example", "inprocess_tps", "--", String(count)], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = output.trim().split("\n").at(-1) ?? "";
  const parsed = JSON.parse(line) as { tps: number };
  return parsed.tps;
}

async function overRpc({ count, concurrency }: Options): Promise<number> {
  const localnet = await startLocalnet({ args: ["--rpc-port", "0"] });
  try {
    const payer = Keypair.generate();
    const client = new SynqClient(SynqClient.provider(loadConfig({ rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl }), payer));
    const { connection } = client;
    const airdrop = await connection.requestAirdrop(payer.publicKey, 100 * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature: airdrop, ...(await connection.getLatestBlockhash()) }, "confirmed");

    // Sign everything first: the measurement is the server's, not the client's ed25519.
    const probe = client.programs.runtimeProbe;
    const { blockhash } = await connection.getLatestBlockhash("confirmed");
    const wire: Buffer[] = [];
    for (let value = 0; value < count; value += 1) {
      const ix = await probe.methods.echo(new BN(value), "bench").accounts({ caller: payer.publicKey }).instruction();
      const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(ix);
      tx.sign(payer);
      wire.push(tx.serialize());
    }

    const started = performance.now();
    const signatures: TransactionSignature[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < wire.length) {
        const raw = wire[next];
        next += 1;
        signatures.push(await connection.sendRawTransaction(raw, { preflightCommitment: "confirmed" }));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    // Every transaction must have landed, successfully, before the clock stops.
    for (let i = 0; i < signatures.length; i += 256) {
      const batch = signatures.slice(i, i + 256);
      const { value } = await connection.getSignatureStatuses(batch);
      value.forEach((status, j) => {
        if (status === null || status.err !== null) throw new Error(`${batch[j]} did not succeed: ${JSON.stringify(status)}`);
      });
    }
    const seconds = (performance.now() - started) / 1000;
    return count / seconds;
  } finally {
    await localnet.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log("usage: rpc-tps.ts [--count N] [--concurrency C] [--quick]");
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  console.log(`[bench:localnet] ${options.count} echo transactions, ${options.concurrency} in flight over RPC`);
  const baseline = inProcessBaseline(options.count);
  console.log(`[bench:localnet] baseline litesvm in-process: ${baseline.toFixed(0)} tx/s`);
  const rpc = await overRpc(options);
  console.log(`[bench:localnet] localnet over JSON-RPC (preflight on): ${rpc.toFixed(0)} tx/s`);
  console.log(`[bench:localnet] ratio localnet-rpc / litesvm-in-process: ${(rpc / baseline).toFixed(3)}x`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
