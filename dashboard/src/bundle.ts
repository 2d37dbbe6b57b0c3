/**
 * The page's script: web/src/main.ts and everything it imports (the SDK's browser entry,
 * web3.js, Anchor) bundled by esbuild for browsers, in memory, when the server starts (well
 * under a second of esbuild's time). A `node:` import anywhere on that path fails the build.
 */
import { build } from "esbuild";
import { join } from "node:path";

export const WEB_DIR = join(__dirname, "..", "web");

export interface Bundle {
  js: string;
  map: string;
  buildMs: number;
}

export async function buildBundle(): Promise<Bundle> {
  const started = Date.now();
  const result = await build({
    entryPoints: [join(WEB_DIR, "src", "main.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    outfile: "app.js",
    write: false,
    // web3.js and Anchor use Node's Buffer: the `buffer` package's, for every module.
    inject: [join(WEB_DIR, "src", "shims.ts")],
    define: { "process.env.NODE_ENV": '"production"', "process.env.NODE_DEBUG": "false", global: "globalThis" },
    logLevel: "silent",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
  if (js === undefined || map === undefined) throw new Error("esbuild produced no app.js / app.js.map");
  return { js: js.text, map: map.text, buildMs: Date.now() - started };
}
