//! Running transactions the way a validator's leader does: sanitize, verify signatures, check
//! blockhash age and the status cache, execute, record the status meta and notify subscribers.

use super::{
    history::{TokenBalance, TxRecord},
    Node, LAMPORTS_PER_SIGNATURE,
};
use crate::{log, token};
use litesvm::types::{FailedTransactionMetadata, TransactionMetadata};
use serde_json::json;
use solana_account::Account;
use solana_message::{inner_instruction::InnerInstructionsList, Message, VersionedMessage};
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use std::{collections::HashMap, sync::Arc};

/// Address lookup table layout: a 56-byte header, then 32-byte addresses.
const LOOKUP_TABLE_META_SIZE: usize = 56;
const LOOKUP_TABLE_DISCRIMINATOR: u32 = 1;

/// A transaction's accounts in the order its message and meta index them.
#[derive(Clone, Debug, Default)]
pub struct ResolvedKeys {
    pub all: Vec<Pubkey>,
    pub loaded_writable: Vec<Pubkey>,
    pub loaded_readonly: Vec<Pubkey>,
}

/// The outcome of a simulation (nothing is committed).
#[derive(Debug)]
pub struct Simulation {
    pub result: Result<(), TransactionError>,
    pub logs: Vec<String>,
    pub units_consumed: u64,
    pub return_data: Option<(Pubkey, Vec<u8>)>,
    pub inner_instructions: InnerInstructionsList,
    /// Accounts of the transaction as they would be afterwards (empty when it failed).
    pub post_accounts: HashMap<Pubkey, Account>,
}

impl Simulation {
    /// A simulation stopped before executing (blockhash expired, already processed).
    fn failed_before_execution(err: TransactionError) -> Self {
        Self { result: Err(err), logs: vec![], units_consumed: 0, return_data: None, inner_instructions: vec![], post_accounts: HashMap::new() }
    }
}

/// How a transaction reaches [`Node::submit`].
#[derive(Clone, Copy, Debug)]
pub struct Submission {
    /// The result of checking its signatures (done before taking the node lock).
    pub signatures_verified: bool,
    /// sendTransaction's preflight: a failing transaction is reported, not sent.
    pub preflight: bool,
}

/// Why a submitted transaction did not land.
#[derive(Debug)]
pub enum Rejection {
    /// Dropped before landing, as by a leader (the client sees no status).
    Dropped(TransactionError),
    /// Refused by the preflight, with what the simulation saw.
    Preflight(Simulation),
}

/// The validator's fee for `message`: the base fee per signature, counting the signatures that
/// precompile instructions verify. (Priority fees are not charged by the SVM here.)
pub fn fee_for_message(message: &VersionedMessage) -> u64 {
    let keys = message.static_account_keys();
    let precompile_signatures: u64 = message
        .instructions()
        .iter()
        .filter(|ix| {
            keys.get(usize::from(ix.program_id_index)).is_some_and(|program| {
                *program == solana_sdk_ids::ed25519_program::id()
                    || *program == solana_sdk_ids::secp256k1_program::id()
                    || *program == solana_sdk_ids::secp256r1_program::id()
            })
        })
        .map(|ix| u64::from(ix.data.first().copied().unwrap_or(0)))
        .sum();
    LAMPORTS_PER_SIGNATURE * (u64::from(message.header().num_required_signatures) + precompile_signatures)
}

/// Whether a failed transaction still lands in a block (fee charged, status recorded): true for
/// failures during execution, false for those that stop it before (fee payer, program loading).
fn lands_when_failed(err: &TransactionError) -> bool {
    matches!(err, TransactionError::InstructionError(..) | TransactionError::InsufficientFundsForRent { .. })
}

fn return_data_of(meta: &TransactionMetadata) -> Option<(Pubkey, Vec<u8>)> {
    (!meta.return_data.data.is_empty()).then(|| (meta.return_data.program_id, meta.return_data.data.clone()))
}

fn split_result(result: litesvm::types::TransactionResult) -> (Result<(), TransactionError>, TransactionMetadata) {
    match result {
        Ok(meta) => (Ok(()), meta),
        Err(FailedTransactionMetadata { err, meta }) => (Err(err), meta),
    }
}

pub fn verify_signatures(tx: &VersionedTransaction) -> bool {
    tx.verify_with_results().iter().all(|ok| *ok)
}

