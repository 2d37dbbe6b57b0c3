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
import { createHash } from "node:crypto";

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
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
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


/** A sorted-pair tree over leaf hashes (already `leafHash`ed). */
export class MerkleTree {
  /** levels[0] = leaves, last = [root]. */
  readonly levels: Hash[][];

  constructor(leaves: readonly Uint8Array[]) {
    if (leaves.length === 0) throw new Error("a merkle tree needs at least one leaf");
    this.levels = [leaves.map((l) => Buffer.from(l))];
    for (let level = this.levels[0]; level.length > 1; level = this.levels[this.levels.length - 1]) {
      const next: Hash[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
      this.levels.push(next);
    }
  }

  get root(): Hash {
    return this.levels[this.levels.length - 1][0];
  }

  get leafCount(): number {
    return this.levels[0].length;
  }

  /** Sibling hashes from the leaf up (levels where the node is carried contribute none). */
  proof(index: number): Hash[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) throw new Error(`leaf ${index} out of range`);
    const proof: Hash[] = [];
    let i = index;
    for (const level of this.levels.slice(0, -1)) {
      const sibling = i ^ 1;
      if (sibling < level.length) proof.push(level[sibling]);
      i = Math.floor(i / 2);
    }
    return proof;
  }
}

export function segmentLeaf(index: number | bigint, segment: Uint8Array): Hash {
  return leafHash(u64le(index), segment);
}

export function chunkLeaf(index: number | bigint, chunkRoot: Uint8Array): Hash {
  return leafHash(u64le(index), chunkRoot);
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
    const chunk = this.chunk(chunkIndex);
    const leaves: Hash[] = [];
    for (let s = 0; s < SEGMENTS_PER_CHUNK; s += 1) leaves.push(segmentLeaf(s, chunk.subarray(s * SEGMENT_SIZE, (s + 1) * SEGMENT_SIZE)));
    return new MerkleTree(leaves);
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
