/**
 * synq-localnet as a drop-in for the Solana CLI that anchor-cli 0.31 drives: `anchor test
 * --skip-build` through this package's `anchor`, `solana-test-validator` and `solana` entry
 * points (node_modules/.bin), and the entry points on their own.
 *
 * anchor-cli comes from crates.io (`cargo install anchor-cli --version 0.31.1 --locked`); when it
 * is missing this test installs it first (about 10 minutes on 2 cores).
 */
import { BN } from "@coral-xyz/anchor";
import { Connection, Keypair, LAMPORTS_PER_SOL, Transaction } from "@solana/web3.js";
import { strict as assert } from "node:assert";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SynqClient, loadConfig, programIds } from "@synq/sdk";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");
const ANCHOR_VERSION = "0.31.1";
/** Our entry points first, as `npx` / `npm exec` put them; the shims themselves never run a real CLI then. */
const ENV = { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}`, SYNQ_SOLANA_SHIM: "1" };

function realAnchor(): string | undefined {
  const found = spawnSync("sh", ["-c", `. '${join(ROOT, "localnet", "bin", "lib.sh")}' && synq_real_tool anchor`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function ensureAnchorCli(): void {
  const installed = realAnchor();
  if (installed !== undefined) {
    const version = spawnSync(installed, ["--version"], { encoding: "utf8" }).stdout;
    if (version.includes(ANCHOR_VERSION)) return;
  }
  console.log(`      installing anchor-cli ${ANCHOR_VERSION} from crates.io (about 10 minutes on 2 cores) ...`);
  const install = spawnSync("cargo", ["install", "anchor-cli", "--version", ANCHOR_VERSION, "--locked", "--force"], { stdio: "inherit" });
  assert.equal(install.status, 0, "cargo install anchor-cli failed");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function lines(child: ChildProcess): { text: () => string; waitFor: (pattern: RegExp, ms: number) => Promise<string> } {
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return {
    text: () => text,
    waitFor: async (pattern, ms) => {
      const deadline = Date.now() + ms;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return text;
    },
  };
}

/** Processes whose command line contains `needle` (a run must leave none behind). */
function processesMatching(needle: string): string[] {
  const found = spawnSync("pgrep", ["-af", needle], { encoding: "utf8" });
  return found.stdout.split("\n").filter((line) => line.trim() !== "" && !line.includes("pgrep"));
}

describe("synq-localnet as solana-test-validator and solana for anchor-cli", function () {
  this.timeout(30 * 60_000);

  it("solana-test-validator takes anchor's flags and solana logs streams a program's transactions", async () => {
    const port = await freePort();
    const ledger = mkdtempSync(join(tmpdir(), "synq-ledger-"));
    const wallet = Keypair.generate();
    const ids = programIds();
    const validator = spawn(join(BIN, "solana-test-validator"), ["--ledger", ledger, "--mint", wallet.publicKey.toBase58(), "--rpc-port", String(port), "--upgradeable-program", ids.runtimeProbe.toBase58(), join(ROOT, "target", "deploy", "runtime_probe.so"), wallet.publicKey.toBase58()], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    const validatorOut = lines(validator);
    let logs: ChildProcess | undefined;
    try {
      await validatorOut.waitFor(/"event":"ready"/, 60_000);
      // The entry point is the serving process itself: anchor's SIGKILL must stop the validator.
      assert.match(readFileSync(`/proc/${validator.pid}/cmdline`, "utf8"), /synq-localnet\0--test-validator/);
      assert.match(validatorOut.text(), /"event":"program_builtin".*"name":"runtime_probe"/);

      const rpcUrl = `http://127.0.0.1:${port}`;
      logs = spawn(join(BIN, "solana"), ["logs", ids.runtimeProbe.toBase58(), "--url", rpcUrl], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
      const logsOut = lines(logs);
      await logsOut.waitFor(/Streaming transaction logs mentioning/, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the subscription is made after the banner

      const connection = new Connection(rpcUrl, "confirmed");
      const payer = Keypair.generate();
      const airdrop = await connection.requestAirdrop(payer.publicKey, LAMPORTS_PER_SOL);
      await connection.confirmTransaction({ signature: airdrop, ...(await connection.getLatestBlockhash()) });
      assert.equal(await connection.getBalance(wallet.publicKey), 500_000_000 * LAMPORTS_PER_SOL, "--mint is funded");
      const client = new SynqClient(SynqClient.provider(loadConfig({ rpcUrl, wsUrl: `ws://127.0.0.1:${port + 1}` }), payer));
      const echo = await client.programs.runtimeProbe.methods.echo(new BN(7), "logs test").accounts({ caller: payer.publicKey }).instruction();
      const signature = await connection.sendTransaction(new Transaction().add(echo), [payer]);
      await logsOut.waitFor(new RegExp(`Signature: ${signature}\\n  Status: Ok\\n  Log Messages:\\n    Program ${ids.runtimeProbe.toBase58()} invoke \\[1\\]`), 30_000);
    } finally {
      // web3.js closes its idle PubSub socket 500 ms after the last subscription; killing the
      // validator first would leave it reconnecting (and logging) for the rest of the run.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      logs?.kill("SIGKILL");
      validator.kill("SIGKILL");
      await new Promise((resolve) => validator.once("exit", resolve));
      rmSync(ledger, { recursive: true, force: true });
    }
  });

  it("an unknown solana-test-validator flag fails with its name", () => {
    const run = spawnSync(join(BIN, "solana-test-validator"), ["--ledger", "x", "--no-such-flag"], { env: ENV, encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--no-such-flag/);
    const unsupported = spawnSync(join(BIN, "solana"), ["program", "deploy", "x.so"], { env: ENV, encoding: "utf8" });
    assert.equal(unsupported.status, 2);
    assert.match(unsupported.stderr, /not supported.*real Solana CLI/);
  });

  it("npx anchor test --skip-build runs the TS suite on our validator and exits 0", () => {
    ensureAnchorCli();
    const logDir = join(ROOT, ".anchor", "program-logs");
    const run = spawnSync("npx", ["anchor", "test", "--skip-build"], { cwd: ROOT, env: { ...process.env, SYNQ_SOLANA_SHIM: "1" }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const output = `${run.stdout}\n${run.stderr}`;
    // web3.js logs a line per dropped PubSub socket at the end of a run: leave them out of the
    // message, so it shows mocha's summary and failures rather than pages of "ws error".
    const readable = output.split("\n").filter((line) => !line.startsWith("ws error:")).join("\n");
    const failures = readable.search(/\d+ failing/);
    assert.equal(run.status, 0, `anchor test failed:\n${failures >= 0 ? readable.slice(failures, failures + 12000) : readable.slice(-6000)}`);
    assert.match(output, /\d+ passing/);
    assert.doesNotMatch(output, /\d+ failing/);

    // One log file per program, streamed by `solana logs`, holding that program's transactions.
    const files = readdirSync(logDir);
    for (const [name, id] of Object.entries(programIds())) {
      const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const file = files.find((f) => f === `${id.toBase58()}.${snake}.log`);
      assert.ok(file, `no program log for ${snake} in ${files.join(", ")}`);
      if (snake !== "runtime_probe") {
        const text = readFileSync(join(logDir, file), "utf8");
        assert.match(text, new RegExp(`Transaction executed in slot \\d+:\\n  Signature: \\w+\\n  Status: [^\\n]+\\n  Log Messages:\\n    Program ${id.toBase58()} invoke`), `${file} holds ${snake}'s transactions`);
      }
    }
    const ledgerLog = join(ROOT, ".anchor", "test-ledger", "test-ledger-log.txt");
    if (existsSync(ledgerLog)) assert.match(readFileSync(ledgerLog, "utf8"), /program_builtin/);
    assert.deepEqual(processesMatching("synq-localnet --test-validator"), [], "anchor stopped our validator");
    assert.deepEqual(processesMatching("bin/solana.ts logs"), [], "anchor stopped the log streams");
  });
});
