/**
 * The indexer and the dashboard as processes for integration tests, on free ports, as
 * `npm start` runs them: the indexer on a fresh database of the PostgreSQL server
 * (DATABASE_URL, else 127.0.0.1:5432), or an embedded PostgreSQL when there is none.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createTestDatabase, type TestDatabase } from "../../indexer/test/support";
import { jsonLine, startChild, type Child } from "../../scripts/lib/child";
import { REPO_ROOT } from "../../scripts/lib/localnet";

export interface RunningService {
  url: string;
  child: Child<string>;
  /** Recent log lines, for a failed test's report. */
  lines: string[];
  stop(): Promise<void>;
}

function keepLines(lines: string[]): (line: string) => void {
  return (line) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
}

/** The indexer on the test localnet (SYNQ_RPC_URL / SYNQ_WS_URL); `url` is its GraphQL URL. */
export async function startIndexer(): Promise<RunningService> {
  let database: TestDatabase | undefined;
  let scratch: string | undefined;
  const env = { ...process.env };
  try {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
  } catch {
    // No PostgreSQL server: an embedded one, in a directory its own (non-root) user can enter.
    delete env.DATABASE_URL;
    scratch = mkdtempSync(join(tmpdir(), "synq-indexer-"));
    chmodSync(scratch, 0o755);
  }
  const lines: string[] = [];
  const args = [join("indexer", "src", "cli.ts"), "--port", "0", ...(scratch === undefined ? [] : ["--data-dir", join(scratch, "pg")])];
  const cleanup = async (): Promise<void> => {
    await database?.drop().catch(() => undefined);
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  };
  let child: Child<string>;
  try {
    child = await startChild({
      name: "indexer",
      command: process.execPath,
      args: ["-r", "ts-node/register/transpile-only", ...args],
      cwd: REPO_ROOT,
      env,
      parseReady: (line) => {
        const ready = jsonLine(line);
        return ready?.event === "ready" && typeof ready.graphqlUrl === "string" ? ready.graphqlUrl : undefined;
      },
      onLog: keepLines(lines),
      readyTimeoutMs: 120_000,
      failGraceMs: 10_000,
      keepLines: 30,
    });
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    url: child.ready,
    child,
    lines,
    stop: async () => {
      await child.stop(10_000);
      await cleanup();
    },
  };
}

/** The dashboard server (dashboard/src/cli.ts) for `graphqlUrl` and the test localnet; `url` is the page. */
export async function startDashboard(graphqlUrl: string, extra: string[] = []): Promise<RunningService> {
  const lines: string[] = [];
  const child = await startChild({
    name: "dashboard",
    command: process.execPath,
    args: ["-r", "ts-node/register/transpile-only", join("dashboard", "src", "cli.ts"), "--port", "0", "--graphql-url", graphqlUrl, ...extra],
    cwd: REPO_ROOT,
    parseReady: (line) => {
      const ready = jsonLine(line);
      return ready?.event === "ready" && typeof ready.url === "string" ? ready.url : undefined;
    },
    onLog: keepLines(lines),
    readyTimeoutMs: 60_000,
    failGraceMs: 5_000,
    keepLines: 30,
  });
  return { url: child.ready, child, lines, stop: () => child.stop(10_000) };
}
