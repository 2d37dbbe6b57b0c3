//! The chain: one LiteSVM plus what a validator keeps around it (slot clock, blockhash queue,
//! transaction history, subscriptions). Everything sits behind one mutex because the bridge
//! keeps per-thread state while a hosted program runs and is not re-entrant across threads.

pub mod clock;
pub mod execute;
pub mod history;

use crate::{
    genesis::{self, LogLine},
    programs::{self, HostedProgram},
    test_validator::Genesis,
    pubsub::subscriptions::Subscriptions,
    token,
};
use history::TxHistory;
use litesvm::LiteSVM;
use solana_account::{Account, ReadableAccount};
use solana_epoch_schedule::EpochSchedule;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use std::{
    collections::VecDeque,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{Instant, SystemTime, UNIX_EPOCH},
};

pub type SharedNode = Arc<Mutex<Node>>;

/// Locks the node, recovering from a poisoned lock: a panic in one request handler is answered
/// with an internal error and must not take the whole node down.
pub fn lock(node: &SharedNode) -> MutexGuard<'_, Node> {
    node.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the faucet holds at genesis (requestAirdrop pays from it): 500 million SOL.
const FAUCET_LAMPORTS: u64 = 500_000_000 * 1_000_000_000;
/// The validator's base fee per signature.
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;

pub struct Node {
    svm: LiteSVM,
    programs: Vec<HostedProgram>,
    genesis_hash: Hash,
    /// Mixed into every blockhash (from OS randomness): a future slot's hash cannot be derived
    /// from the public genesis hash, as a validator's cannot be known before the slot.
    hash_secret: [u8; 32],
    identity: Keypair,
    faucet: Keypair,
    started: Instant,
    genesis_unix_ms: i64,
    slot_ms: u64,
    slot: u64,
    /// Clock warps (`synqWarpClock`): `(first slot, total ms added from that slot on)`, in
    /// slot order, so past slots keep their block times.
    time_warps: Vec<(u64, i64)>,
    /// Blockhashes of the newest slots, newest last (see `clock::MAX_PROCESSING_AGE`).
    blockhashes: VecDeque<(u64, Hash)>,
    /// The SlotHashes sysvar's content, newest first.
    slot_hashes: VecDeque<(u64, Hash)>,
    pub history: TxHistory,
    pub subscriptions: Subscriptions,
}

impl Node {
    /// `upgrade_authority` is what every hosted program's ProgramData names (`None`: nobody).
    pub fn new(slot_ms: u64, max_transactions: usize, upgrade_authority: Option<Pubkey>) -> Self {
        let genesis_time = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        // Our own blockhash queue and history replace LiteSVM's (which keeps one blockhash and
        // a few dozen signatures); signatures are verified here before execution.
        let mut svm = LiteSVM::new()
            .with_sigverify(false)
            .with_blockhash_check(false)
            .with_transaction_history(0);
        // solana-test-validator's schedule: full-length epochs from genesis, no warmup.
        svm.set_sysvar(&EpochSchedule::without_warmup());
        let programs = programs::install(&mut svm, upgrade_authority);
        let faucet = Keypair::new();
        let funded = Account {
            lamports: FAUCET_LAMPORTS,
            data: vec![],
            owner: solana_sdk_ids::system_program::id(),
            executable: false,
            rent_epoch: u64::MAX,
        };
        svm.set_account(faucet.pubkey(), funded).expect("a system account is always storable");
        let genesis_hash = solana_sha256_hasher::hashv(&[b"synq-localnet genesis", &genesis_time.as_nanos().to_le_bytes()]);
        let mut node = Self {
            svm,
            programs,
            genesis_hash,
            hash_secret: solana_sha256_hasher::hash(&Keypair::new().to_bytes()).to_bytes(),
            identity: Keypair::new(),
            faucet,
            started: Instant::now(),
            genesis_unix_ms: genesis_time.as_millis() as i64,
            slot_ms,
            slot: 0,
            time_warps: Vec::new(),
            blockhashes: VecDeque::new(),
            slot_hashes: VecDeque::new(),
            history: TxHistory::new(max_transactions),
            subscriptions: Subscriptions::default(),
        };
        node.enter_slot(0);
        node
    }

    /// Loads what a solana-test-validator command line asks of the genesis (programs, upgrade
    /// authorities, accounts, the mint's SOL, epoch length); returns the lines to log.
    pub fn apply_genesis(&mut self, genesis: &Genesis) -> Result<Vec<LogLine>, String> {
        if let Some(slots) = genesis.slots_per_epoch {
            self.svm.set_sysvar(&EpochSchedule::custom(slots, slots, false));
        }
        if let Some(lamports) = genesis.faucet_lamports {
            let funded = Account { lamports, data: vec![], owner: solana_sdk_ids::system_program::id(), executable: false, rent_epoch: u64::MAX };
            self.svm.set_account(self.faucet.pubkey(), funded).map_err(|err| format!("cannot fund the faucet: {err}"))?;
        }
        genesis::apply(&mut self.svm, &self.programs, genesis)
    }

    pub fn svm(&self) -> &LiteSVM {
        &self.svm
    }

    pub fn programs(&self) -> &[HostedProgram] {
        &self.programs
    }

    pub fn genesis_hash(&self) -> Hash {
        self.genesis_hash
    }

    pub fn identity(&self) -> Pubkey {
        self.identity.pubkey()
    }

    pub fn faucet(&self) -> &Keypair {
        &self.faucet
    }

    pub fn slot(&self) -> u64 {
        self.slot
    }

    /// Localnet produces a block in every slot, so the block height equals the slot.
    pub fn block_height(&self) -> u64 {
        self.slot
    }

    pub fn account(&self, pubkey: &Pubkey) -> Option<Account> {
        self.svm.get_account(pubkey).filter(|account| account.lamports > 0)
    }

    /// Decimals of a token mint, for `jsonParsed` and token balances.
    pub fn mint_decimals(&self, mint: &Pubkey) -> Option<u8> {
        mint_decimals(&self.svm, mint)
    }

    /// Every live account owned by `program` (getProgramAccounts scans them, as a validator
    /// without an account index does); only matching accounts are copied.
    pub fn accounts_owned_by<'a>(&'a self, program: &'a Pubkey) -> impl Iterator<Item = (Pubkey, Account)> + 'a {
        self.svm
            .accounts_db()
            .inner
            .iter()
            .filter(move |(_, account)| account.owner() == program && account.lamports() > 0)
            .map(|(pubkey, account)| (*pubkey, Account::from(account.clone())))
    }
}

pub(crate) fn mint_decimals(svm: &LiteSVM, mint: &Pubkey) -> Option<u8> {
    let account = svm.get_account(mint)?;
    token::parse_mint(&account.owner, &account.data).map(|mint| mint.decimals)
}
