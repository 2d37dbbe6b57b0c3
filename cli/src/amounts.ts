/** $SYNQ amounts as people type and read them (decimal $SYNQ), from the mint's decimals. */
import { getMint } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import { formatTokenAmount, parseTokenAmount, type SynqClient } from "@synq/sdk";

import { UsageError } from "./cli";

export async function synqDecimals(client: SynqClient): Promise<number> {
  return (await getMint(client.connection, client.requireDeployment().mint, "confirmed")).decimals;
}

/** A decimal $SYNQ amount in base units (a UsageError naming `what` otherwise). */
export function parseSynq(text: string, decimals: number, what: string): bigint {
  try {
    const units = parseTokenAmount(text, decimals);
    if (units <= 0n) throw new Error();
    return units;
  } catch {
    throw new UsageError(`${what} must be a positive $SYNQ amount with at most ${decimals} decimals, got "${text}"`);
  }
}

export function showSynq(units: bigint, decimals: number): string {
  return `${formatTokenAmount(units, decimals)} $SYNQ`;
}

/** A non-negative integer flag. */
export function parseCount(text: string | undefined, what: string, fallback: bigint): bigint {
  if (text === undefined) return fallback;
  if (!/^\d{1,20}$/.test(text)) throw new UsageError(`${what} must be a whole number, got "${text}"`);
  return BigInt(text);
}

export function parseKey(text: string, what: string): PublicKey {
  try {
    return new PublicKey(text);
  } catch {
    throw new UsageError(`${what} must be a base58 public key, got "${text}"`);
  }
}
