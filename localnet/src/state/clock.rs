//! The slot clock: every `slot_ms` the node enters a new slot with a fresh blockhash, and the
//! Clock, SlotHashes and RecentBlockhashes sysvars follow, as programs see them on a validator.

use super::Node;
use solana_account::Account;
use solana_clock::Clock;
use solana_epoch_schedule::EpochSchedule;
use solana_hash::Hash;
use solana_pubkey::Pubkey;
use solana_slot_hashes::SlotHashes;
#[allow(deprecated)]
use solana_sysvar::recent_blockhashes::{IterItem, RecentBlockhashes};
use std::time::Duration;

/// A blockhash stays usable for this many slots after its own (the validator's
/// `MAX_PROCESSING_AGE`); `lastValidBlockHeight` is the blockhash's slot plus this.
pub const MAX_PROCESSING_AGE: u64 = 150;
/// Entries the SlotHashes sysvar holds (`solana_slot_hashes::MAX_ENTRIES`).
const SLOT_HASHES_MAX: usize = 512;
/// Entries the (deprecated) RecentBlockhashes sysvar holds.
const RECENT_BLOCKHASHES_MAX: usize = 150;
/// Longest single clock warp: ten years.
pub const MAX_WARP_SECONDS: u64 = 10 * 365 * 24 * 60 * 60;

impl Node {
    /// The blockhash of `slot`: derived from the genesis hash and the run's secret so it is
    /// unique per run, unknown before its slot (programs take challenge seeds from SlotHashes)
    /// and can be recomputed for any past slot (getBlock's `blockhash` / `previousBlockhash`).
    pub fn blockhash_of(&self, slot: u64) -> Hash {
        solana_sha256_hasher::hashv(&[&self.hash_secret, self.genesis_hash.as_ref(), &slot.to_le_bytes()])
    }

    pub fn latest_blockhash(&self) -> (Hash, u64) {
        (self.blockhash_of(self.slot), self.slot + MAX_PROCESSING_AGE)
    }

    /// The last block height at which transactions using `blockhash` are accepted, if it is
    /// still in the queue.
    pub fn blockhash_last_valid_height(&self, blockhash: &Hash) -> Option<u64> {
        self.blockhashes
            .iter()
            .find(|(_, hash)| hash == blockhash)
            .map(|(slot, _)| slot + MAX_PROCESSING_AGE)
    }

    /// Wall-clock time of `slot` in Unix seconds (slots are `slot_ms` apart from genesis), plus
    /// the clock warps made before it.
    pub fn block_time(&self, slot: u64) -> i64 {
        let offset_ms = i64::try_from(slot.saturating_mul(self.slot_ms)).unwrap_or(i64::MAX);
        let warped_ms = self.time_warps.iter().rev().find(|(from, _)| *from <= slot).map_or(0, |(_, ms)| *ms);
        self.genesis_unix_ms.saturating_add(offset_ms).saturating_add(warped_ms) / 1000
    }

    /// Moves the clock `seconds` forward from the next slot on (a localnet-only development aid,
    /// for protocol periods of days); returns that slot and its Unix time. Time never runs back.
    pub fn warp_clock(&mut self, seconds: u64) -> Result<(u64, i64), String> {
        if seconds == 0 || seconds > MAX_WARP_SECONDS {
            return Err(format!("seconds must be 1..={MAX_WARP_SECONDS}"));
        }
        let from = self.slot + 1;
        let total = self.time_warps.last().map_or(0, |(_, ms)| *ms).saturating_add(seconds as i64 * 1000);
        match self.time_warps.last_mut() {
            Some(last) if last.0 == from => last.1 = total,
            _ => self.time_warps.push((from, total)),
        }
        Ok((from, self.block_time(from)))
    }

    pub fn epoch_schedule(&self) -> EpochSchedule {
        self.svm.get_sysvar::<EpochSchedule>()
    }

    /// How long until the next slot is due.
    pub fn until_next_slot(&self) -> Duration {
        let due = Duration::from_millis(self.slot_ms.saturating_mul(self.slot + 1));
        due.saturating_sub(self.started.elapsed())
    }

    /// Enters every slot that is due by now, one at a time so that no slot is skipped even when
    /// the lock was held for longer than a slot.
    pub fn advance_clock(&mut self) {
        let due = (self.started.elapsed().as_millis() / u128::from(self.slot_ms)) as u64;
        while self.slot < due {
            let parent = self.slot;
            self.enter_slot(parent + 1);
            self.subscriptions.notify_slot(parent, self.slot);
        }
    }

    pub(super) fn enter_slot(&mut self, slot: u64) {
        let parent = self.slot;
        self.slot = slot;
        let blockhash = self.blockhash_of(slot);
        self.blockhashes.push_back((slot, blockhash));
        while self.blockhashes.len() as u64 > MAX_PROCESSING_AGE + 1 {
            self.blockhashes.pop_front();
        }
        if slot > 0 {
            self.slot_hashes.push_front((parent, self.blockhash_of(parent)));
            self.slot_hashes.truncate(SLOT_HASHES_MAX);
        }
        let schedule = self.epoch_schedule();
        let epoch = schedule.get_epoch(slot);
        let clock = Clock {
            slot,
            epoch_start_timestamp: self.block_time(schedule.get_first_slot_in_epoch(epoch)),
            epoch,
            leader_schedule_epoch: schedule.get_leader_schedule_epoch(slot),
            unix_timestamp: self.block_time(slot),
        };
        self.svm.set_sysvar(&clock);
        let slot_hashes: Vec<(u64, Hash)> = self.slot_hashes.iter().copied().collect();
        self.svm.set_sysvar(&SlotHashes::new(&slot_hashes));
        #[allow(deprecated)]
        {
            let recent = self
                .blockhashes
                .iter()
                .rev()
                .take(RECENT_BLOCKHASHES_MAX)
                .map(|(slot, hash)| IterItem(*slot, hash, super::LAMPORTS_PER_SIGNATURE));
            self.svm.set_sysvar(&RecentBlockhashes::from_iter(recent));
        }
        if slot > 0 {
            self.notify_sysvar_watchers();
        }
    }

    fn notify_sysvar_watchers(&mut self) {
        if !self.subscriptions.has_account_watchers() {
            return;
        }
        #[allow(deprecated)]
        let ids: [Pubkey; 3] = [
            solana_sdk_ids::sysvar::clock::id(),
            solana_sdk_ids::sysvar::slot_hashes::id(),
            solana_sdk_ids::sysvar::recent_blockhashes::id(),
        ];
        let changed: Vec<(Pubkey, Account)> =
            ids.iter().filter_map(|id| self.svm.get_account(id).map(|account| (*id, account))).collect();
        let svm = &self.svm;
        self.subscriptions.notify_accounts(self.slot, &changed, &|mint| super::mint_decimals(svm, mint));
    }
}