impl Node {
    /// The validator's sanitize step: well-formed message, lookup tables resolved, no account
    /// twice. Failures are answered as `invalid transaction: {err}`.
    pub fn sanitize(&self, tx: &VersionedTransaction) -> Result<ResolvedKeys, TransactionError> {
        tx.sanitize().map_err(|_| TransactionError::SanitizeFailure)?;
        let mut keys = ResolvedKeys { all: tx.message.static_account_keys().to_vec(), ..Default::default() };
        for lookup in tx.message.address_table_lookups().unwrap_or_default() {
            let table = self.account(&lookup.account_key).ok_or(TransactionError::AddressLookupTableNotFound)?;
            if table.owner != solana_sdk_ids::address_lookup_table::id() {
                return Err(TransactionError::InvalidAddressLookupTableOwner);
            }
            let addresses = lookup_table_addresses(&table.data).ok_or(TransactionError::InvalidAddressLookupTableData)?;
            let pick = |index: &u8| addresses.get(usize::from(*index)).copied().ok_or(TransactionError::InvalidAddressLookupTableIndex);
            keys.loaded_writable.extend(lookup.writable_indexes.iter().map(pick).collect::<Result<Vec<_>, _>>()?);
            keys.loaded_readonly.extend(lookup.readonly_indexes.iter().map(pick).collect::<Result<Vec<_>, _>>()?);
        }
        keys.all.extend(keys.loaded_writable.iter().chain(&keys.loaded_readonly));
        let mut sorted = keys.all.clone();
        sorted.sort_unstable();
        if sorted.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(TransactionError::AccountLoadedTwice);
        }
        Ok(keys)
    }

    /// The checks a bank makes before executing: blockhash still in the queue, signature not
    /// yet processed.
    pub fn check_age_and_status(&self, tx: &VersionedTransaction) -> Result<(), TransactionError> {
        if self.blockhash_last_valid_height(tx.message.recent_blockhash()).is_none() {
            return Err(TransactionError::BlockhashNotFound);
        }
        if tx.signatures.first().is_some_and(|signature| self.history.contains(signature)) {
            return Err(TransactionError::AlreadyProcessed);
        }
        Ok(())
    }

    /// Runs `tx` against the current state without committing anything.
    pub fn simulate(&self, tx: &VersionedTransaction) -> Simulation {
        if let Err(err) = self.check_age_and_status(tx) {
            return Simulation::failed_before_execution(err);
        }
        let (result, meta, post_accounts) = match self.svm.simulate_transaction(tx.clone()) {
            Ok(info) => {
                let post = info.post_accounts.into_iter().map(|(key, account)| (key, Account::from(account))).collect();
                (Ok(()), info.meta, post)
            }
            Err(FailedTransactionMetadata { err, meta }) => (Err(err), meta, HashMap::new()),
        };
        Simulation {
            result,
            return_data: return_data_of(&meta),
            logs: meta.logs,
            units_consumed: meta.compute_units_consumed,
            inner_instructions: meta.inner_instructions,
            post_accounts,
        }
    }

    /// Processes `tx` as the leader would. `Ok` when it landed in the current slot (successful
    /// or not); `Err` with the reason when it was dropped without landing.
    pub fn process(&mut self, tx: VersionedTransaction) -> Result<Arc<TxRecord>, TransactionError> {
        let signatures_verified = verify_signatures(&tx);
        self.submit(tx, Submission { signatures_verified, preflight: false }).map_err(|rejection| match rejection {
            Rejection::Dropped(err) => err,
            Rejection::Preflight(simulation) => simulation.result.err().unwrap_or(TransactionError::SanitizeFailure),
        })
    }

    /// Processes `tx` whose signatures were checked by the caller (outside the node lock). With
    /// `preflight`, a transaction whose execution fails is not sent: the failure comes back as
    /// the simulation a validator's preflight would report and what the failed execution
    /// committed (LiteSVM charges its fee) is restored, so one execution serves as both.
    pub fn submit(&mut self, tx: VersionedTransaction, submission: Submission) -> Result<Arc<TxRecord>, Rejection> {
        let keys = self.sanitize(&tx).map_err(Rejection::Dropped)?;
        if !submission.signatures_verified {
            return Err(Rejection::Dropped(TransactionError::SignatureFailure));
        }
        if let Err(err) = self.check_age_and_status(&tx) {
            return Err(if submission.preflight { Rejection::Preflight(Simulation::failed_before_execution(err)) } else { Rejection::Dropped(err) });
        }
        let signature = *tx.signatures.first().ok_or(Rejection::Dropped(TransactionError::SanitizeFailure))?;
        let before: Vec<Option<Account>> = keys.all.iter().map(|key| self.account(key)).collect();
        let pre_token_balances = self.token_balances(&tx.message, &keys.all, &before);

        let (result, meta) = split_result(self.svm.send_transaction(tx.clone()));
        if let Err(err) = &result {
            if submission.preflight {
                // Not sent after all: undo what the failed execution committed (its fee).
                for (key, previous) in keys.all.iter().zip(&before) {
                    if self.account(key) != *previous {
                        let restored = previous.clone().unwrap_or_default();
                        self.svm.set_account(*key, restored).map_err(|_| Rejection::Dropped(err.clone()))?;
                    }
                }
                return Err(Rejection::Preflight(Simulation {
                    result: Err(err.clone()),
                    return_data: return_data_of(&meta),
                    logs: meta.logs,
                    units_consumed: meta.compute_units_consumed,
                    inner_instructions: meta.inner_instructions,
                    post_accounts: HashMap::new(),
                }));
            }
            if !lands_when_failed(err) {
                return Err(Rejection::Dropped(err.clone()));
            }
        }

        let after: Vec<Option<Account>> = keys.all.iter().map(|key| self.account(key)).collect();
        let post_token_balances = self.token_balances(&tx.message, &keys.all, &after);
        let balance = |account: &Option<Account>| account.as_ref().map_or(0, |a| a.lamports);
        let record = Arc::new(TxRecord {
            signature,
            slot: self.slot,
            block_time: self.block_time(self.slot),
            fee: fee_for_message(&tx.message),
            pre_balances: before.iter().map(balance).collect(),
            post_balances: after.iter().map(balance).collect(),
            pre_token_balances,
            post_token_balances,
            err: result.err(),
            return_data: return_data_of(&meta),
            logs: meta.logs,
            inner_instructions: meta.inner_instructions,
            compute_units_consumed: meta.compute_units_consumed,
            loaded_writable: keys.loaded_writable,
            loaded_readonly: keys.loaded_readonly,
            transaction: tx,
        });
        self.history.insert(record.clone());
        // One line per transaction only when asked (`--log`): written under the node lock into
        // a pipe that a parent process may read slowly, it would pace every sender.
        if log::transaction_logs() {
            let line = json!({ "signature": signature.to_string(), "slot": record.slot, "err": record.err.as_ref().map(|e| e.to_string()), "logs": record.logs });
            log::info("transaction", line);
        }

        self.subscriptions.notify_transaction(&record);
        let changed: Vec<(Pubkey, Account)> = keys
            .all
            .iter()
            .zip(before.into_iter().zip(after))
            .filter(|(_, (before, after))| before != after)
            .map(|(key, (_, after))| (*key, after.unwrap_or_default()))
            .collect();
        if !changed.is_empty() {
            let svm = &self.svm;
            self.subscriptions.notify_accounts(self.slot, &changed, &|mint| super::mint_decimals(svm, mint));
        }
        Ok(record)
    }

    /// A transfer from the faucet, processed like any transaction (so it has a real signature,
    /// status, history entry and notifications).
    pub fn airdrop(&mut self, to: &Pubkey, lamports: u64) -> Result<Arc<TxRecord>, TransactionError> {
        let faucet = self.faucet();
        let transfer = solana_system_interface::instruction::transfer(&faucet.pubkey(), to, lamports);
        let message = Message::new_with_blockhash(&[transfer], Some(&faucet.pubkey()), &self.latest_blockhash().0);
        let tx = VersionedTransaction::try_new(VersionedMessage::Legacy(message), &[faucet])
            .map_err(|_| TransactionError::SignatureFailure)?;
        self.process(tx)
    }

    /// Token balances of the transaction's token accounts (skipping invoked programs and
    /// accounts whose mint is unknown), as the validator's `collect_token_balances`.
    fn token_balances(&self, message: &VersionedMessage, keys: &[Pubkey], accounts: &[Option<Account>]) -> Vec<TokenBalance> {
        let invoked: Vec<Pubkey> = message
            .instructions()
            .iter()
            .filter_map(|ix| keys.get(usize::from(ix.program_id_index)).copied())
            .collect();
        keys.iter()
            .zip(accounts)
            .enumerate()
            .filter(|(_, (key, _))| !invoked.contains(key))
            .filter_map(|(index, (_, account))| {
                let account = account.as_ref()?;
                let parsed = token::parse_account(&account.owner, &account.data)?;
                Some(TokenBalance {
                    account_index: index,
                    mint: parsed.mint,
                    owner: parsed.owner,
                    program_id: account.owner,
                    amount: parsed.amount,
                    decimals: self.mint_decimals(&parsed.mint)?,
                })
            })
            .collect()
    }
}

fn lookup_table_addresses(data: &[u8]) -> Option<Vec<Pubkey>> {
    let discriminator = u32::from_le_bytes(data.get(..4)?.try_into().ok()?);
    let addresses = data.get(LOOKUP_TABLE_META_SIZE..)?;
    if discriminator != LOOKUP_TABLE_DISCRIMINATOR || addresses.len() % 32 != 0 {
        return None;
    }
    addresses.chunks_exact(32).map(|chunk| chunk.try_into().ok().map(Pubkey::new_from_array)).collect()
}
