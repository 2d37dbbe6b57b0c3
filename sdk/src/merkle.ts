/**
 * Domain-separated sorted-pair merkle trees, byte for byte as the registry program
 * (`programs/registry/src/merkle.rs`) and docs/registry-staking.md define them:
 *
 * - leaf = sha256(0x00 || data), node = sha256(0x01 || min(a, b) || max(a, b)) (bytewise order,
 *   so proofs carry no direction bits); a level with an odd count carries its last hash up;
 * - storage commitments: data in 4 KiB chunks (last one zero padded), each chunk in 64
 *   segments of 64 bytes; segment leaf data = index u64 LE || segment, chunk leaf data =
 *   index u64 LE || chunk root (the root of its segment leaves). The indices in the leaf data
 *   bind positions, which sorted pairs alone do not.
 */
// @noble/hashes rather than node:crypto: the SDK also runs in browsers (src/browser.ts).
import { sha256 as nobleSha256 } from "@noble/hashes/sha2";

import { integerConstant } from "./idl";
import { u64le } from "./values";

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** Chunk, segment and segments-per-chunk sizes from the registry's IDL constants. */
export const CHUNK_SIZE = Number(integerConstant("registry", "CHUNK_SIZE"));
export const SEGMENT_SIZE = Number(integerConstant("registry", "SEGMENT_SIZE"));
export const SEGMENTS_PER_CHUNK = Number(integerConstant("registry", "SEGMENTS_PER_CHUNK"));

function sha256(...parts: Uint8Array[]): Hash {
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(part);
  const digest = hash.digest();
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength);
}

export function leafHash(...data: Uint8Array[]): Hash {
  return sha256(LEAF_PREFIX, ...data);
}

export function nodeHash(a: Uint8Array, b: Uint8Array): Hash {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) <= 0 ? sha256(NODE_PREFIX, a, b) : sha256(NODE_PREFIX, b, a);
}

/** The root `leaf` and `proof` lead to. */
export function rootFromProof(leaf: Uint8Array, proof: readonly Uint8Array[]): Hash {
  return proof.reduce<Hash>((acc, sibling) => nodeHash(acc, sibling), Buffer.from(leaf));
}

export function verifyProof(leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  return rootFromProof(leaf, proof).equals(Buffer.from(root));
}


/** How many hashes each level holds, leaves first: a level with an odd count carries its last hash up. */
export function levelSizes(leafCount: number): number[] {
  if (!Number.isInteger(leafCount) || leafCount < 1) throw new Error("a merkle tree needs at least one leaf");
  const sizes = [leafCount];
  while (sizes[sizes.length - 1] > 1) sizes.push(Math.ceil(sizes[sizes.length - 1] / 2));
  return sizes;
}

/** The level above `level` (32-byte hashes back to back). */
export function parentLevel(level: Uint8Array): Buffer {
  const count = level.length / 32;
  const out = Buffer.alloc(Math.ceil(count / 2) * 32);
  for (let i = 0; i < count; i += 2) {
    const a = level.subarray(i * 32, i * 32 + 32);
    (i + 1 < count ? nodeHash(a, level.subarray(i * 32 + 32, i * 32 + 64)) : Buffer.from(a)).copy(out, (i / 2) * 32);
  }
  return out;
}

/**
 * Sibling hashes from leaf `index` up, read through `hashAt(level, position)`: the one proof
 * rule for trees held in memory and trees read from a file (levels where the node is carried
 * contribute none).
 */
export function proofPath(sizes: readonly number[], index: number, hashAt: (level: number, position: number) => Hash): Hash[] {
  if (!Number.isInteger(index) || index < 0 || index >= sizes[0]) throw new Error(`leaf ${index} out of range`);
  const proof: Hash[] = [];
  let i = index;
  for (let level = 0; level < sizes.length - 1; level += 1) {
    const sibling = i ^ 1;
    if (sibling < sizes[level]) proof.push(hashAt(level, sibling));
    i = Math.floor(i / 2);
  }
  return proof;
}

/** A sorted-pair tree over leaf hashes (already `leafHash`ed). */
export class MerkleTree {
  /** levels[0] = leaves, last = [root]. */
  readonly levels: Hash[][];

