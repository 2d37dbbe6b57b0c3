/**
 * `synq`: every role's everyday actions on Synq Network over the SDK (`synq --help` lists them).
 */
import { Context, UsageError, describeFailure, helpOf, parse, toJson, type Command } from "./cli";
import { creditCommands } from "./commands/credits";
import { epochCommands } from "./commands/epoch";
import { govCommands } from "./commands/gov";
import { nodeCommands } from "./commands/node";
import { stakingCommands } from "./commands/staking";
import { walletCommands } from "./commands/wallet";

const COMMANDS: Command[] = [...walletCommands, ...creditCommands, ...stakingCommands, ...nodeCommands, ...epochCommands, ...govCommands];

function overview(): string {
  return [
    "Usage: synq COMMAND [args] [flags]      (synq COMMAND --help for one command)",
    "",
    // Each summary up to its first explanation.
    ...COMMANDS.map((c) => `  ${c.path.join(" ").padEnd(18)} ${c.summary.replace(/\s*[(:;].*$/s, "").replace(/\.$/, "")}`),
    "",
    "Every command takes --rpc-url, --keypair, --json and --help; the SDK's SYNQ_* settings apply.",
    "Exit codes: 0 done, 1 refused or failed (the program's error named), 2 bad usage.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(`${overview()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  // The longest command path the words start with.
  const command = COMMANDS.filter((c) => c.path.every((word, i) => argv[i] === word)).sort((a, b) => b.path.length - a.path.length)[0];
  if (command === undefined) {
    process.stderr.write(`synq: unknown command "${argv.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ")}"\n\n${overview()}\n`);
    return 2;
  }
  let json = false;
  try {
    const { flags, args } = parse(command, argv.slice(command.path.length));
    json = flags.json === true;
    if (flags.help) {
      process.stdout.write(`${helpOf(command)}\n`);
      return 0;
    }
    const result = await command.run(new Context(flags), flags, args);
    process.stdout.write(json ? `${toJson({ ok: true, ...result.json })}\n` : `${result.text.join("\n")}\n`);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError;
    const message = describeFailure(err);
    if (json) process.stdout.write(`${toJson({ ok: false, error: message })}\n`);
    process.stderr.write(`synq ${command.path.join(" ")}: ${message}\n${usage ? `\n${helpOf(command)}\n` : ""}`);
    return usage ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`synq: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
