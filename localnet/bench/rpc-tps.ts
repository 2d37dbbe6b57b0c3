/**
 * `npm run bench` (localnet part): transactions per second of one runtime_probe `echo`
 * instruction sent to localnet over JSON-RPC, beside the same instruction executed in-process
 * on litesvm (the baseline, `cargo run --example inprocess_tps`), measured in the same run.
 * Two clients send the same signed transactions: web3.js's `Connection.sendRawTransaction`
 * (what test suites use) and plain keep-alive HTTP/1.1 over sockets with pre-built requests
 * (the server's own throughput: a client's CPU shares the machine's two cores with it).
 *
 * Usage: ts-node localnet/bench/rpc-tps.ts [--count N] [--concurrency C] [--quick]
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, Transaction, type Connection } from "@solana/web3.js";
import { execFileSync } from "node:child_process";
import { connect, type Socket } from "node:net";

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
 * One keep-alive HTTP/1.1 connection that carries one request at a time (as a keep-alive agent
 * does), written as pre-built bytes and read back by Content-Length: the least client CPU per
 * request, so the figure is the server's (node:http's request objects and streams cost more
 * CPU per call than the server spends on a transaction, on the same two cores).
 */
class RawConnection {
  private readonly socket: Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (body: string) => void; reject: (err: Error) => void } | undefined;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.deliver();
    });
    this.socket.on("error", (err) => this.fail(err));
    this.socket.on("close", () => this.fail(new Error("the server closed the connection")));
  }

  request(bytes: Buffer): Promise<string> {
    if (this.pending) return Promise.reject(new Error("one request at a time per connection"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
  }

  /** Resolves the pending request once its whole reply (head and Content-Length body) is in. */
  private deliver(): void {
    const headEnd = this.buffered.indexOf("\r\n\r\n");
    if (headEnd === -1 || this.pending === undefined) return;
    const head = this.buffered.toString("latin1", 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length === null) return this.fail(new Error(`reply without Content-Length: ${head}`));
    const bodyEnd = headEnd + 4 + Number(length[1]);
    if (this.buffered.length < bodyEnd) return;
    const body = this.buffered.toString("utf8", headEnd + 4, bodyEnd);
    this.buffered = this.buffered.subarray(bodyEnd);
    const { resolve, reject } = this.pending;
    this.pending = undefined;
    if (status === 200) resolve(body);
    else reject(new Error(`HTTP ${status}: ${body}`));
  }
}

/**
 * Plain keep-alive HTTP: `concurrency` connections, one JSON-RPC request each at a time, the
 * replies parsed as JSON and checked. The sendTransaction requests are built before the clock
 * starts (as the transactions are signed before it): this client measures the server.
 */
function rawClient(rpcUrl: string, concurrency: number): BenchClient & { prepare: (wires: readonly Buffer[]) => void; close: () => void } {
  const url = new URL(rpcUrl);
  const idle = Array.from({ length: concurrency }, () => new RawConnection(url.hostname, Number(url.port)));
  const all = [...idle];
  const waiting: Array<(connection: RawConnection) => void> = [];
  const requests = new Map<Buffer, Buffer>();
  const requestBytes = (body: string): Buffer => {
    const payload = Buffer.from(body);
    const head = `POST / HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, "latin1"), payload]);
  };
  const post = async <T>(bytes: Buffer): Promise<T> => {
    const connection = idle.pop() ?? (await new Promise<RawConnection>((resolve) => waiting.push(resolve)));
    try {
      const reply = await connection.request(bytes);
      const parsed = JSON.parse(reply) as { result?: T };
      if (parsed.result === undefined) throw new Error(`request failed: ${reply}`);
      return parsed.result;
    } finally {
      const next = waiting.shift();
      if (next) next(connection);
      else idle.push(connection);
    }
  };
  return {
    prepare: (wires) => wires.forEach((wire) => requests.set(wire, requestBytes(sendTransactionBody(wire, requests.size + 1)))),
    send: (wire) => {
      const bytes = requests.get(wire);
      return bytes === undefined ? Promise.reject(new Error("prepare() the transaction before sending it")) : post<string>(bytes);
    },
    statuses: async (signatures) =>
      (await post<{ value: Array<{ err: unknown } | null> }>(requestBytes(JSON.stringify({ jsonrpc: "2.0", id: 0, method: "getSignatureStatuses", params: [signatures] })))).value,
    close: () => all.forEach((connection) => connection.close()),
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