  constructor(leaves: readonly Uint8Array[]) {
    if (leaves.length === 0) throw new Error("a merkle tree needs at least one leaf");
    const split = (flat: Buffer): Hash[] => Array.from({ length: flat.length / 32 }, (_, i) => flat.subarray(i * 32, i * 32 + 32));
    let level: Buffer = Buffer.concat(leaves.map((l) => Buffer.from(l)));
    this.levels = [split(level)];
    while (level.length > 32) {
      level = parentLevel(level);
      this.levels.push(split(level));
    }
  }

  get root(): Hash {
    return this.levels[this.levels.length - 1][0];
  }

  get leafCount(): number {
    return this.levels[0].length;
  }

  /** Sibling hashes from the leaf up. */
  proof(index: number): Hash[] {
    return proofPath(this.levels.map((l) => l.length), index, (level, position) => this.levels[level][position]);
  }
}

export function segmentLeaf(index: number | bigint, segment: Uint8Array): Hash {
  return leafHash(u64le(index), segment);
}

export function chunkLeaf(index: number | bigint, chunkRoot: Uint8Array): Hash {
  return leafHash(u64le(index), chunkRoot);
}

/** The tree of a chunk's segments (`chunk`: CHUNK_SIZE bytes, zero padded). */
export function segmentTree(chunk: Uint8Array): MerkleTree {
  if (chunk.length !== CHUNK_SIZE) throw new Error(`a chunk is ${CHUNK_SIZE} bytes, got ${chunk.length}`);
  const leaves: Hash[] = [];
  for (let s = 0; s < SEGMENTS_PER_CHUNK; s += 1) leaves.push(segmentLeaf(s, chunk.subarray(s * SEGMENT_SIZE, (s + 1) * SEGMENT_SIZE)));
  return new MerkleTree(leaves);
}

/** What `respond_challenge` takes (field names as in the IDL, camelCased). */
export interface ChallengeProof {
  segment: number[];
  segmentProof: number[][];
  chunkProof: number[][];
}

/** A storage commitment over `data`: its root, size and challenge proofs. */
export class StorageTree {
  readonly size: number;
  readonly chunkCount: number;
  private readonly data: Buffer;
  private readonly chunkTree: MerkleTree;

  constructor(data: Uint8Array) {
    if (data.length === 0) throw new Error("cannot commit to empty data");
    this.data = Buffer.from(data);
    this.size = data.length;
    this.chunkCount = Math.ceil(data.length / CHUNK_SIZE);
    const leaves: Hash[] = [];
    for (let i = 0; i < this.chunkCount; i += 1) leaves.push(chunkLeaf(i, this.segmentTree(i).root));
    this.chunkTree = new MerkleTree(leaves);
  }

  get root(): Hash {
    return this.chunkTree.root;
  }

  /** Chunk `index`, zero padded to CHUNK_SIZE. */
  chunk(index: number): Buffer {
    const out = Buffer.alloc(CHUNK_SIZE);
    this.data.copy(out, 0, index * CHUNK_SIZE, Math.min(this.size, (index + 1) * CHUNK_SIZE));
    return out;
  }

  segmentTree(chunkIndex: number): MerkleTree {
    return segmentTree(this.chunk(chunkIndex));
  }

  /** The proof for a challenge on (chunk, segment). */
  prove(chunkIndex: number | bigint, segmentIndex: number | bigint): ChallengeProof {
    const c = Number(chunkIndex);
    const s = Number(segmentIndex);
    const chunk = this.chunk(c);
    return {
      segment: [...chunk.subarray(s * SEGMENT_SIZE, (s + 1) * SEGMENT_SIZE)],
      segmentProof: this.segmentTree(c).proof(s).map((h) => [...h]),
      chunkProof: this.chunkTree.proof(c).map((h) => [...h]),
    };
  }
}

/** What the program checks in `respond_challenge`. */
export function verifyChallengeProof(
  root: Uint8Array,
  chunkIndex: number | bigint,
  segmentIndex: number | bigint,
  proof: ChallengeProof,
): boolean {
  const chunkRoot = rootFromProof(segmentLeaf(segmentIndex, Uint8Array.from(proof.segment)), proof.segmentProof.map((h) => Uint8Array.from(h)));
  return verifyProof(chunkLeaf(chunkIndex, chunkRoot), proof.chunkProof.map((h) => Uint8Array.from(h)), root);
}
