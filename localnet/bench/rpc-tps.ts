/**
 * `npm run bench` (localnet part): transactions per second of one runtime_probe `echo`
 * instruction sent to localnet over JSON-RPC, beside the same instruction executed in-process
 * on litesvm (the baseline, `cargo run --example inprocess_tps`), measured in the same run.
 * Two clients send the same signed transactions: web3.js's `Connection.sendRawTransaction`
 * (what test suites use) and plain keep-alive HTTP with pre-serialised JSON-RPC bodies (the
 * server's own throughput: web3.js's client CPU shares the machine's two cores with it).
 *
 * Usage: ts-node localnet/bench/rpc-tps.ts [--count N] [--concurrency C] [--quick]
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, Transaction, type Connection } from "@solana/web3.js";
import { execFileSync } from "node:child_process";
import { Agent, request } from "node:http";

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

/** Rounds of the in-process baseline and of the keep-alive client; each reports its median. */
const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function inProcessBaseline(count: number): number {
  return median(Array.from({ length: ROUNDS }, () => inProcessRound(count)));
}

function inProcessRound(count: number): number {
  const output = execFileSync("cargo", ["run", "-q", "-p", "synq-bridge", "--example", "inprocess_tps", "--", String(count)], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = output.trim().split("\n").at(-1) ?? "";
  const parsed = JSON.parse(line) as { tps: number };
  return parsed.tps;
}

/** What a client does in the benchmark: send one wire transaction, read statuses back. */
interface BenchClient {
  send(wire: Buffer): Promise<string>;
  statuses(signatures: string[]): Promise<Array<{ err: unknown } | null>>;
}

/** web3.js, as a test suite sends (preflight on) and confirms. */
const web3Client = (connection: Connection): BenchClient => ({
  send: (wire) => connection.sendRawTransaction(wire, { preflightCommitment: "confirmed" }),
  statuses: async (signatures) => (await connection.getSignatureStatuses(signatures)).value,
});

/** The JSON-RPC request body of one sendTransaction (preflight on). */
const sendTransactionBody = (wire: Buffer, id: number): string =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "sendTransaction", params: [wire.toString("base64"), { encoding: "base64", preflightCommitment: "confirmed" }] });

/**
 * Plain keep-alive HTTP: one JSON-RPC request per call, the server's replies read as JSON and
 * nothing more. The sendTransaction bodies are built before the clock starts (as the
 * transactions are signed before it): this client measures the server.
 */
function rawClient(rpcUrl: string, concurrency: number): BenchClient & { prepare: (wires: readonly Buffer[]) => void; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(rpcUrl);
  const bodies = new Map<Buffer, string>();
  const post = <T>(body: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: "/", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        let reply = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (reply += chunk));
        res.on("end", () => {
          const parsed = JSON.parse(reply) as { result?: T };
          if (parsed.result !== undefined) resolve(parsed.result);
          else reject(new Error(`request failed: ${reply}`));
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    prepare: (wires) => wires.forEach((wire) => bodies.set(wire, sendTransactionBody(wire, bodies.size + 1))),
    send: (wire) => {
      const body = bodies.get(wire);
      return body === undefined ? Promise.reject(new Error("prepare() the transaction before sending it")) : post<string>(body);
    },
    statuses: async (signatures) =>
      (await post<{ value: Array<{ err: unknown } | null> }>(JSON.stringify({ jsonrpc: "2.0", id: 0, method: "getSignatureStatuses", params: [signatures] }))).value,
    close: () => agent.destroy(),
  };
}

/** `count` signed echo transactions: signed before the clock starts, so the measurement is the server's, not the client's ed25519. */
async function signEchoes(client: SynqClient, payer: Keypair, count: number): Promise<Buffer[]> {
  const { connection } = client;
  const probe = client.programs.runtimeProbe;
  const { blockhash } = await connection.getLatestBlockhash("confirmed");
  const wire: Buffer[] = [];
  const tag = Math.floor(Math.random() * 1e9); // distinct signatures for each round
  for (let value = 0; value < count; value += 1) {
    const ix = await probe.methods.echo(new BN(tag + value), "bench").accounts({ caller: payer.publicKey }).instruction();
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(ix);
    tx.sign(payer);
    wire.push(tx.serialize());
  }
  return wire;
}

/** Sends `wire` `concurrency` at a time and checks every one landed; transactions per second. */
async function sendAll(client: BenchClient, wire: readonly Buffer[], concurrency: number): Promise<number> {
  const count = wire.length;
  const started = performance.now();
  let next = 0;
  const signatures: string[] = [];
  const worker = async (): Promise<void> => {
    while (next < wire.length) {
      const raw = wire[next];
      next += 1;
      signatures.push(await client.send(raw));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Every transaction must have landed, successfully, before the clock stops.
  for (let i = 0; i < signatures.length; i += 256) {
    const batch = signatures.slice(i, i + 256);
    const value = await client.statuses(batch);
    value.forEach((status, j) => {
      if (status === null || status.err !== null) throw new Error(`${batch[j]} did not succeed: ${JSON.stringify(status)}`);
    });
  }
  return count / ((performance.now() - started) / 1000);
}

async function overRpc(options: Options): Promise<{ web3: number; raw: number }> {
  const localnet = await startLocalnet({ args: ["--rpc-port", "0"] });
  try {
    const payer = Keypair.generate();
    const client = new SynqClient(SynqClient.provider(loadConfig({ rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl }), payer));
    const { connection } = client;
    const airdrop = await connection.requestAirdrop(payer.publicKey, 100 * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature: airdrop, ...(await connection.getLatestBlockhash()) }, "confirmed");
    // Each client first sends an untimed warm-up round (connections opened, code paths warm on
    // both sides), as the in-process baseline runs in a process that has already started.
    const warmup = Math.max(100, Math.floor(options.count / 5));
    const raw = rawClient(localnet.rpcUrl, options.concurrency);
    const rawTps: number[] = [];
    try {
      for (let round = 0; round <= ROUNDS; round += 1) {
        const wires = await signEchoes(client, payer, round === 0 ? warmup : options.count);
        raw.prepare(wires);
        const tps = await sendAll(raw, wires, options.concurrency);
        if (round > 0) rawTps.push(tps);
      }
    } finally {
      raw.close();
    }
    const web3 = web3Client(connection);
    await sendAll(web3, await signEchoes(client, payer, warmup), options.concurrency);
    return { raw: median(rawTps), web3: await sendAll(web3, await signEchoes(client, payer, options.count), options.concurrency) };
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
  console.log(`[bench:localnet] baseline litesvm in-process: ${baseline.toFixed(0)} tx/s (median of ${ROUNDS})`);
  const rpc = await overRpc(options);
  console.log(`[bench:localnet] localnet over JSON-RPC, web3.js client (preflight on): ${rpc.web3.toFixed(0)} tx/s (${(rpc.web3 / baseline).toFixed(3)}x)`);
  console.log(`[bench:localnet] localnet over JSON-RPC, keep-alive HTTP client (preflight on): ${rpc.raw.toFixed(0)} tx/s (median of ${ROUNDS})`);
  console.log(`[bench:localnet] ratio localnet-rpc / litesvm-in-process: ${(rpc.raw / baseline).toFixed(3)}x`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
