/**
 * The `synq` command's frame: commands declare their flags and positionals, the frame parses
 * them strictly (an unknown flag is an error, never ignored), builds the SDK client from the one
 * config loader, prints the result as text or `--json`, and maps failures to exit codes:
 * 0 done, 1 refused or failed (the program's error name in the message), 2 bad usage.
 */
import { parseArgs } from "node:util";
import { AnchorError } from "@coral-xyz/anchor";
import type { Keypair } from "@solana/web3.js";
import { SynqClient, readKeypair } from "@synq/sdk";

export type Flags = Record<string, string | boolean | undefined>;

export interface Command {
  /** Words after `synq`, e.g. ["credits", "buy"]. */
  path: string[];
  summary: string;
  /** Positional arguments, in order (a trailing `?` marks an optional one). */
  args?: string[];
  flags?: Record<string, { type: "string" | "boolean"; help: string }>;
  /** More help below the flags. */
  details?: string;
  run(ctx: Context, flags: Flags, args: string[]): Promise<Result>;
}

/** A command's outcome: fields for `--json`, and the lines a person reads. */
export interface Result {
  json: Record<string, unknown>;
  text: string[];
}

/** Bad usage: exit code 2, with the command's help. */
export class UsageError extends Error {}

export const GLOBAL_FLAGS: Record<string, { type: "string" | "boolean"; help: string }> = {
  "rpc-url": { type: "string", help: "JSON-RPC URL (default SYNQ_RPC_URL, else http://127.0.0.1:8899)" },
  keypair: { type: "string", help: "wallet keypair file (default SYNQ_WALLET, else .synq/wallet.json)" },
  json: { type: "boolean", help: "print the result as one JSON object" },
  help: { type: "boolean", help: "this help" },
};

export class Context {
  private cached: SynqClient | undefined;

  constructor(private readonly flags: Flags) {}

  /** The SDK client for the flags and the environment (the SDK's config loader). */
  get client(): SynqClient {
    this.cached ??= SynqClient.connect({
      rpcUrl: typeof this.flags["rpc-url"] === "string" ? this.flags["rpc-url"] : undefined,
      keypair: typeof this.flags.keypair === "string" ? keypairFile(this.flags.keypair) : undefined,
    });
    return this.cached;
  }
}

function keypairFile(path: string): Keypair {
  try {
    return readKeypair(path);
  } catch (e) {
    throw new UsageError(`--keypair ${path} is not a readable keypair file (a JSON array of 64 bytes): ${(e as Error).message}`);
  }
}

export function helpOf(command: Command): string {
  const flags = { ...command.flags, ...GLOBAL_FLAGS };
  const lines = [
    `Usage: synq ${command.path.join(" ")}${(command.args ?? []).map((a) => (a.endsWith("?") ? ` [${a.slice(0, -1)}]` : ` ${a}`)).join("")} [flags]`,
    "",
    command.summary,
    "",
    ...Object.entries(flags).map(([name, f]) => `  --${name}${f.type === "string" ? " VALUE" : ""}`.padEnd(26) + f.help),
  ];
  if (command.details) lines.push("", command.details);
  return lines.join("\n");
}

export function parse(command: Command, argv: string[]): { flags: Flags; args: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...command.flags, ...GLOBAL_FLAGS }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const args = parsed.positionals;
  const spec = command.args ?? [];
  const required = spec.filter((a) => !a.endsWith("?")).length;
  if (!parsed.values.help && (args.length < required || args.length > spec.length)) {
    throw new UsageError(`synq ${command.path.join(" ")} takes ${spec.length === required ? required : `${required} to ${spec.length}`} argument(s): ${spec.join(" ") || "none"}; got ${args.length}`);
  }
  return { flags: parsed.values as Flags, args };
}

/** The failure in words: the program's error name and message when a program refused. */
export function describeFailure(err: unknown): string {
  if (err instanceof AnchorError) return `${err.error.errorCode.code}: ${err.error.errorMessage}`;
  const message = err instanceof Error ? err.message : String(err);
  const anchor = /Error Code: (\w+)\. Error Number: \d+\. Error Message: ([^.\n]+)/.exec(message);
  return anchor ? `${anchor[1]}: ${anchor[2]}` : message;
}

/** JSON with bigints as decimal strings and keys as base58. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v !== null && typeof v === "object" && "toBase58" in v && typeof (v as { toBase58: unknown }).toBase58 === "function") return (v as { toBase58(): string }).toBase58();
    return v;
  });
}
