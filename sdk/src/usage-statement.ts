/**
 * Usage statements (docs/paid-access.md, "Metering"): what a storage node says a developer has
 * used on it, signed by the node's operator key. The developer's client recomputes the credits
 * from the statement's counters and the on-chain price table before it co-signs a receipt for
 * them, and keeps the statement as evidence of what the node claimed.
 *
 * The signed bytes, written once here and pinned by `sdk/vectors/usage-statement.json`:
 *
 *   USAGE_DOMAIN ("synq-usage-v1", 13 bytes)
 *   || mint (32) || node (32: registry address) || credit_account (32)
 *   || tier (u8: 0 Free, 1 Standard, 2 Premium)
 *   || period (u64 LE: the metering period on this channel, from 0)
 *   || queries (u64 LE) || vectors (u64 LE) || storage_byte_seconds (u64 LE): the period's counts
 *   || prior_credits (u64 LE: credits of the periods before) || credits (u64 LE: cumulative)
 *   || issued_at (u64 LE: Unix milliseconds)
 *
 * Sent as `x-synq-usage: base64(message || signature)`.
 */
import { ed25519 } from "@noble/curves/ed25519";
import { PublicKey, type Keypair } from "@solana/web3.js";

import { type TierName, type TierPricing } from "./payments";
import { toBigInt, u64le, type Amount } from "./values";

export const USAGE_DOMAIN = new TextEncoder().encode("synq-usage-v1");
export const USAGE_MESSAGE_LEN = USAGE_DOMAIN.length + 3 * 32 + 1 + 7 * 8;
export const USAGE_HEADER = "x-synq-usage";
/** Seconds in the month of the price table's GB-month (30 days). */
export const MONTH_SECONDS = 2_592_000n;
const TIER_CODES: readonly TierName[] = ["free", "standard", "premium"];

/** One metering period's counts on one channel. */
export interface PeriodUsage {
  /** Queries and commands served. */
  queries: bigint;
  /** Vectors added above the account's previous high-water mark of stored vectors. */
  vectors: bigint;
  /** Integral over time of the bytes stored above the tier's free storage, in byte-seconds. */
  storageByteSeconds: bigint;
}

export interface UsageStatement extends PeriodUsage {
  mint: PublicKey;
  node: PublicKey;
  creditAccount: PublicKey;
  tier: TierName;
  period: bigint;
  priorCredits: bigint;
  credits: bigint;
  issuedAt: bigint;
}

export interface SignedUsageStatement extends UsageStatement {
  signature: Uint8Array;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
const above = (value: bigint, free: Amount): bigint => (value > toBigInt(free) ? value - toBigInt(free) : 0n);

/**
 * Credits one period costs on `row` (the tier's line of the on-chain price table): queries and
 * vectors above the tier's free quota per million, storage per GB-month (30 days), each line
 * rounded up, times the credit rate. The node charges exactly this; the client checks it.
 */
export function periodCredits(row: TierPricing, creditRate: Amount, usage: PeriodUsage): bigint {
  const baseUnits =
    ceilDiv(above(usage.queries, row.freeQueries) * toBigInt(row.perMillionQueries), 1_000_000n) +
    ceilDiv(above(usage.vectors, row.freeVectors) * toBigInt(row.perMillionVectors), 1_000_000n) +
    ceilDiv(usage.storageByteSeconds * toBigInt(row.storagePerGbMonth), 1_000_000_000n * MONTH_SECONDS);
  return baseUnits * toBigInt(creditRate);
}

/** The exact bytes signed for `statement`. */
export function usageStatementMessage(statement: UsageStatement): Buffer {
  const tier = TIER_CODES.indexOf(statement.tier);
  if (tier < 0) throw new RangeError(`unknown tier ${String(statement.tier)}`);
  const message = Buffer.concat([
    USAGE_DOMAIN,
    statement.mint.toBuffer(),
    statement.node.toBuffer(),
    statement.creditAccount.toBuffer(),
    Buffer.of(tier),
    u64le(statement.period),
    u64le(statement.queries),
    u64le(statement.vectors),
    u64le(statement.storageByteSeconds),
    u64le(statement.priorCredits),
    u64le(statement.credits),
    u64le(statement.issuedAt),
  ]);
  return message;
}

/** Signs a statement with the node operator's key. */
export function signUsageStatement(operator: Keypair, statement: UsageStatement): SignedUsageStatement {
  return { ...statement, signature: ed25519.sign(usageStatementMessage(statement), operator.secretKey.subarray(0, 32)) };
}

/** True when `statement` is signed by `operator`. */
export function verifyUsageStatement(statement: SignedUsageStatement, operator: PublicKey): boolean {
  try {
    return ed25519.verify(statement.signature, usageStatementMessage(statement), operator.toBytes());
  } catch {
    return false;
  }
}

/** The header value: base64 of the message and the signature. */
export function encodeUsageStatement(statement: SignedUsageStatement): string {
  return Buffer.concat([usageStatementMessage(statement), Buffer.from(statement.signature)]).toString("base64");
}

/** Parses a header value (throws a RangeError naming what is wrong). The signature is not checked. */
export function decodeUsageStatement(value: string): SignedUsageStatement {
  const bytes = Buffer.from(value, "base64");
  if (bytes.length !== USAGE_MESSAGE_LEN + 64) throw new RangeError(`a usage statement is ${USAGE_MESSAGE_LEN + 64} bytes, not ${bytes.length}`);
  if (!bytes.subarray(0, USAGE_DOMAIN.length).equals(Buffer.from(USAGE_DOMAIN))) throw new RangeError("not a usage statement (domain)");
  let at = USAGE_DOMAIN.length;
  const key = (): PublicKey => new PublicKey(bytes.subarray(at, (at += 32)));
  const u64 = (): bigint => {
    const v = bytes.readBigUInt64LE(at);
    at += 8;
    return v;
  };
  const mint = key();
  const node = key();
  const creditAccount = key();
  const tier = TIER_CODES[bytes[at++]];
  if (tier === undefined) throw new RangeError("a usage statement names an unknown tier");
  const period = u64();
  const queries = u64();
  const vectors = u64();
  const storageByteSeconds = u64();
  const priorCredits = u64();
  const credits = u64();
  const issuedAt = u64();
  return { mint, node, creditAccount, tier, period, queries, vectors, storageByteSeconds, priorCredits, credits, issuedAt, signature: bytes.subarray(at, at + 64) };
}
