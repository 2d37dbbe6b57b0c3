#!/usr/bin/env node
// The install-time build (`npm install` / `npm ci` run it as the root `postinstall`): the SDK
// package's dist/ (which the workspaces import), the Rust localnet binary and the storage node's
// native socket layer (an N-API addon). The programs' IDLs and TS types are committed in the SDK
// (`npm run idl` regenerates them, the `idl` step below; `npm test` checks they are current), so
// the install does not build them.
//
//   node scripts/build.mjs            the install steps (sdk, anchor-idl, toolchain, localnet, storage-native)
//   node scripts/build.mjs idl        only the named steps (any of the above, or idl)
//   SYNQ_SKIP_BUILD=1 npm install     skips the Rust steps (e.g. JS-only work, or CI caches)
//
// Cargo's incremental caching makes a rerun with nothing changed take seconds.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();

const elapsed = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const log = (line) => console.log(`[build] ${line}`);

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}`));
    });
  });
}

function toolVersion(tool) {
  const result = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(
      `${tool} not found: install Rust stable (https://rustup.rs) and make sure ${tool} is on PATH, ` +
        "or set SYNQ_SKIP_BUILD=1 to skip the Rust build",
    );
  }
  return result.stdout.trim();
}

const steps = [
  {
    name: "sdk",
    title: "node sdk/build.mjs (the @synq/sdk package: dist/*.cjs, *.mjs, types)",
    rust: false,
    run: () => run(process.execPath, [join(root, "sdk", "build.mjs"), "--quiet"]),
  },
  {
    name: "anchor-idl",
    title: "copy the SDK's committed IDLs to target/idl and target/types (where anchor-cli reads them)",
    rust: false,
    async run() {
      // `anchor test --skip-build` opens target/idl/<program>.json for every program; the same
      // files `npm run idl` writes, so a copy of the SDK's committed ones stands for a build.
      let copied = 0;
      for (const [from, to, ext] of [["sdk/idl", "target/idl", ".json"], ["sdk/src/types", "target/types", ".ts"]]) {
        mkdirSync(join(root, to), { recursive: true });
        for (const file of readdirSync(join(root, from)).filter((f) => f.endsWith(ext))) {
          const contents = readFileSync(join(root, from, file), "utf8");
          let current;
          try {
            current = readFileSync(join(root, to, file), "utf8");
          } catch {
            current = undefined;
          }
          if (current !== contents) {
            writeFileSync(join(root, to, file), contents);
            copied++;
          }
        }
      }
      return `${copied} file(s) written`;
    },
  },
  {
    name: "toolchain",
    title: "check the Rust toolchain",
    async run() {
      return `${toolVersion("rustc")}; ${toolVersion("cargo")}`;
    },
  },
  {
    name: "localnet",
    // The one long step: said up front so a first install does not look hung.
    title: "cargo build -p synq-localnet (the first build compiles ~500 crates: about 13 minutes on 2 cores; later builds take seconds)",
    run: () => run("cargo", ["build", "-p", "synq-localnet"]),
  },
  {
    name: "idl",
    title: "cargo run -p synq-idl-gen (sdk/idl/*.json, sdk/src/types/*.ts, and target/idl, target/types for anchor)",
    install: false,
    run: () => run("cargo", ["run", "-p", "synq-idl-gen"]),
  },
  {
    name: "storage-native",
    title: "cargo build -p synq-storage-native (storage-node/native/synq_storage_native.node)",
    async run() {
      await run("cargo", ["build", "-p", "synq-storage-native"]);
      const lib = { darwin: "libsynq_storage_native.dylib", win32: "synq_storage_native.dll" }[process.platform] ?? "libsynq_storage_native.so";
      const dest = join(root, "storage-node", "native", "synq_storage_native.node");
      // Copy then rename: a running node keeps its mapping of the old file intact.
      copyFileSync(join(root, "target", "debug", lib), `${dest}.tmp`);
      renameSync(`${dest}.tmp`, dest);
      return dest;
    },
  },
];

async function main() {
  const skipRust = process.env.SYNQ_SKIP_BUILD === "1";
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !steps.some((step) => step.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown step ${unknown.join(", ")}; steps: ${steps.map((s) => s.name).join(", ")}`);
  }
  const selected = (wanted.length === 0 ? steps.filter((step) => step.install !== false) : steps.filter((step) => wanted.includes(step.name))).filter(
    (step) => !(skipRust && step.rust !== false),
  );
  if (skipRust) log("SYNQ_SKIP_BUILD=1: the Rust steps are skipped");
  for (const [index, step] of selected.entries()) {
    const label = `${index + 1}/${selected.length} ${step.name}`;
    const stepStarted = Date.now();
    log(`${label}: ${step.title} ...`);
    let detail;
    try {
      detail = await step.run();
    } catch (err) {
      log(`${label}: FAILED after ${elapsed(stepStarted)}: ${err.message}`);
      console.error(`[build] failed at step "${step.name}"`);
      process.exit(1);
    }
    log(`${label}: done in ${elapsed(stepStarted)}${detail ? ` (${detail})` : ""}`);
  }
  log(`all done in ${elapsed(started)}`);
}

main().catch((err) => {
  console.error(`[build] ${err.message}`);
  process.exit(1);
});
