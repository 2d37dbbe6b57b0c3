/**
 * A service run as a child process that announces itself with a ready line on stdout: used for
 * synq-localnet (lib/localnet.ts) and, by `npm start`, for the indexer and the storage node.
 * The child never outlives this process, and a failed start reports its recent stderr.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface ChildOptions<T> {
  /** Names the service in errors. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  /** Environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Returns what the ready line announces, or undefined for any other stdout line. */
  parseReady: (line: string) => T | undefined;
  /** Each stderr line (and stdout line, with `logStdout`). Default: kept for error messages only. */
  onLog?: (line: string) => void;
  /** Treat stdout lines as log lines too (services that log to stdout). */
  logStdout?: boolean;
  readyTimeoutMs: number;
  /** SIGTERM grace before SIGKILL when a start fails. */
  failGraceMs: number;
  /** Stderr lines kept for error messages. */
  keepLines: number;
}

export interface Child<T> {
  ready: T;
  child: ChildProcess;
  /** Settles with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Parses a JSON object line; undefined for anything else. */
export function jsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function startChild<T>(options: ChildOptions<T>): Promise<Child<T>> {
  const child = spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const recentLogs: string[] = [];
  const logLine = (line: string): void => {
    recentLogs.push(line);
    if (recentLogs.length > options.keepLines) recentLogs.shift();
    options.onLog?.(line);
  };
  createInterface({ input: child.stderr! }).on("line", logLine);

  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ?? code ?? "unknown"));
  });
  // Never leave the child behind, whatever way this process ends.
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

  return new Promise<Child<T>>((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(options.failGraceMs).finally(() => reject(new Error(`${options.name} ${reason}\n${recentLogs.join("\n")}`.trimEnd())));
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${options.readyTimeoutMs} ms`), options.readyTimeoutMs);
    child.once("error", (err) => fail(`could not start: ${err.message}`));
    void exited.then((how) => fail(`exited (${how}) before it was ready`));
    const stdout = createInterface({ input: child.stdout! });
    stdout.on("line", (line) => {
      if (options.logStdout) logLine(line);
      if (settled) return;
      const ready = options.parseReady(line);
      if (ready === undefined) return;
      settled = true;
      clearTimeout(timer);
      if (!options.logStdout) stdout.removeAllListeners("line"); // the interface keeps draining stdout
      resolve({ ready, child, exited, stop });
    });
  });
}
