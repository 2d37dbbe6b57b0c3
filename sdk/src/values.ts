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
