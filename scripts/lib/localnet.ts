/**
 * Starting and stopping `synq-localnet` as a child process: used by `npm start`
 * (scripts/start.ts) and by the test harness (tests/support).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const REPO_ROOT = join(__dirname, "..", "..");
export const LOCALNET_BINARY = join(REPO_ROOT, "target", "debug", "synq-localnet");

export interface LocalnetOptions {
  /** Arguments for the binary, e.g. `["--rpc-port", "0"]`. */
  args?: readonly string[];
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
  if (!line.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line) as Partial<ReadyLine>;
    if (value.event === "ready" && typeof value.rpcUrl === "string" && typeof value.wsUrl === "string") {
      return value as ReadyLine;
    }
  } catch {
    // Not JSON: not the ready line.
  }
  return undefined;
}

export function startLocalnet(options: LocalnetOptions = {}): Promise<Localnet> {
  const binary = options.binary ?? LOCALNET_BINARY;
  if (!existsSync(binary)) {
    return Promise.reject(
      new Error(`${binary} does not exist: run \`npm install\` (or \`node scripts/build.mjs localnet\`) first`),
    );
  }
  const child = spawn(binary, [...(options.args ?? [])], { stdio: ["ignore", "pipe", "pipe"] });
  const recentLogs: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    recentLogs.push(line);
    if (recentLogs.length > 40) recentLogs.shift();
    options.onLog?.(line);
  });

  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ?? code ?? "unknown"));
  });
  // Never leave the localnet behind, whatever way this process ends.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  void exited.then(() => process.removeListener("exit", killOnExit));

  const stop = async (graceMs = 5_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<Localnet>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(1_000).finally(() =>
        reject(new Error(`synq-localnet ${reason}\n${recentLogs.join("\n")}`.trimEnd())),
      );
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${timeoutMs} ms`), timeoutMs);
    child.once("error", (err) => fail(`could not start: ${err.message}`));
    void exited.then((how) => fail(`exited (${how}) before it was ready`));
    const stdout = createInterface({ input: child.stdout! });
    stdout.on("line", (line) => {
      const ready = parseReady(line);
      if (ready === undefined || settled) return;
      settled = true;
      clearTimeout(timer);
      stdout.removeAllListeners("line"); // the interface keeps draining stdout
      resolve({
        rpcUrl: ready.rpcUrl,
        wsUrl: ready.wsUrl,
        programs: ready.programs ?? {},
        child,
        exited,
        stop,
      });
    });
  });
}
