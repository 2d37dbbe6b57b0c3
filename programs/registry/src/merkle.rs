//! Domain-separated sorted-pair merkle trees (the SDK's `merkle.ts` is the same byte for byte):
//! leaf = sha256(0x00 || data), node = sha256(0x01 || min(a, b) || max(a, b)). Sorting the pair
//! means proofs carry no direction bits; positions are bound by putting the index in the leaf
//! data instead. A level with an odd count carries its last hash up unchanged.
use anchor_lang::solana_program::hash::hashv;

use crate::constants::{LEAF_PREFIX, NODE_PREFIX};

pub fn leaf_hash(parts: &[&[u8]]) -> [u8; 32] {
    let mut all: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
    all.push(&[LEAF_PREFIX]);
    all.extend_from_slice(parts);
    hashv(&all).to_bytes()
}

pub fn node_hash(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    hashv(&[&[NODE_PREFIX], low, high]).to_bytes()
}

/// The root a leaf and its proof lead to.
pub fn root_from_proof(leaf: [u8; 32], proof: &[[u8; 32]]) -> [u8; 32] {
    proof.iter().fold(leaf, |acc, sibling| node_hash(&acc, sibling))
}

/// Leaf of segment `index` of a chunk: data = index (u64 LE) || the 64 segment bytes.
pub fn segment_leaf(index: u64, segment: &[u8]) -> [u8; 32] {
    leaf_hash(&[&index.to_le_bytes(), segment])
}

/// Leaf of chunk `index` of a commitment: data = index (u64 LE) || the chunk's segment root.
pub fn chunk_leaf(index: u64, chunk_root: &[u8; 32]) -> [u8; 32] {
    leaf_hash(&[&index.to_le_bytes(), chunk_root])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_pairs_are_order_free() {
        let a = leaf_hash(&[b"a"]);
        let b = leaf_hash(&[b"b"]);
        assert_eq!(node_hash(&a, &b), node_hash(&b, &a));
        assert_ne!(leaf_hash(&[&a, &b]), node_hash(&a, &b), "domain separated");
        assert_eq!(root_from_proof(a, &[b]), node_hash(&a, &b));
    }
}
