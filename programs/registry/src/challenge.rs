//! Which segment a challenge asks for. The seed is the hash of the first slot after the issue
//! slot, read from SlotHashes when the node responds: it does not exist when the challenge
//! opens, so neither the node nor the challenger can know the segment in advance.
use anchor_lang::{prelude::*, solana_program::hash::hashv};

use crate::{constants::SEGMENTS_PER_CHUNK, errors::RegistryError};

/// SlotHashes layout: `count: u64 LE`, then `count` entries `(slot: u64 LE, hash: [u8; 32])`,
/// newest first.
const ENTRY_LEN: usize = 40;

/// The first slot after `issued_slot` that SlotHashes holds, and its hash. Refused while no
/// later slot is hashed yet, and once the list no longer reaches back to `issued_slot` (the
/// seed slot may have dropped out, so a different one could be picked).
pub fn seed_slot_hash(data: &[u8], issued_slot: u64) -> Result<(u64, [u8; 32])> {
    let count = data.get(0..8).and_then(|b| <[u8; 8]>::try_from(b).ok()).map(u64::from_le_bytes).ok_or(RegistryError::InvalidSlotHashes)?;
    let entry = |i: usize| -> Option<(u64, &[u8])> {
        let start = 8usize.checked_add(i.checked_mul(ENTRY_LEN)?)?;
        let bytes = data.get(start..start.checked_add(ENTRY_LEN)?)?;
        Some((u64::from_le_bytes(bytes[0..8].try_into().ok()?), &bytes[8..40]))
    };
    let count = usize::try_from(count).map_err(|_| RegistryError::InvalidSlotHashes)?;
    let mut later: Option<(u64, &[u8])> = None;
    for i in 0..count {
        let (slot, hash) = entry(i).ok_or(RegistryError::InvalidSlotHashes)?;
        if slot <= issued_slot {
            let (slot, hash) = later.ok_or(RegistryError::ChallengeSeedNotReady)?;
            let mut out = [0u8; 32];
            out.copy_from_slice(hash);
            return Ok((slot, out));
        }
        later = Some((slot, hash));
    }
    if later.is_some() {
        return err!(RegistryError::ChallengeSeedExpired);
    }
    err!(RegistryError::ChallengeSeedNotReady)
}

/// sha256(seed slot hash || node || sequence LE).
pub fn challenge_seed(slot_hash: &[u8; 32], node: &Pubkey, sequence: u64) -> [u8; 32] {
    hashv(&[slot_hash, node.as_ref(), &sequence.to_le_bytes()]).to_bytes()
}

/// Chunk and segment indices from a challenge seed: the first 8 bytes (LE) modulo the chunk
/// count, the next 8 modulo the segments per chunk.
pub fn challenge_indices(seed: &[u8; 32], chunk_count: u64) -> (u64, u64) {
    let mut head = [0u8; 8];
    head.copy_from_slice(&seed[0..8]);
    let mut next = [0u8; 8];
    next.copy_from_slice(&seed[8..16]);
    (u64::from_le_bytes(head) % chunk_count.max(1), u64::from_le_bytes(next) % SEGMENTS_PER_CHUNK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sysvar(entries: &[(u64, u8)]) -> Vec<u8> {
        let mut data = (entries.len() as u64).to_le_bytes().to_vec();
        for (slot, fill) in entries {
            data.extend_from_slice(&slot.to_le_bytes());
            data.extend_from_slice(&[*fill; 32]);
        }
        data
    }

    #[test]
    fn picks_the_first_slot_after_the_issue_slot() {
        // Slots 14, 13, 11 (12 skipped), 10: issued at 10 -> 11; issued at 11 -> 13.
        let data = sysvar(&[(14, 4), (13, 3), (11, 1), (10, 0)]);
        assert_eq!(seed_slot_hash(&data, 10).unwrap(), (11, [1; 32]));
        assert_eq!(seed_slot_hash(&data, 11).unwrap(), (13, [3; 32]));
        assert_eq!(seed_slot_hash(&data, 12).unwrap(), (13, [3; 32]));
    }

    #[test]
    fn refuses_before_the_seed_slot_and_after_it_left() {
        let data = sysvar(&[(14, 4), (13, 3)]);
        assert_eq!(seed_slot_hash(&data, 14).unwrap_err(), RegistryError::ChallengeSeedNotReady.into());
        assert_eq!(seed_slot_hash(&data, 20).unwrap_err(), RegistryError::ChallengeSeedNotReady.into());
        assert_eq!(seed_slot_hash(&data, 5).unwrap_err(), RegistryError::ChallengeSeedExpired.into());
        assert_eq!(seed_slot_hash(&sysvar(&[]), 5).unwrap_err(), RegistryError::ChallengeSeedNotReady.into());
        let mut short = sysvar(&[(14, 4), (13, 3)]);
        short.truncate(60);
        assert_eq!(seed_slot_hash(&short, 5).unwrap_err(), RegistryError::InvalidSlotHashes.into());
    }
}
