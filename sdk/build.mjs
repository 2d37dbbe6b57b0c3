#!/usr/bin/env node
// Builds the installable package into dist/ (what `exports` in package.json points at):
//   dist/index.cjs                   the SDK for Node, dependencies external
//   dist/index.mjs                   its ESM entry: a wrapper re-exporting index.cjs by name. Not a
//                                    second bundle: @coral-xyz/anchor is CommonJS whose named
//                                    exports Node's ESM cannot see (`import { BN }` fails), and
//                                    one copy of the SDK's module state serves both systems
//   dist/browser.mjs                 the browser entry (src/browser.ts)
//   dist/types/                      declarations (tsc), skipped with --js
// esbuild compiles the JS in well under a second; tsc's declarations take longer, so the
// workspace's own scripts that only run code pass --js.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const sdk = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const unknown = args.filter((arg) => !["--js", "--quiet"].includes(arg));
if (unknown.length > 0) {
  console.error(`sdk/build.mjs: unknown option ${unknown.join(" ")} (options: --js, --quiet)`);
  process.exit(2);
}
const jsOnly = args.includes("--js");
const quiet = args.includes("--quiet");
const started = Date.now();

const common = {
  bundle: true,
  // Dependencies stay imports: the app's own @coral-xyz/anchor and @solana/web3.js are used.
  packages: "external",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
};

const bundles = [
  { entryPoints: [join(sdk, "src/index.ts")], platform: "node", format: "cjs", outfile: join(sdk, "dist/index.cjs") },
  { entryPoints: [join(sdk, "src/browser.ts")], platform: "browser", format: "esm", outfile: join(sdk, "dist/browser.mjs") },
];
try {
  await Promise.all(bundles.map((bundle) => build({ ...common, ...bundle })));
} catch {
  // esbuild has printed the errors with their source lines.
  console.error("[sdk] build failed");
  process.exit(1);
}

const names = Object.keys(createRequire(import.meta.url)(join(sdk, "dist/index.cjs"))).filter((name) => name !== "default" && name !== "__esModule");
writeFileSync(
  join(sdk, "dist/index.mjs"),
  `// ESM entry of @synq/sdk: the CommonJS build's exports by name (see sdk/build.mjs).\nimport sdk from "./index.cjs";\nexport const { ${names.join(", ")} } = sdk;\nexport default sdk;\n`,
);

if (!jsOnly) {
  rmSync(join(sdk, "dist/types"), { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve("typescript/bin/tsc"), "-p", join(sdk, "tsconfig.build.json")], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
if (!quiet) console.log(`[sdk] built dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s${jsOnly ? " (JS only)" : ""}`);
