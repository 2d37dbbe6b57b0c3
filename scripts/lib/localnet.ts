/**
 * Starting and stopping `synq-localnet` as a child process: used by `npm start`
 * (scripts/start.ts) and by the test harness (tests/support).
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

import { jsonLine, startChild } from "./child";

export const REPO_ROOT = join(__dirname, "..", "..");
export const LOCALNET_BINARY = join(REPO_ROOT, "target", "debug", "synq-localnet");

export interface LocalnetOptions {
  /** Arguments for the binary, e.g. `["--rpc-port", "0"]`. */
  args?: readonly string[];
  /**
   * The programs' upgrade authority (`--upgrade-authority`): the only key that may initialise
   * their configs, so the deployer's. Default: none (nobody can initialise).
   */
  upgradeAuthority?: { toBase58(): string };
  binary?: string;
  /** Each line the localnet logs on stderr (JSON). Default: kept for error messages only. */
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** A running localnet, as announced by its ready line. */
export interface Localnet {
  rpcUrl: string;
  wsUrl: string;
  /** Program name -> id, from the ready line. */
  programs: Record<string, string>;
  child: ChildProcess;
  /** Settles with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

interface ReadyLine {
  event: "ready";
  rpcUrl: string;
  wsUrl: string;
  programs?: Record<string, string>;
}

function parseReady(line: string): ReadyLine | undefined {
  const value = jsonLine(line);
  if (value?.event === "ready" && typeof value.rpcUrl === "string" && typeof value.wsUrl === "string") {
    return value as unknown as ReadyLine;
  }
  return undefined;
}

export async function startLocalnet(options: LocalnetOptions = {}): Promise<Localnet> {
  const binary = options.binary ?? LOCALNET_BINARY;
  if (!existsSync(binary)) {
    throw new Error(`${binary} does not exist: run \`npm install\` (or \`node scripts/build.mjs localnet\`) first`);
  }
  const { ready, child, exited, stop } = await startChild({
    name: "synq-localnet",
    command: binary,
    args: [...(options.args ?? []), ...(options.upgradeAuthority ? ["--upgrade-authority", options.upgradeAuthority.toBase58()] : [])],
    parseReady,
    onLog: options.onLog,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    failGraceMs: 1_000,
    keepLines: 40,
  });
  return { rpcUrl: ready.rpcUrl, wsUrl: ready.wsUrl, programs: ready.programs ?? {}, child, exited, stop };
}
