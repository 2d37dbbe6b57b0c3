/**
 * `@synq/sdk` as a dApp gets it: `npm pack -w sdk`, installed into an empty project beside its
 * peer dependencies, then used from plain CommonJS, from ESM and from TypeScript (the `exports`
 * map's three conditions) against the test localnet. Nothing of this repository is on that
 * project's path: a missing file in the tarball, a `target/` import or a broken condition fails.
 */
import { Keypair } from "@solana/web3.js";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { deploymentToJson, writeKeypair } from "@synq/sdk";

import { deployment, network } from "./support";

const ROOT = resolve(__dirname, "..");
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

// Reads both configs through the packed SDK and prints them as JSON, the same in both module systems.
const READ_CONFIGS = `
  const client = SynqClient.connect({ keypair: Keypair.generate() });
  const registry = await client.registry.fetchConfig();
  const payments = await client.payments.fetchConfig();
  console.log(JSON.stringify({
    mint: client.deployment.mint.toBase58(),
    registryAuthority: registry.authority.toBase58(),
    paymentAuthority: payments.authority.toBase58(),
    idlName: RAW_IDLS.registry.metadata.name,
  }));
`;

describe("@synq/sdk packed and installed into an empty project", function () {
  this.timeout(600_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "synq-sdk-consumer-"));
    const packed = JSON.parse(run("npm", ["pack", "-w", "sdk", "--json", "--pack-destination", dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    const [{ filename, files }] = packed;
    const paths = files.map((f) => f.path);
    for (const wanted of ["dist/index.cjs", "dist/index.mjs", "dist/types/src/index.d.ts", "idl/registry.json", "package.json"]) {
      assert.ok(paths.includes(wanted), `${wanted} missing from the tarball: ${paths.join(", ")}`);
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "synq-sdk-consumer", private: true, version: "0.0.0" }));
    // The peer dependencies at the versions the SDK is built against; the rest comes from the tarball.
    const anchorVersion = (require("@coral-xyz/anchor/package.json") as { version: string }).version;
    const web3Version = (require("@solana/web3.js/package.json") as { version: string }).version;
    run("npm", ["install", ...NPM_FLAGS, join(dir, filename), `@coral-xyz/anchor@${anchorVersion}`, `@solana/web3.js@${web3Version}`], dir);

    const { rpcUrl } = network();
    const deploymentPath = join(dir, "deployment.json");
    writeFileSync(deploymentPath, JSON.stringify(deploymentToJson(await deployment()), null, 2));
    const wallet = join(dir, "wallet.json");
    writeKeypair(wallet, Keypair.generate());
    env = { ...process.env, SYNQ_RPC_URL: rpcUrl, SYNQ_DEPLOYMENT: deploymentPath, SYNQ_WALLET: wallet, NODE_PATH: "" };
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function expected(): Promise<Record<string, string>> {
    const { client } = network();
    const d = await deployment();
    return {
      mint: d.mint.toBase58(),
      registryAuthority: (await client.registry.fetchConfig()).authority.toBase58(),
      paymentAuthority: (await client.payments.fetchConfig()).authority.toBase58(),
      idlName: "registry",
    };
  }

  it("is installed with no file of this repository on its path", () => {
    const installed = join(dir, "node_modules", "@synq", "sdk");
    assert.ok(!lstatSync(installed).isSymbolicLink(), "installed as a copy, not a link into the repository");
    for (const entry of ["dist", "idl", "package.json"]) assert.ok(readdirSync(installed).includes(entry), `${entry} installed`);
    const resolved = execFileSync(process.execPath, ["-p", "require.resolve('@synq/sdk')"], { cwd: dir, env, encoding: "utf8" }).trim();
    assert.equal(resolved, join(dir, "node_modules", "@synq", "sdk", "dist", "index.cjs"));
  });

  it("require('@synq/sdk') reads the localnet's configs", async () => {
    writeFileSync(join(dir, "read.cjs"), `const { SynqClient, RAW_IDLS } = require("@synq/sdk");\nconst { Keypair } = require("@solana/web3.js");\n(async () => {${READ_CONFIGS}})().catch((e) => { console.error(e); process.exit(1); });\n`);
    assert.deepEqual(JSON.parse(run(process.execPath, ["read.cjs"], dir, env)), await expected());
  });

  it("import '@synq/sdk' (ESM) reads the localnet's configs", async () => {
    writeFileSync(join(dir, "read.mjs"), `import { SynqClient, RAW_IDLS } from "@synq/sdk";\nimport { Keypair } from "@solana/web3.js";\n${READ_CONFIGS}\n`);
    assert.deepEqual(JSON.parse(run(process.execPath, ["read.mjs"], dir, env)), await expected());
  });

  it("its browser build imports no Node module", () => {
    const browser = readFileSync(join(dir, "node_modules", "@synq", "sdk", "dist", "browser.mjs"), "utf8");
    const specifiers = [...browser.matchAll(/\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)|\brequire\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    assert.ok(specifiers.includes("@solana/web3.js"), `the imports were found: ${specifiers.join(", ")}`);
    const builtins = new Set(builtinModules);
    assert.deepEqual(specifiers.filter((s) => s.startsWith("node:") || builtins.has(s.split("/")[0])), []);
  });

  it("typechecks a TypeScript consumer against the package's types (node16 resolution)", () => {
    writeFileSync(
      join(dir, "consumer.ts"),
      [
        `import { SynqClient, programIdl, type Registry } from "@synq/sdk";`,
        `import { Keypair } from "@solana/web3.js";`,
        `const client: SynqClient = SynqClient.connect({ keypair: Keypair.generate() });`,
        `const idl: Registry = programIdl("registry");`,
        `export const names: string[] = [idl.metadata.name, client.programs.registry.programId.toBase58()];`,
        // A misuse the types must refuse, so the check cannot pass by resolving to `any`.
        `// @ts-expect-error programIdl takes a program key`,
        `programIdl("no-such-program");`,
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "node16", moduleResolution: "node16", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["consumer.ts"] }),
    );
    run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], dir);
  });
});
