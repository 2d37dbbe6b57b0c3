/**
 * The page's script: web/src/main.ts and everything it imports (the SDK's browser entry,
 * web3.js, Anchor) bundled by esbuild for browsers, in memory, when the server starts (well
 * under a second of esbuild's time).
 */
import { build, type Plugin } from "esbuild";
import { join } from "node:path";

export const WEB_DIR = join(__dirname, "..", "web");

export interface Bundle {
  js: string;
  map: string;
  buildMs: number;
}

/**
 * The Node-only modules `client.ts` imports for `SynqClient.connect` (sdk/src/config.ts and
 * deployment.ts read files), with the names they import. A page never calls `connect`; these
 * become functions that throw if it ever did. A name missing here, or any other `node:` import
 * on the browser path, is an esbuild error: the build fails, not the page.
 */
const NODE_ONLY_STUBS: Record<string, string[]> = {
  "node:fs": ["existsSync", "mkdirSync", "readFileSync", "writeFileSync"],
  "node:path": ["dirname", "join", "resolve"],
};

const nodeOnlyStubs: Plugin = {
  name: "synq-node-only-stubs",
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(NODE_ONLY_STUBS).join("|")})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "node-only-stub" }));
    b.onLoad({ filter: /.*/, namespace: "node-only-stub" }, (args) => ({
      contents: (NODE_ONLY_STUBS[args.path] ?? [])
        .map((name) => `export function ${name}() { throw new Error(${JSON.stringify(`${args.path} ${name}() is not available in the browser (SynqClient.connect is Node-only)`)}); }`)
        .join("\n"),
      loader: "js",
    }));
  },
};

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
    plugins: [nodeOnlyStubs],
    logLevel: "silent",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
  if (js === undefined || map === undefined) throw new Error("esbuild produced no app.js / app.js.map");
  return { js: js.text, map: map.text, buildMs: Date.now() - started };
}
