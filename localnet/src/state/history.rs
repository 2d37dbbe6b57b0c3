//! Processed transactions, kept for getTransaction, getSignatureStatuses, getSignaturesForAddress
//! and getBlock.
//!
//! Memory is bounded: only the newest `capacity` transactions are kept (the `--max-transactions`
//! flag, 100k by default); older ones are forgotten as a validator without long-term storage
//! forgets them, and the per-address index forgets them too.

use solana_message::inner_instruction::InnerInstructionsList;
use solana_pubkey::Pubkey;
use solana_signature::Signature;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use std::{
    collections::{HashMap, VecDeque},
    sync::Arc,
};

/// A token balance of one of a transaction's accounts, before or after it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenBalance {
    pub account_index: usize,
    pub mint: Pubkey,
    pub owner: Pubkey,
    pub program_id: Pubkey,
    pub amount: u64,
    pub decimals: u8,
}

/// Everything the validator's transaction-status meta reports, plus where it landed.
#[derive(Clone, Debug)]
pub struct TxRecord {
    pub signature: Signature,
    pub slot: u64,
    pub block_time: i64,
    pub transaction: VersionedTransaction,
    pub loaded_writable: Vec<Pubkey>,
    pub loaded_readonly: Vec<Pubkey>,
    pub err: Option<TransactionError>,
    pub fee: u64,
    pub pre_balances: Vec<u64>,
    pub post_balances: Vec<u64>,
    pub pre_token_balances: Vec<TokenBalance>,
    pub post_token_balances: Vec<TokenBalance>,
    pub logs: Vec<String>,
    pub inner_instructions: InnerInstructionsList,
    pub compute_units_consumed: u64,
    /// `(program, data)` when a program set non-empty return data.
    pub return_data: Option<(Pubkey, Vec<u8>)>,
}

impl TxRecord {
    /// Static keys, then addresses loaded from lookup tables (writable, then read-only): the
    /// order balances and instruction account indexes refer to.
    pub fn account_keys(&self) -> impl Iterator<Item = &Pubkey> {
        self.transaction
            .message
            .static_account_keys()
            .iter()
            .chain(&self.loaded_writable)
            .chain(&self.loaded_readonly)
    }
}

pub struct TxHistory {
    capacity: usize,
    /// Sequence number of `records[0]`; sequence numbers grow by one per transaction.
    first_seq: u64,
    records: VecDeque<Arc<TxRecord>>,
    by_signature: HashMap<Signature, u64>,
    /// Sequence numbers per mentioned address, oldest first.
    by_address: HashMap<Pubkey, VecDeque<u64>>,
    /// Slot of the newest forgotten transaction: blocks up to it are incomplete.
    last_evicted_slot: Option<u64>,
}

