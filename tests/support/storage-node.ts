/**
 * Storage node processes for integration tests: a node in network mode on the test localnet,
 * HTTP requests on connections of their own, and waiting for the chain or a node to get somewhere.
 */
import { request as httpRequest } from "node:http";
import { join } from "node:path";

import { chainTime, writeKeypair, type SynqClient } from "@synq/sdk";

import { REPO_ROOT } from "../../scripts/lib/localnet";
import { jsonLine, startChild, type Child } from "../../scripts/lib/child";
import { sleep, warpClock, type SynqWallet } from "./index";

export interface RunningNode {
  child: Child<{ http: string; respPort: number }>;
  http: string;
  respPort: number;
  lines: string[];
}

/**
 * An HTTP request on a connection of its own: node processes come and go on ports the system
 * reuses, and a pooled keep-alive connection to a stopped node's port would be reset.
 */
export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | undefined>; text(): Promise<string>; json(): Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string | undefined>, text: async () => text, json: async () => JSON.parse(text) as unknown });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A storage node process in network mode for `operator`, its data in `dataDir`. */
export async function startNode(operator: SynqWallet, dataDir: string, extra: string[] = [], env?: NodeJS.ProcessEnv): Promise<RunningNode> {
  const keyFile = join(dataDir, "..", `${operator.pubkey.toBase58()}.json`);
  writeKeypair(keyFile, operator.key);
  const lines: string[] = [];
  const child = await startChild({
    name: "storage-node",
    command: process.execPath,
    args: [
      "-r", "ts-node/register/transpile-only",
      join("storage-node", "src", "cli.ts"),
      "--data-dir", dataDir,
      "--resp-port", "0",
      "--http-port", "0",
      "--network",
      "--keypair", keyFile,
      "--chain-poll-ms", "500",
      ...extra,
    ],
    cwd: REPO_ROOT,
    env,
    parseReady: (line) => {
      const ready = jsonLine(line);
      return ready?.msg === "storage node listening" && typeof ready.http === "string" ? { http: ready.http, respPort: Number(ready.respPort) } : undefined;
    },
    logStdout: true,
    onLog: (line) => {
      lines.push(line);
      if (process.env.SYNQ_SERVICE_LOGS === "1") console.error(`[node] ${line}`);
    },
    readyTimeoutMs: 60_000,
    failGraceMs: 5_000,
    keepLines: 50,
  });
  return { child, http: child.ready.http, respPort: child.ready.respPort, lines };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

export async function health(node: RunningNode): Promise<{ network: Record<string, unknown> }> {
  return (await (await request(`${node.http}/health`)).json()) as { network: Record<string, unknown> };
}


/** Registered and committed, with the stake warm-up warped past. */
export async function joined(client: SynqClient, operator: SynqWallet): Promise<void> {
  // Warming, or already active (another node's warp may have matured it and the node activated it).
  const position = await waitFor("the node's stake", async () => {
    const p = await client.staking.fetchPosition(operator.pubkey, operator.pubkey);
    return p !== null && (!p.warming.amount.isZero() || !p.shares.isZero()) ? p : undefined;
  });
  const wait = position.warming.amount.isZero() ? 0 : position.warming.activeAt.toNumber() - (await chainTime(client.connection));
  if (wait > 0) await warpClock(wait + 1);
  await waitFor("registration and a commitment", async () => {
    const node = await client.registry.fetchNode(operator.pubkey);
    return node !== null && !node.commitment.size.isZero();
  });
}

