/**
 * Before `anchor` runs: anchor reads the wallet named in Anchor.toml's [provider] (for
 * `--mint`, the upgrade authority and ANCHOR_WALLET) and fails when it is missing. Without the
 * Solana CLI there is no `solana-keygen new` to make one, so this makes it, once, and says so.
 */
import { Keypair } from "@solana/web3.js";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The `wallet = "..."` of Anchor.toml's [provider] section, if any. */
export function providerWallet(anchorToml: string): string | undefined {
  let section = "";
  for (const raw of anchorToml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) section = header[1].trim();
    const wallet = /^wallet\s*=\s*"([^"]*)"$/.exec(line);
    if (section === "provider" && wallet) return wallet[1];
  }
  return undefined;
}

function main(): void {
  // anchor's own override wins; the file it names must then exist already.
  if (process.argv.some((arg) => arg.startsWith("--provider.wallet"))) return;
  if (!existsSync("Anchor.toml")) return;
  const wallet = providerWallet(readFileSync("Anchor.toml", "utf8"));
  if (wallet === undefined) return;
  const path = wallet.startsWith("~/") ? join(homedir(), wallet.slice(2)) : resolve(wallet);
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(Array.from(Keypair.generate().secretKey)), { mode: 0o600 });
  console.error(`[anchor] created the provider wallet ${path} (Anchor.toml names it; no solana-keygen here)`);
}

if (require.main === module) main();
