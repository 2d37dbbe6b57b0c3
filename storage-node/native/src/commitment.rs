//! Chunk leaves of a storage commitment: the hot part of committing a node's data (127
//! sha256 calls per 4 KiB chunk), as `sdk/src/merkle.ts` and the registry program define it:
//! segment leaf = sha256(0x00 || index u64 LE || 64-byte segment); segment tree nodes =
//! sha256(0x01 || min || max); chunk leaf = sha256(0x00 || index u64 LE || segment-tree root).
//! `storage-node/test/commitment.test.ts` pins this to the SDK's `StorageTree` byte for byte.

use sha2::{Digest, Sha256};

pub const CHUNK_SIZE: usize = 4096;
const SEGMENT_SIZE: usize = 64;
const SEGMENTS: usize = CHUNK_SIZE / SEGMENT_SIZE;

fn leaf(index: u64, data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(index.to_le_bytes());
    h.update(data);
    h.finalize().into()
}

fn node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(lo);
    h.update(hi);
    h.finalize().into()
}

/// The leaf of chunk `index` (`chunk` at most CHUNK_SIZE bytes, zero padded).
pub fn chunk_leaf(index: u64, chunk: &[u8]) -> [u8; 32] {
    let mut padded = [0u8; CHUNK_SIZE];
    padded[..chunk.len()].copy_from_slice(chunk);
    // 64 leaves: a full binary tree, no odd carries.
    let mut level: Vec<[u8; 32]> = (0..SEGMENTS).map(|s| leaf(s as u64, &padded[s * SEGMENT_SIZE..(s + 1) * SEGMENT_SIZE])).collect();
    while level.len() > 1 {
        level = level.chunks(2).map(|pair| node(&pair[0], &pair[1])).collect();
    }
    leaf(index, &level[0])
}

/// Leaves of the chunks of `data` (the last chunk zero padded), numbered from `first_index`.
pub fn chunk_leaves(data: &[u8], first_index: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len().div_ceil(CHUNK_SIZE) * 32);
    for (i, chunk) in data.chunks(CHUNK_SIZE).enumerate() {
        out.extend_from_slice(&chunk_leaf(first_index + i as u64, chunk));
    }
    out
}
