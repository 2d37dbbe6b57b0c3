/**
 * Which segment a storage challenge asks for, as `programs/registry/src/challenge.rs` decides
 * it: the seed is sha256(hash of the first slot after the issue slot || node || sequence u64
 * LE), read from the SlotHashes sysvar when the node responds; the chunk is u64_le(seed[0..8])
 * % chunk_count and the segment u64_le(seed[8..16]) % SEGMENTS_PER_CHUNK. Nobody knows the
 * segment when the challenge opens (docs/registry-staking.md).
 */
import { sha256 } from "@noble/hashes/sha2";
import type { PublicKey } from "@solana/web3.js";

import { SEGMENTS_PER_CHUNK, type Hash } from "./merkle";
import { u64le } from "./values";

/** SlotHashes: count u64 LE, then (slot u64 LE, hash 32 bytes) entries, newest first. */
const ENTRY_LEN = 40;

export type SeedSlot =
  | { status: "ready"; slot: bigint; hash: Buffer }
  /** No slot after the issue slot is hashed yet: ask again in a slot or two. */
  | { status: "pending" }
  /** SlotHashes no longer reaches back to the issue slot: the window has long closed. */
  | { status: "expired" };

/** The first slot after `issuedSlot` that the SlotHashes sysvar data holds. */
export function seedSlot(slotHashes: Uint8Array, issuedSlot: bigint): SeedSlot {
  const data = Buffer.from(slotHashes.buffer, slotHashes.byteOffset, slotHashes.byteLength);
  if (data.length < 8) throw new Error("SlotHashes data is shorter than its length prefix");
  const count = data.readBigUInt64LE(0);
  let later: { slot: bigint; hash: Buffer } | undefined;
  for (let i = 0; BigInt(i) < count; i += 1) {
    const start = 8 + i * ENTRY_LEN;
    if (start + ENTRY_LEN > data.length) throw new Error("SlotHashes data is truncated");
    const slot = data.readBigUInt64LE(start);
    if (slot <= issuedSlot) return later ? { status: "ready", ...later } : { status: "pending" };
    later = { slot, hash: data.subarray(start + 8, start + ENTRY_LEN) };
  }
  return later ? { status: "expired" } : { status: "pending" };
}

/** sha256(seed slot hash || node || sequence u64 LE). */
export function challengeSeed(slotHash: Uint8Array, node: PublicKey, sequence: number | bigint): Hash {
  return Buffer.from(sha256.create().update(slotHash).update(node.toBytes()).update(u64le(sequence)).digest());
}

/** Chunk and segment indices a seed selects. */
export function challengeIndices(seed: Uint8Array, chunkCount: number | bigint): { chunkIndex: bigint; segmentIndex: bigint } {
  const bytes = Buffer.from(seed);
  const count = BigInt(chunkCount) > 0n ? BigInt(chunkCount) : 1n;
  return {
    chunkIndex: bytes.readBigUInt64LE(0) % count,
    segmentIndex: bytes.readBigUInt64LE(8) % BigInt(SEGMENTS_PER_CHUNK),
  };
}