impl TxHistory {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            first_seq: 0,
            records: VecDeque::new(),
            by_signature: HashMap::new(),
            by_address: HashMap::new(),
            last_evicted_slot: None,
        }
    }

    /// Number of transactions ever processed (what getTransactionCount reports).
    pub fn total(&self) -> u64 {
        self.first_seq + self.records.len() as u64
    }

    pub fn contains(&self, signature: &Signature) -> bool {
        self.by_signature.contains_key(signature)
    }

    pub fn get(&self, signature: &Signature) -> Option<&Arc<TxRecord>> {
        let seq = *self.by_signature.get(signature)?;
        self.record(seq)
    }

    fn record(&self, seq: u64) -> Option<&Arc<TxRecord>> {
        self.records.get(usize::try_from(seq.checked_sub(self.first_seq)?).ok()?)
    }

    pub fn insert(&mut self, record: Arc<TxRecord>) {
        if self.records.len() == self.capacity {
            self.evict_oldest();
        }
        let seq = self.total();
        self.by_signature.insert(record.signature, seq);
        let mut seen = Vec::new();
        for key in record.account_keys() {
            if !seen.contains(key) {
                seen.push(*key);
                self.by_address.entry(*key).or_default().push_back(seq);
            }
        }
        self.records.push_back(record);
    }

    fn evict_oldest(&mut self) {
        let Some(oldest) = self.records.pop_front() else { return };
        let seq = self.first_seq;
        self.first_seq += 1;
        self.last_evicted_slot = Some(oldest.slot);
        self.by_signature.remove(&oldest.signature);
        for key in oldest.account_keys() {
            if let Some(seqs) = self.by_address.get_mut(key) {
                while seqs.front().is_some_and(|front| *front <= seq) {
                    seqs.pop_front();
                }
                if seqs.is_empty() {
                    self.by_address.remove(key);
                }
            }
        }
    }

    /// Transactions mentioning `address`, newest first, strictly older than `before` and newer
    /// than `until` (both exclusive, as on a validator), at most `limit`.
    pub fn for_address(
        &self,
        address: &Pubkey,
        before: Option<&Signature>,
        until: Option<&Signature>,
        limit: usize,
    ) -> Vec<Arc<TxRecord>> {
        let Some(seqs) = self.by_address.get(address) else { return Vec::new() };
        let before_seq = match before {
            Some(signature) => match self.by_signature.get(signature) {
                Some(seq) => Some(*seq),
                // An unknown `before` is older than anything kept.
                None => return Vec::new(),
            },
            None => None,
        };
        let until_seq = until.and_then(|signature| self.by_signature.get(signature).copied());
        seqs.iter()
            .rev()
            .filter(|seq| before_seq.is_none_or(|before| **seq < before))
            .take_while(|seq| until_seq.is_none_or(|until| **seq > until))
            .take(limit)
            .filter_map(|seq| self.record(*seq).cloned())
            .collect()
    }

    /// The kept transactions that landed in `slot`, in execution order.
    pub fn in_slot(&self, slot: u64) -> Vec<Arc<TxRecord>> {
        // Slots never decrease along the history, so the slot's records are one contiguous run.
        let start = self.records.partition_point(|record| record.slot < slot);
        self.records.range(start..).take_while(|record| record.slot == slot).cloned().collect()
    }

    /// The oldest slot whose transactions are all still kept.
    pub fn first_available_slot(&self) -> u64 {
        self.last_evicted_slot.map_or(0, |slot| slot + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solana_hash::Hash;
    use solana_message::{Message, VersionedMessage};

    fn unique_signature() -> Signature {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let mut bytes = [0u8; 64];
        bytes[..8].copy_from_slice(&NEXT.fetch_add(1, Ordering::Relaxed).to_le_bytes());
        Signature::from(bytes)
    }

    fn record(slot: u64, keys: &[Pubkey]) -> Arc<TxRecord> {
        let mut message = Message::new_with_blockhash(&[], None, &Hash::default());
        message.account_keys = keys.to_vec();
        Arc::new(TxRecord {
            signature: unique_signature(),
            slot,
            block_time: 0,
            transaction: VersionedTransaction { signatures: vec![], message: VersionedMessage::Legacy(message) },
            loaded_writable: vec![],
            loaded_readonly: vec![],
            err: None,
            fee: 0,
            pre_balances: vec![],
            post_balances: vec![],
            pre_token_balances: vec![],
            post_token_balances: vec![],
            logs: vec![],
            inner_instructions: vec![],
            compute_units_consumed: 0,
            return_data: None,
        })
    }

    #[test]
    fn address_queries_are_newest_first_with_exclusive_bounds() {
        let address = Pubkey::new_unique();
        let mut history = TxHistory::new(10);
        let records: Vec<_> = (0..5).map(|slot| record(slot, &[address])).collect();
        records.iter().for_each(|r| history.insert(r.clone()));
        let signatures = |list: Vec<Arc<TxRecord>>| list.iter().map(|r| r.signature).collect::<Vec<_>>();
        assert_eq!(
            signatures(history.for_address(&address, None, None, 2)),
            vec![records[4].signature, records[3].signature]
        );
        assert_eq!(
            signatures(history.for_address(&address, Some(&records[3].signature), Some(&records[0].signature), 10)),
            vec![records[2].signature, records[1].signature]
        );
        assert!(history.for_address(&Pubkey::new_unique(), None, None, 10).is_empty());
        assert_eq!(history.in_slot(2).len(), 1);
    }

    #[test]
    fn eviction_forgets_signatures_and_index_entries() {
        let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
        let mut history = TxHistory::new(2);
        let first = record(0, &[a]);
        history.insert(first.clone());
        history.insert(record(1, &[a, b]));
        history.insert(record(2, &[b]));
        assert!(!history.contains(&first.signature));
        assert_eq!(history.for_address(&a, None, None, 10).len(), 1);
        assert_eq!(history.for_address(&b, None, None, 10).len(), 2);
        assert_eq!(history.total(), 3);
        assert_eq!(history.first_available_slot(), 1);
        history.insert(record(3, &[b]));
        assert!(history.for_address(&a, None, None, 10).is_empty());
        assert!(!history.by_address.contains_key(&a));
    }
}
