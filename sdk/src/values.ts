/**
 * Conversions between the forms amounts and enums take in the SDK: callers pass bigint, number
 * or BN; Anchor wants BN; math is done in bigint; seeds and signed messages want u64 LE bytes;
 * decoded Anchor enums are `{ variant: {} }` objects.
 */
import { BN } from "@coral-xyz/anchor";

/** An unsigned integer as callers may give it. */
export type Amount = bigint | number | BN;

export const toBn = (value: Amount): BN => (BN.isBN(value) ? value : new BN(value.toString()));

export const toBigInt = (value: Amount): bigint => BigInt(value.toString());

/** `value` as 8 little-endian bytes (u64 seeds, leaf data, signed messages). */
export function u64le(value: Amount): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(toBigInt(value));
  return out;
}

/** The variant name of a decoded Anchor enum (`{ active: {} }` -> "active"), checked. */
export function enumVariant<T extends string>(value: object, variants: readonly T[], what: string): T {
  const [name] = Object.keys(value);
  if (!variants.includes(name as T)) throw new Error(`unknown ${what} ${String(name)}`);
  return name as T;
}

/** A decimal token amount ("12.5") in base units of a mint with `decimals`; refuses anything else. */
export function parseTokenAmount(text: string, decimals: number): bigint {
  const match = /^(\d{1,20})(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) throw new Error(`"${text}" is not a token amount (digits, optionally a decimal point and more digits)`);
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) throw new Error(`"${text}" has more than ${decimals} decimals`);
  return BigInt(match[1]) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** Base units as a decimal token amount (trailing zeros dropped). */
export function formatTokenAmount(units: Amount, decimals: number): string {
  const value = toBigInt(units);
  const scale = 10n ** BigInt(decimals);
  const fraction = (value % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  return fraction ? `${value / scale}.${fraction}` : `${value / scale}`;
}
