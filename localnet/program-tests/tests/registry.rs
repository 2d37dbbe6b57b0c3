//! Registry program (with staking for stake checks and slashing), in-process through
//! synq-bridge + litesvm with the real SPL Token binary.
//!   cargo test -p synq-program-tests --test registry [-- <name filter>]

mod common;

use common::*;
use registry::{
    accounts as ra,
    constants::{CHUNK_SIZE, MAX_COMMITMENT_CHUNKS, SEGMENTS_PER_CHUNK, SEGMENT_SIZE},
    errors::RegistryError as E,
    instruction as ri,
    instructions::{ChallengeProof, RegisterNodeArgs, ReportArgs, SetRegistryParamsArgs, UpdateNodeArgs},
    merkle::{chunk_leaf, node_hash, segment_leaf},
    state::{Challenge, Node, NodeStatus, QosParams, RegistryConfig},
};
use solana_hash::Hash;
use solana_slot_hashes::SlotHashes;

const MIN_STAKE: u64 = 10 * SYNQ;
const INTERVAL: u64 = 20;
const WINDOW: u64 = 10;
const EPOCH: u64 = 3_600;
const SYS: Pubkey = solana_sdk_ids::system_program::ID;
const SLOT_HASHES: Pubkey = solana_sdk_ids::sysvar::slot_hashes::ID;

fn registry_code(err: E) -> u32 {
    6000 + err as u32
}
fn challenge_of(node: &Pubkey, sequence: u64) -> Pubkey {
    reg_pda(&[registry::constants::CHALLENGE_SEED, node.as_ref(), &sequence.to_le_bytes()])
}

// ------------------------------------------------------------ storage merkle tree (test side)

/// All levels of a sorted-pair tree, leaves first; an odd last hash is carried up.
fn levels(leaves: Vec<[u8; 32]>) -> Vec<Vec<[u8; 32]>> {
    let mut all = vec![leaves];
    while all.last().unwrap().len() > 1 {
        let level = all.last().unwrap();
        let next = level.chunks(2).map(|pair| if pair.len() == 2 { node_hash(&pair[0], &pair[1]) } else { pair[0] }).collect();
        all.push(next);
    }
    all
}

fn prove(levels: &[Vec<[u8; 32]>], mut index: usize) -> Vec<[u8; 32]> {
    let mut proof = vec![];
    for level in &levels[..levels.len() - 1] {
        let sibling = index ^ 1;
        if sibling < level.len() {
            proof.push(level[sibling]);
        }
        index /= 2;
    }
    proof
}

struct Storage {
    chunks: Vec<Vec<u8>>,
    chunk_trees: Vec<Vec<Vec<[u8; 32]>>>,
    tree: Vec<Vec<[u8; 32]>>,
    size: u64,
}

impl Storage {
    fn new(data: &[u8]) -> Self {
        let chunks: Vec<Vec<u8>> = data
            .chunks(CHUNK_SIZE as usize)
            .map(|c| {
                let mut padded = c.to_vec();
                padded.resize(CHUNK_SIZE as usize, 0);
                padded
            })
            .collect();
        let chunk_trees: Vec<_> = chunks
            .iter()
            .map(|chunk| levels(chunk.chunks(SEGMENT_SIZE as usize).enumerate().map(|(i, s)| segment_leaf(i as u64, s)).collect()))
            .collect();
        let tree = levels(chunk_trees.iter().enumerate().map(|(i, t)| chunk_leaf(i as u64, &t.last().unwrap()[0])).collect());
        Storage { chunks, chunk_trees, tree, size: data.len() as u64 }
    }
    fn root(&self) -> [u8; 32] {
        self.tree.last().unwrap()[0]
    }
    fn proof(&self, chunk: u64, segment: u64) -> ChallengeProof {
        let (c, s) = (chunk as usize, segment as usize);
        let mut bytes = [0u8; 64];
        bytes.copy_from_slice(&self.chunks[c][s * 64..(s + 1) * 64]);
        ChallengeProof { segment: bytes, segment_proof: prove(&self.chunk_trees[c], s), chunk_proof: prove(&self.tree, c) }
    }
}

fn sample_data(len: usize, salt: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(salt) ^ (i >> 8) as u8).collect()
}

/// The (chunk, segment) a challenge asks for when its seed slot's hash is `hash`, from the
/// documented rule: seed = sha256(hash || node || sequence LE), chunk = u64_le(seed[0..8]) %
/// chunk_count, segment = u64_le(seed[8..16]) % 64.
fn target_for(operator: &Pubkey, sequence: u64, chunk_count: u64, hash: [u8; 32]) -> (u64, u64) {
    let seed = anchor_lang::solana_program::hash::hashv(&[&hash, node_of(operator).as_ref(), &sequence.to_le_bytes()]).to_bytes();
    let chunk = u64::from_le_bytes(seed[0..8].try_into().unwrap()) % chunk_count;
    let segment = u64::from_le_bytes(seed[8..16].try_into().unwrap()) % SEGMENTS_PER_CHUNK;
    (chunk, segment)
}

// ------------------------------------------------------------ environment

struct Reg {
    env: Env,
}

impl std::ops::Deref for Reg {
    type Target = Env;
    fn deref(&self) -> &Env {
        &self.env
    }
}
impl std::ops::DerefMut for Reg {
    fn deref_mut(&mut self) -> &mut Env {
        &mut self.env
    }
}

/// Staking initialised and the registry hosted, not initialised.
fn registry_env() -> Env {
    let mut env = Env::new(Some(slasher()));
    env.add_program(registry::ID, "registry", synq_bridge::anchor_entry(registry::entry));
    env
}

/// The registry's initialize, paid by `payer`, naming `authority`, with `window` response slots.
fn init_ix(payer: Pubkey, authority: Pubkey, window: u64) -> Instruction {
    ix(
        registry::ID,
        ra::Initialize { payer, authority, program_data: program_data(&registry::ID), config: reg_config(), system_program: SYS },
        ri::Initialize { args: registry::instructions::InitializeArgs { min_stake: MIN_STAKE, challenge_interval_slots: INTERVAL, response_window_slots: window } },
    )
}

impl Reg {
    fn new() -> Self {
        let mut env = registry_env();
        let authority = env.authority.insecure_clone();
        let init = init_ix(env.payer.pubkey(), authority.pubkey(), WINDOW);
        let params = ix(
            registry::ID,
            ra::SetParams { authority: authority.pubkey(), config: reg_config() },
            ri::SetParams { args: SetRegistryParamsArgs { report_epoch_seconds: Some(EPOCH), ..Default::default() } },
        );
        env.send(&[init, params], &[&authority]).expect("registry initialised");
        Reg { env }
    }

    /// What the validator does as slots pass: SlotHashes holds `entries` (slot, hash), newest first.
    fn set_slot_hashes(&mut self, entries: &[(u64, [u8; 32])]) {
        let entries: Vec<(u64, Hash)> = entries.iter().map(|(slot, hash)| (*slot, Hash::new_from_array(*hash))).collect();
        self.svm.set_sysvar(&SlotHashes::new(&entries));
    }

    /// Moves past the challenge's issue slot and hashes the slot after it with `hash`; returns
    /// the (chunk, segment) the challenge then asks for (`target_for`).
    fn reveal(&mut self, operator: &Pubkey, sequence: u64, hash: [u8; 32]) -> (u64, u64) {
        let c = self.challenge(operator, sequence);
        let slot = self.clock().slot;
        if slot < c.issued_slot + 2 {
            self.advance(1, c.issued_slot + 2 - slot);
        }
        self.set_slot_hashes(&[(c.issued_slot + 1, hash), (c.issued_slot, [0; 32])]);
        target_for(operator, sequence, c.chunk_count, hash)
    }

    fn config(&self) -> RegistryConfig {
        self.account(&reg_config())
    }
    fn node(&self, operator: &Pubkey) -> Node {
        self.account(&node_of(operator))
    }

    /// An operator with a pool holding `stake` of its own.
    fn operator(&mut self, stake: u64, commission_bps: u16) -> User {
        let operator = self.user(stake);
        self.create_pool(&operator.key, commission_bps).expect("pool");
        if stake > 0 {
            self.stake_active(&operator, &operator.pubkey(), stake).expect("stake");
        }
        operator
    }

    fn register_ix(&self, operator: &Pubkey, pool: Pubkey, endpoint: &str) -> Instruction {
        ix(
            registry::ID,
            ra::RegisterNode { operator: *operator, config: reg_config(), pool, node: node_of(operator), system_program: SYS },
            ri::RegisterNode {
                args: RegisterNodeArgs { endpoint: endpoint.into(), region: 276, capacity_bytes: 1 << 40, models: 0b1111 },
            },
        )
    }

    fn register(&mut self, operator: &User) -> TransactionResult {
        let ix = self.register_ix(&operator.pubkey(), pool_of(&operator.pubkey()), "https://node.example:8443");
        self.send(&[ix], &[&operator.key])
    }

    /// A registered operator with `stake` staked.
    fn node_operator(&mut self, stake: u64) -> User {
        let operator = self.operator(stake, 500);
        self.register(&operator).expect("registered");
        operator
    }

    fn set_status(&mut self, signer: &Keypair, operator: &Pubkey, status: NodeStatus) -> TransactionResult {
        let ix = ix(
            registry::ID,
            ra::SetStatus { signer: signer.pubkey(), config: reg_config(), node: node_of(operator), pool: pool_of(operator) },
            ri::SetStatus { status },
        );
        self.send(&[ix], &[signer])
    }

    fn report(&mut self, signer: &Keypair, operator: &Pubkey, uptime_seconds: u64) -> TransactionResult {
        let ix = ix(
            registry::ID,
            ra::SubmitReport { operator: signer.pubkey(), config: reg_config(), node: node_of(operator) },
            ri::SubmitReport { args: ReportArgs { bytes_transferred: 1_000_000, sessions_served: 42, uptime_seconds } },
        );
        self.send(&[ix], &[signer])
    }

    fn commit(&mut self, operator: &User, root: [u8; 32], size: u64) -> TransactionResult {
        let ix = ix(
            registry::ID,
            ra::CommitStorage { operator: operator.pubkey(), config: reg_config(), node: node_of(&operator.pubkey()) },
            ri::CommitStorage { root, size },
        );
        self.send(&[ix], &[&operator.key])
    }

    fn issue(&mut self, challenger: &Keypair, operator: &Pubkey) -> TransactionResult {
        let node = node_of(operator);
        let sequence = self.node(operator).challenge_sequence;
        let ix = ix(
            registry::ID,
            ra::IssueChallenge {
                challenger: challenger.pubkey(),
                config: reg_config(),
                node,
                challenge: challenge_of(&node, sequence),
                system_program: SYS,
            },
            ri::IssueChallenge {},
        );
        self.send(&[ix], &[challenger])
    }

    fn respond(&mut self, operator: &User, sequence: u64, proof: ChallengeProof) -> TransactionResult {
        let node = node_of(&operator.pubkey());
        let challenge = challenge_of(&node, sequence);
        let challenger = self.account::<Challenge>(&challenge).challenger;
        let ix = ix(
            registry::ID,
            ra::RespondChallenge { operator: operator.pubkey(), node, challenge, challenger, slot_hashes: SLOT_HASHES },
            ri::RespondChallenge { proof },
        );
        self.send(&[ix], &[&operator.key])
    }

    fn expire_ix(&self, operator: &Pubkey, sequence: u64) -> Instruction {
        let node = node_of(operator);
        let challenge = challenge_of(&node, sequence);
        let challenger = self.account::<Challenge>(&challenge).challenger;
        let pool = pool_of(operator);
        ix(
            registry::ID,
            ra::ExpireChallenge {
                config: reg_config(),
                node,
                challenge,
                challenger,
                slasher: slasher(),
                staking_config: stake_config(),
                pool,
                vault: vault_of(&pool),
                mint: self.mint,
                token_program: spl_token::ID,
                staking_program: staking::ID,
            },
            ri::ExpireChallenge {},
        )
    }

    fn challenge(&self, operator: &Pubkey, sequence: u64) -> Challenge {
        self.account(&challenge_of(&node_of(operator), sequence))
    }

    /// Issues a challenge to `operator` and answers it correctly once the seed slot is hashed.
    fn challenge_and_answer(&mut self, challenger: &Keypair, operator: &User, storage: &Storage, hash: [u8; 32]) {
        let sequence = self.node(&operator.pubkey()).challenge_sequence;
        self.issue(challenger, &operator.pubkey()).expect("challenge issued");
        let (chunk, segment) = self.reveal(&operator.pubkey(), sequence, hash);
        self.respond(operator, sequence, storage.proof(chunk, segment)).expect("answered");
    }

    fn set_params(&mut self, args: SetRegistryParamsArgs) -> TransactionResult {
        let authority = self.authority.insecure_clone();
        let ix = ix(registry::ID, ra::SetParams { authority: authority.pubkey(), config: reg_config() }, ri::SetParams { args });
        self.send(&[ix], &[&authority])
    }
}

// ------------------------------------------------------------ tests

fn initialize_and_set_params() {
    let mut reg = Reg::new();
    let config = reg.config();
    assert_eq!(config.min_stake, MIN_STAKE);
    assert_eq!(config.report_epoch_seconds, EPOCH);
    assert_eq!(config.qos.uptime_weight_bps + config.qos.proof_weight_bps, 10_000);
    let set = |authority: Pubkey, args: SetRegistryParamsArgs| {
        ix(registry::ID, ra::SetParams { authority, config: reg_config() }, ri::SetParams { args })
    };
    let stranger = Keypair::new();
    let bad = set(stranger.pubkey(), SetRegistryParamsArgs { min_stake: Some(1), ..Default::default() });
    assert_eq!(error_code(reg.send(&[bad], &[&stranger])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    let authority = reg.authority.insecure_clone();
    let qos = QosParams { uptime_weight_bps: 5_000, proof_weight_bps: 4_000, ewma_alpha_bps: 1, miss_penalty_bps: 1, slash_bps: 1, max_slashes_per_epoch: 1, jail_after_misses: 1 };
    let invalid = set(authority.pubkey(), SetRegistryParamsArgs { qos: Some(qos), ..Default::default() });
    assert_eq!(error_code(reg.send(&[invalid], &[&authority])), registry_code(E::InvalidQosParams));
    let zero = set(authority.pubkey(), SetRegistryParamsArgs { min_stake: Some(0), ..Default::default() });
    assert_eq!(error_code(reg.send(&[zero], &[&authority])), registry_code(E::InvalidMinStake));
    let qos = QosParams { proof_weight_bps: 5_000, ..qos };
    let good = set(authority.pubkey(), SetRegistryParamsArgs { qos: Some(qos), response_window_slots: Some(99), ..Default::default() });
    reg.send(&[good], &[&authority]).expect("authority sets params");
    assert_eq!(reg.config().qos, qos);
    assert_eq!(reg.config().response_window_slots, 99);
}

fn register_requires_min_stake_and_the_right_pool() {
    let mut reg = Reg::new();
    let poor = reg.operator(MIN_STAKE - 1, 0);
    assert_eq!(error_code(reg.register(&poor)), registry_code(E::InsufficientStake));
    let rich = reg.operator(MIN_STAKE, 0);
    // Someone else's (well-funded) pool.
    let ix = reg.register_ix(&poor.pubkey(), pool_of(&rich.pubkey()), "x");
    assert_eq!(error_code(reg.send(&[ix], &[&poor.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    // An account that is not owned by the staking program.
    let ix = reg.register_ix(&poor.pubkey(), reg_config(), "x");
    assert_eq!(error_code(reg.send(&[ix], &[&poor.key])), anchor_code(anchor_lang::error::ErrorCode::AccountOwnedByWrongProgram));
    let long = "h".repeat(129);
    let ix = reg.register_ix(&rich.pubkey(), pool_of(&rich.pubkey()), &long);
    assert_eq!(error_code(reg.send(&[ix], &[&rich.key])), registry_code(E::InvalidEndpoint));
    let max = "h".repeat(128);
    let ix = reg.register_ix(&rich.pubkey(), pool_of(&rich.pubkey()), &max);
    reg.send(&[ix], &[&rich.key]).expect("registered with a 128-byte endpoint");
    let node = reg.node(&rich.pubkey());
    assert_eq!(node.status, NodeStatus::Active);
    assert_eq!(node.pool, pool_of(&rich.pubkey()));
    assert_eq!(node.qos_bps, registry::constants::INITIAL_QOS_BPS);
    assert_eq!(node.endpoint.len(), 128);
    assert_eq!(reg.config().node_count, 1);
    assert!(reg.register(&rich).is_err(), "one node per operator");
    // The account is sized for the longest endpoint, well under the CPI-init limit.
    let size = reg.svm.get_account(&node_of(&rich.pubkey())).unwrap().data.len();
    assert_eq!(size, 8 + <Node as anchor_lang::Space>::INIT_SPACE);
    assert!(size < 1_024, "{size}");
}

fn update_node_by_operator_only() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let stranger = reg.user(0);
    let update = |signer: Pubkey, target: Pubkey, args: UpdateNodeArgs| {
        ix(registry::ID, ra::UpdateNode { operator: signer, node: node_of(&target) }, ri::UpdateNode { args })
    };
    let args = UpdateNodeArgs { endpoint: Some("https://new.example".into()), models: Some(0b0101), ..Default::default() };
    let bad = update(stranger.pubkey(), operator.pubkey(), args.clone());
    assert_eq!(error_code(reg.send(&[bad], &[&stranger.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    let empty = update(operator.pubkey(), operator.pubkey(), UpdateNodeArgs { endpoint: Some(String::new()), ..Default::default() });
    assert_eq!(error_code(reg.send(&[empty], &[&operator.key])), registry_code(E::InvalidEndpoint));
    let good = update(operator.pubkey(), operator.pubkey(), args);
    reg.send(&[good], &[&operator.key]).expect("updated");
    let node = reg.node(&operator.pubkey());
    assert_eq!(node.endpoint, "https://new.example");
    assert_eq!(node.models, 0b0101);
    assert_eq!(node.region, 276, "untouched");
}

fn set_status_roles() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let stranger = Keypair::new();
    reg.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    let authority = reg.authority.insecure_clone();
    assert_eq!(error_code(reg.set_status(&stranger, &op, NodeStatus::Paused)), registry_code(E::InvalidStatusTransition));
    assert_eq!(error_code(reg.set_status(&authority, &op, NodeStatus::Paused)), registry_code(E::InvalidStatusTransition));
    reg.advance(0, INTERVAL + WINDOW);
    reg.set_status(&operator.key, &op, NodeStatus::Paused).expect("operator pauses");
    reg.advance(0, INTERVAL + WINDOW);
    reg.set_status(&operator.key, &op, NodeStatus::Active).expect("operator resumes");
    assert_eq!(error_code(reg.set_status(&operator.key, &op, NodeStatus::Jailed)), registry_code(E::InvalidStatusTransition));
    reg.set_status(&authority, &op, NodeStatus::Jailed).expect("authority jails");
    assert_eq!(error_code(reg.set_status(&operator.key, &op, NodeStatus::Active)), registry_code(E::InvalidStatusTransition));
    reg.set_status(&authority, &op, NodeStatus::Paused).expect("authority releases to Paused");
    reg.advance(0, INTERVAL + WINDOW);
    // Resuming needs the minimum stake in the pool.
    let shares = reg.position(&op, &op).shares;
    reg.request_unstake(&operator, &op, shares / 2).expect("unstake half");
    assert_eq!(error_code(reg.set_status(&operator.key, &op, NodeStatus::Active)), registry_code(E::InsufficientStake));
    // A pool that is not the node's.
    let other = reg.operator(MIN_STAKE, 0);
    let ix = ix(
        registry::ID,
        ra::SetStatus { signer: operator.pubkey(), config: reg_config(), node: node_of(&op), pool: pool_of(&other.pubkey()) },
        ri::SetStatus { status: NodeStatus::Active },
    );
    assert_eq!(error_code(reg.send(&[ix], &[&operator.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
}

fn submit_report_once_per_epoch_with_ewma() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let stranger = Keypair::new();
    reg.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    assert_eq!(error_code(reg.report(&stranger, &op, 1)), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    assert_eq!(error_code(reg.report(&operator.key, &op, EPOCH + 1)), registry_code(E::InvalidUptime));

    // The attack: no storage committed, full uptime claimed. Nothing backs the claim: sample 0,
    // QoS falls (0.8 * 5000) instead of rising.
    let idle = reg.node_operator(MIN_STAKE);
    reg.report(&idle.key, &idle.pubkey(), EPOCH).expect("reported");
    assert_eq!(reg.node(&idle.pubkey()).qos_bps, 4_000);

    let storage = Storage::new(&sample_data(100, 9));
    reg.commit(&operator, storage.root(), storage.size).expect("committed");
    reg.report(&operator.key, &op, EPOCH).expect("full uptime");
    // Sample = 70% * 10000 + 30% * 10000 (committed, no challenges yet) = 10000; qos = 0.2*10000 + 0.8*5000.
    let node = reg.node(&op);
    assert_eq!(node.qos_bps, 6_000);
    assert_eq!(node.metrics.reports, 1);
    assert_eq!(node.metrics.sessions_served, 42);
    assert_eq!(Some(node.last_report_epoch), reg.config().report_epoch(reg.clock().unix_timestamp));
    assert_eq!(error_code(reg.report(&operator.key, &op, EPOCH)), registry_code(E::AlreadyReported));
    reg.advance(EPOCH as i64, 10);
    reg.report(&operator.key, &op, EPOCH / 2).expect("next epoch, half uptime");
    // Sample = 0.7*5000 + 0.3*10000 = 6500; qos = 0.2*6500 + 0.8*6000 = 6100.
    assert_eq!(reg.node(&op).qos_bps, 6_100);
    assert_eq!(reg.node(&op).metrics.bytes_transferred, 2_000_000);
    reg.advance(EPOCH as i64, INTERVAL + WINDOW);
    reg.set_status(&operator.key, &op, NodeStatus::Paused).unwrap();
    assert_eq!(error_code(reg.report(&operator.key, &op, 1)), registry_code(E::NodeNotActive));
}

fn challenge_answered_with_a_valid_proof() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let challenger = Keypair::new();
    reg.svm.airdrop(&challenger.pubkey(), 1_000_000_000).unwrap();
    assert_eq!(error_code(reg.issue(&challenger, &op)), registry_code(E::NoCommitment));
    assert_eq!(error_code(reg.commit(&operator, [0; 32], 0)), registry_code(E::InvalidCommitment));
    let storage = Storage::new(&sample_data(5 * CHUNK_SIZE as usize + 100, 1));
    reg.commit(&operator, storage.root(), storage.size).expect("commit");
    // A node cannot challenge itself (it would collect passes nobody asked for).
    assert_eq!(error_code(reg.issue(&operator.key, &op)), registry_code(E::SelfChallenge));
    assert_eq!(reg.node(&op).commitment.chunk_count, 6);

    let before = reg.svm.get_balance(&challenger.pubkey()).unwrap();
    reg.issue(&challenger, &op).expect("anyone may challenge");
    let challenge = reg.challenge(&op, 0);
    assert_eq!(challenge.issued_slot, reg.clock().slot);
    assert_eq!(challenge.deadline_slot, reg.clock().slot + WINDOW);
    assert_eq!((challenge.root, challenge.chunk_count), (storage.root(), 6));
    assert_eq!(reg.node(&op).open_challenges, 1);
    assert_eq!(error_code(reg.issue(&challenger, &op)), registry_code(E::ChallengeOpen));
    let (chunk_index, segment_index) = reg.reveal(&op, 0, [42u8; 32]);

    // Wrong proofs: another segment, the right segment at the wrong index, a tampered byte.
    let right = storage.proof(chunk_index, segment_index);
    let other_segment = storage.proof(chunk_index, (segment_index + 1) % SEGMENTS_PER_CHUNK);
    assert_eq!(error_code(reg.respond(&operator, 0, other_segment)), registry_code(E::InvalidProof));
    let other_chunk = storage.proof((chunk_index + 1) % 6, segment_index);
    assert_eq!(error_code(reg.respond(&operator, 0, other_chunk)), registry_code(E::InvalidProof));
    let mut tampered = right.clone();
    tampered.segment[0] ^= 1;
    assert_eq!(error_code(reg.respond(&operator, 0, tampered)), registry_code(E::InvalidProof));
    // Only the operator answers.
    let stranger = reg.user(0);
    let node = node_of(&op);
    let ix = ix(
        registry::ID,
        ra::RespondChallenge { operator: stranger.pubkey(), node, challenge: challenge_of(&node, 0), challenger: challenger.pubkey(), slot_hashes: SLOT_HASHES },
        ri::RespondChallenge { proof: right.clone() },
    );
    assert_eq!(error_code(reg.send(&[ix], &[&stranger.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    // Expiring early is refused.
    let expire = reg.expire_ix(&op, 0);
    assert_eq!(error_code(reg.send(&[expire], &[])), registry_code(E::ChallengeNotExpired));

    reg.respond(&operator, 0, right).expect("valid proof");
    let node = reg.node(&op);
    assert_eq!((node.metrics.proofs_passed, node.open_challenges), (1, 0));
    assert!(!reg.exists(&challenge_of(&node_of(&op), 0)), "closed");
    assert_eq!(reg.svm.get_balance(&challenger.pubkey()).unwrap(), before, "rent refunded to the challenger");
    assert_eq!(error_code(reg.issue(&challenger, &op)), registry_code(E::ChallengeTooSoon));
    reg.advance(1, INTERVAL);
    reg.challenge_and_answer(&challenger, &operator, &storage, [9u8; 32]);
    assert_eq!(reg.node(&op).metrics.proofs_passed, 2);
}

fn missed_challenge_drops_qos_and_slashes() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(100 * SYNQ);
    let op = operator.pubkey();
    let storage = Storage::new(&sample_data(3 * CHUNK_SIZE as usize, 2));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let challenger = reg.user(0);
    reg.issue(&challenger.key, &op).unwrap();
    let (chunk, segment) = reg.reveal(&op, 0, [5; 32]);
    reg.advance(5, WINDOW + 1);
    assert_eq!(
        error_code(reg.respond(&operator, 0, storage.proof(chunk, segment))),
        registry_code(E::ChallengeDeadlinePassed)
    );
    // Another node's pool cannot stand in for this one.
    let other = reg.operator(MIN_STAKE, 0);
    let mut wrong = reg.expire_ix(&op, 0);
    wrong.accounts[6].pubkey = pool_of(&other.pubkey());
    wrong.accounts[7].pubkey = vault_of(&pool_of(&other.pubkey()));
    assert_eq!(error_code(reg.send(&[wrong], &[])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    let supply = reg.supply();
    let expire = reg.expire_ix(&op, 0);
    reg.send(&[expire], &[]).expect("anyone expires after the window");
    let node = reg.node(&op);
    assert_eq!(node.metrics.proofs_failed, 1);
    assert_eq!(node.open_challenges, 0);
    assert_eq!(node.qos_bps, 4_000, "5000 * (1 - 20%)");
    let pool = reg.pool(&op);
    assert_eq!(pool.total_slashed, SYNQ, "1% of 100 SYNQ");
    assert_eq!(pool.total_tokens, 99 * SYNQ);
    assert_eq!(reg.supply(), supply - SYNQ, "burnt");
    assert!(!reg.exists(&challenge_of(&node_of(&op), 0)));
}

fn slash_cpi_needs_the_configured_slasher() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let storage = Storage::new(&sample_data(CHUNK_SIZE as usize, 3));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let challenger = reg.user(0);
    reg.issue(&challenger.key, &op).unwrap();
    reg.advance(1, WINDOW + 1);
    // Governance points staking's slasher elsewhere: the registry's PDA is refused by staking.
    let authority = reg.authority.insecure_clone();
    let set = ix(
        staking::ID,
        staking::accounts::SetParams { authority: authority.pubkey(), config: stake_config() },
        staking::instruction::SetParams {
            args: staking::instructions::SetStakeParamsArgs { slasher: Some(Pubkey::new_unique()), ..Default::default() },
        },
    );
    reg.send(&[set], &[&authority]).unwrap();
    let expire = reg.expire_ix(&op, 0);
    assert_eq!(error_code(reg.send(&[expire], &[])), staking_code(staking::errors::StakingError::UnauthorizedSlasher));
    assert_eq!(reg.node(&op).open_challenges, 1, "rolled back");
}

fn deregister_only_when_unstaked_and_unchallenged() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let deregister = |operator: Pubkey| {
        ix(registry::ID, ra::Deregister { operator, config: reg_config(), node: node_of(&operator), pool: pool_of(&operator) }, ri::Deregister {})
    };
    assert_eq!(error_code(reg.send(&[deregister(op)], &[&operator.key])), registry_code(E::StillStaked));
    let storage = Storage::new(&sample_data(100, 4));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let challenger = reg.user(0);
    reg.issue(&challenger.key, &op).unwrap();
    let shares = reg.position(&op, &op).shares;
    reg.request_unstake(&operator, &op, shares).expect("unstake everything");
    assert_eq!(error_code(reg.send(&[deregister(op)], &[&operator.key])), registry_code(E::ChallengeOpen));
    let (chunk, segment) = reg.reveal(&op, 0, [6; 32]);
    reg.respond(&operator, 0, storage.proof(chunk, segment)).unwrap();
    let stranger = reg.user(0);
    let ix = ix(registry::ID, ra::Deregister { operator: stranger.pubkey(), config: reg_config(), node: node_of(&op), pool: pool_of(&op) }, ri::Deregister {});
    assert_eq!(error_code(reg.send(&[ix], &[&stranger.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    reg.send(&[deregister(op)], &[&operator.key]).expect("deregistered");
    assert!(!reg.exists(&node_of(&op)));
    assert_eq!(reg.config().node_count, 0);
}

/// The bootstrap attack: a stranger initialises the registry first, naming itself authority,
/// or passes the ProgramData of a program it deployed itself.
fn stranger_cannot_initialize() {
    let mut env = registry_env();
    let init = |payer: Pubkey, authority: Pubkey| init_ix(payer, authority, WINDOW);
    let stranger = env.user(0);
    assert_eq!(error_code(env.send(&[init(stranger.pubkey(), stranger.pubkey())], &[&stranger.key])), registry_code(E::NotUpgradeAuthority));
    let own_program = Pubkey::new_unique();
    set_upgrade_authority(&mut env.svm, &own_program, Some(stranger.pubkey()));
    let mut substituted = init(stranger.pubkey(), stranger.pubkey());
    substituted.accounts[2].pubkey = program_data(&own_program);
    assert_eq!(error_code(env.send(&[substituted], &[&stranger.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    assert!(!env.exists(&reg_config()));
    let authority = env.authority.insecure_clone();
    env.send(&[init(env.payer.pubkey(), authority.pubkey())], &[&authority]).expect("the upgrade authority initialises");
}

/// Escaping jail: unstake, deregister, stake and register again would give a jailed operator a
/// fresh Active node with clean counters. Deregistering a jailed node is refused.
fn jailed_node_cannot_deregister() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let authority = reg.authority.insecure_clone();
    reg.set_status(&authority, &op, NodeStatus::Jailed).expect("jailed");
    let shares = reg.position(&op, &op).shares;
    reg.request_unstake(&operator, &op, shares).expect("unstake everything");
    let deregister = ix(registry::ID, ra::Deregister { operator: op, config: reg_config(), node: node_of(&op), pool: pool_of(&op) }, ri::Deregister {});
    assert_eq!(error_code(reg.send(&[deregister.clone()], &[&operator.key])), registry_code(E::NodeJailed));
    assert_eq!(reg.node(&op).status, NodeStatus::Jailed, "still jailed");
    // Released (to Paused) by the authority, it may leave.
    reg.set_status(&authority, &op, NodeStatus::Paused).expect("released");
    reg.send(&[deregister], &[&operator.key]).expect("deregistered after release");
}

/// Two operators and three delegators; node A answers its challenges, node B misses one.
fn scenario_two_nodes_three_delegators() {
    let mut reg = Reg::new();
    let a = reg.node_operator(20 * SYNQ);
    let b = reg.node_operator(20 * SYNQ);
    let (pa, pb) = (a.pubkey(), b.pubkey());
    let d1 = reg.user(30 * SYNQ);
    let d2 = reg.user(50 * SYNQ);
    let d3 = reg.user(30 * SYNQ);
    reg.stake_active(&d1, &pa, 30 * SYNQ).unwrap();
    reg.stake_active(&d2, &pa, 20 * SYNQ).unwrap();
    reg.stake_active(&d2, &pb, 30 * SYNQ).unwrap();
    reg.stake_active(&d3, &pb, 30 * SYNQ).unwrap();
    let storage_a = Storage::new(&sample_data(4 * CHUNK_SIZE as usize, 5));
    let storage_b = Storage::new(&sample_data(2 * CHUNK_SIZE as usize + 1, 6));
    reg.commit(&a, storage_a.root(), storage_a.size).unwrap();
    reg.commit(&b, storage_b.root(), storage_b.size).unwrap();
    reg.report(&a.key, &pa, EPOCH).unwrap();
    reg.report(&b.key, &pb, EPOCH).unwrap();

    let watcher = reg.user(0);
    for round in 0..2u8 {
        reg.challenge_and_answer(&watcher.key, &a, &storage_a, [round + 1; 32]);
        if round == 0 {
            reg.challenge_and_answer(&watcher.key, &b, &storage_b, [round + 11; 32]);
        } else {
            reg.issue(&watcher.key, &pb).unwrap();
        }
        reg.advance(10, INTERVAL.max(WINDOW + 1));
    }
    let expire = reg.expire_ix(&pb, 1);
    reg.send(&[expire], &[]).expect("B's missed challenge expires");

    reg.advance(EPOCH as i64, 1);
    reg.report(&a.key, &pa, EPOCH).unwrap();
    reg.report(&b.key, &pb, EPOCH).unwrap();
    let (na, nb) = (reg.node(&pa), reg.node(&pb));
    assert_eq!((na.metrics.proofs_passed, na.metrics.proofs_failed), (2, 0));
    assert_eq!((nb.metrics.proofs_passed, nb.metrics.proofs_failed), (1, 1));
    // A: 5000 -> 6000 -> 6800. B: 5000 -> 6000 -> x0.8 = 4800 -> its claimed full uptime counts
    // only as far as its pass rate (50%): sample 0.7*5000 + 0.3*5000 = 5000 -> 4840.
    assert_eq!(na.qos_bps, 6_800);
    assert_eq!(nb.qos_bps, 4_840);
    assert!(na.qos_bps > nb.qos_bps);

    // Pool A untouched; pool B lost 1% of 80 SYNQ, shared by every staker pro rata.
    assert_eq!(reg.pool(&pa).total_tokens, 70 * SYNQ);
    assert_eq!(reg.pool(&pb).total_tokens, 80 * SYNQ - 8 * SYNQ / 10);
    assert_eq!(reg.position_value(&pa, &d1.pubkey()), 30 * SYNQ);
    assert_eq!(reg.position_value(&pa, &d2.pubkey()), 20 * SYNQ);
    let d2_b = reg.position_value(&pb, &d2.pubkey());
    let d3_b = reg.position_value(&pb, &d3.pubkey());
    let b_own = reg.position_value(&pb, &pb);
    assert_eq!(d2_b, d3_b);
    assert!(d2_b >= 297 * SYNQ / 10 - 1 && d2_b <= 297 * SYNQ / 10, "{d2_b}");
    assert!(b_own >= 198 * SYNQ / 10 - 1 && b_own <= 198 * SYNQ / 10, "{b_own}");
    assert!(d2_b + d3_b + b_own <= reg.pool(&pb).total_tokens, "never owes more than it holds");
}

/// Resume, act, pause in one transaction (or a few slots): a node would be Active only while it
/// earns and Paused whenever it could be challenged. Every operator status change waits
/// `challenge_interval_slots + response_window_slots` after the last one.
fn status_changes_have_a_cooldown() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let cooldown = INTERVAL + WINDOW;
    assert_eq!(reg.config().status_cooldown_slots(), Some(cooldown));
    // Registration counts as a change: a fresh node cannot pause at once.
    assert_eq!(error_code(reg.set_status(&operator.key, &op, NodeStatus::Paused)), registry_code(E::StatusCooldown));
    reg.advance(0, cooldown);
    reg.set_status(&operator.key, &op, NodeStatus::Paused).expect("paused");
    reg.advance(0, cooldown);
    // The attack: resume, report as Active, pause again, all in one transaction.
    let status = |status: NodeStatus| {
        ix(registry::ID, ra::SetStatus { signer: op, config: reg_config(), node: node_of(&op), pool: pool_of(&op) }, ri::SetStatus { status })
    };
    let report = ix(
        registry::ID,
        ra::SubmitReport { operator: op, config: reg_config(), node: node_of(&op) },
        ri::SubmitReport { args: ReportArgs { bytes_transferred: 1, sessions_served: 1, uptime_seconds: 1 } },
    );
    let sneaky = [status(NodeStatus::Active), report, status(NodeStatus::Paused)];
    assert_eq!(error_code(reg.send(&sneaky, &[&operator.key])), registry_code(E::StatusCooldown));
    assert_eq!(reg.node(&op).status, NodeStatus::Paused, "rolled back");
    reg.set_status(&operator.key, &op, NodeStatus::Active).expect("resumed");
    reg.advance(0, cooldown - 1);
    assert_eq!(error_code(reg.set_status(&operator.key, &op, NodeStatus::Paused)), registry_code(E::StatusCooldown));
    // Meanwhile it can be challenged like any Active node.
    let storage = Storage::new(&sample_data(CHUNK_SIZE as usize, 8));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let watcher = reg.user(0);
    reg.issue(&watcher.key, &op).expect("challenged while it must stay Active");
    reg.advance(0, 1);
    reg.set_status(&operator.key, &op, NodeStatus::Paused).expect("paused after the cooldown");
    // The authority's jail is immediate.
    let authority = reg.authority.insecure_clone();
    reg.set_status(&authority, &op, NodeStatus::Jailed).expect("jailed at once");
}

/// The chunk a challenge asks for must not be known when it opens: it follows from the hash of
/// a slot after the issue slot, which does not exist yet.
fn challenge_target_unknown_at_issue() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let storage = Storage::new(&sample_data(64 * CHUNK_SIZE as usize, 3));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let watcher = reg.user(0);
    let issued = reg.clock().slot;
    assert!(issued > 1);
    // Everything known at issue time: hashes of the issue slot and before.
    reg.set_slot_hashes(&[(issued, [1; 32]), (issued - 1, [2; 32])]);
    reg.issue(&watcher.key, &op).unwrap();
    // Answering in the same slot, or while only the issue slot is hashed, is refused: no answer
    // can be prepared before the seed slot exists.
    for (chunk, segment) in [(0, 0), (5, 7)] {
        assert_eq!(error_code(reg.respond(&operator, 0, storage.proof(chunk, segment))), registry_code(E::ChallengeSeedNotReady));
    }
    // The next slot's hash decides; another hash for that slot would ask for another segment.
    let targets: std::collections::HashSet<_> = (0..8u8).map(|fill| target_for(&op, 0, 64, [fill; 32])).collect();
    assert!(targets.len() >= 6, "the target follows the future hash: {targets:?}");
    let (chunk, segment) = reg.reveal(&op, 0, [200; 32]);
    let (other_chunk, other_segment) = reg.reveal(&op, 0, [201; 32]);
    assert_ne!((chunk, segment), (other_chunk, other_segment));
    reg.reveal(&op, 0, [200; 32]);
    assert_eq!(error_code(reg.respond(&operator, 0, storage.proof(other_chunk, other_segment))), registry_code(E::InvalidProof));
    // Once SlotHashes no longer reaches back to the issue slot, the seed slot cannot be told.
    reg.advance(0, 2);
    let now = reg.clock().slot;
    reg.set_slot_hashes(&[(now - 1, [3; 32]), (issued + 1, [200; 32])]);
    assert_eq!(error_code(reg.respond(&operator, 0, storage.proof(chunk, segment))), registry_code(E::ChallengeSeedExpired));
    reg.reveal(&op, 0, [200; 32]);
    reg.respond(&operator, 0, storage.proof(chunk, segment)).expect("answered from the seed slot's hash");
}

/// A commitment bigger than one response can prove could never be answered (every challenge
/// a slash); a commitment replaced while a challenge is open dodges it or strands the node.
fn commit_storage_bounded_and_not_while_challenged() {
    let mut reg = Reg::new();
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    let too_big = (MAX_COMMITMENT_CHUNKS + 1) * CHUNK_SIZE;
    assert_eq!(error_code(reg.commit(&operator, [1; 32], too_big)), registry_code(E::CommitmentTooLarge));
    assert_eq!(error_code(reg.commit(&operator, [1; 32], too_big - CHUNK_SIZE + 1)), registry_code(E::CommitmentTooLarge));
    reg.commit(&operator, [1; 32], MAX_COMMITMENT_CHUNKS * CHUNK_SIZE).expect("the largest provable commitment");
    // The answer to a challenge on the largest commitment fits one transaction packet.
    let node = node_of(&op);
    let proof = ChallengeProof {
        segment: [7; 64],
        segment_proof: vec![[1; 32]; registry::constants::SEGMENT_PROOF_LEN],
        chunk_proof: vec![[2; 32]; registry::constants::MAX_CHUNK_PROOF_LEN],
    };
    let respond = ix(
        registry::ID,
        ra::RespondChallenge { operator: op, node, challenge: challenge_of(&node, 0), challenger: Pubkey::new_unique(), slot_hashes: SLOT_HASHES },
        ri::RespondChallenge { proof },
    );
    let tx = solana_transaction::Transaction::new_signed_with_payer(&[respond], Some(&op), &[&operator.key], reg.svm.latest_blockhash());
    let size = bincode::serialize(&tx).unwrap().len();
    assert!(size <= 1_232, "respond_challenge at full depth is {size} bytes");

    let storage = Storage::new(&sample_data(2 * CHUNK_SIZE as usize, 4));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let watcher = reg.user(0);
    reg.issue(&watcher.key, &op).unwrap();
    assert_eq!(error_code(reg.commit(&operator, [9; 32], CHUNK_SIZE)), registry_code(E::ChallengeOpen));
    let (chunk, segment) = reg.reveal(&op, 0, [4; 32]);
    reg.respond(&operator, 0, storage.proof(chunk, segment)).unwrap();
    reg.commit(&operator, [9; 32], CHUNK_SIZE).expect("no challenge open");
}

/// An offline node: every miss used to burn `slash_bps`, about half a pool an hour. Now at most
/// `max_slashes_per_epoch` slashes an epoch, and `jail_after_misses` misses in a row jail it.
fn slashing_capped_per_epoch_and_jail_after_misses() {
    let mut reg = Reg::new();
    let qos = QosParams { max_slashes_per_epoch: 2, jail_after_misses: 4, ..reg.config().qos };
    reg.set_params(SetRegistryParamsArgs { qos: Some(qos), ..Default::default() }).unwrap();
    let operator = reg.node_operator(100 * SYNQ);
    let op = operator.pubkey();
    let storage = Storage::new(&sample_data(CHUNK_SIZE as usize, 5));
    reg.commit(&operator, storage.root(), storage.size).unwrap();
    let watcher = reg.user(0);
    let miss = |reg: &mut Reg, sequence: u64| {
        reg.issue(&watcher.key, &op).expect("challenged");
        reg.advance(1, WINDOW + 1);
        let expire = reg.expire_ix(&op, sequence);
        reg.send(&[expire], &[]).expect("expired");
        reg.advance(1, INTERVAL);
    };
    miss(&mut reg, 0);
    miss(&mut reg, 1);
    assert_eq!(reg.pool(&op).total_tokens, 100 * SYNQ - SYNQ - 99 * SYNQ / 100, "two 1% slashes");
    miss(&mut reg, 2);
    assert_eq!(reg.pool(&op).total_tokens, 100 * SYNQ - SYNQ - 99 * SYNQ / 100, "the epoch's cap reached: no third slash");
    assert_eq!(reg.node(&op).status, NodeStatus::Active);
    // An answered challenge resets the run of misses.
    reg.challenge_and_answer(&watcher.key, &operator, &storage, [1; 32]);
    reg.advance(1, INTERVAL);
    assert_eq!(reg.node(&op).consecutive_misses, 0);
    // Next epoch: slashes count again; the fourth miss in a row jails.
    reg.advance(EPOCH as i64, 1);
    for sequence in 4..8 {
        miss(&mut reg, sequence);
    }
    let node = reg.node(&op);
    assert_eq!(node.status, NodeStatus::Jailed);
    assert_eq!((node.consecutive_misses, node.slashes_in_epoch, node.metrics.proofs_failed), (4, 2, 7));
    let expected = 100 * SYNQ - SYNQ - 99 * SYNQ / 100;
    let expected = expected - expected / 100;
    let expected = expected - expected / 100;
    assert_eq!(reg.pool(&op).total_tokens, expected, "two more slashes in the new epoch, then nothing");
    assert_eq!(error_code(reg.issue(&watcher.key, &op)), registry_code(E::NodeNotActive));
    // Released by the authority (to Paused), the count starts over.
    let authority = reg.authority.insecure_clone();
    reg.set_status(&authority, &op, NodeStatus::Paused).unwrap();
    assert_eq!(reg.node(&op).consecutive_misses, 0);
}

/// Values that break the protocol are refused by `initialize` and `set_params`; a longer
/// report epoch does not move epoch numbers back (which would lock nodes out of reporting).
fn parameters_are_bounded() {
    let mut reg = Reg::new();
    let qos = reg.config().qos;
    let refused = [
        (SetRegistryParamsArgs { response_window_slots: Some(1), ..Default::default() }, E::InvalidResponseWindow),
        (SetRegistryParamsArgs { response_window_slots: Some(registry::constants::MAX_RESPONSE_WINDOW_SLOTS + 1), ..Default::default() }, E::InvalidResponseWindow),
        (SetRegistryParamsArgs { challenge_interval_slots: Some(0), ..Default::default() }, E::InvalidChallengeWindow),
        (SetRegistryParamsArgs { report_epoch_seconds: Some(0), ..Default::default() }, E::InvalidEpochLength),
        (SetRegistryParamsArgs { report_epoch_seconds: Some(60), ..Default::default() }, E::InvalidEpochLength),
        (SetRegistryParamsArgs { min_stake: Some(0), ..Default::default() }, E::InvalidMinStake),
        (SetRegistryParamsArgs { qos: Some(QosParams { slash_bps: 10_000, ..qos }), ..Default::default() }, E::InvalidQosParams),
        (SetRegistryParamsArgs { qos: Some(QosParams { ewma_alpha_bps: 0, ..qos }), ..Default::default() }, E::InvalidQosParams),
        (SetRegistryParamsArgs { qos: Some(QosParams { max_slashes_per_epoch: 0, ..qos }), ..Default::default() }, E::InvalidQosParams),
        (SetRegistryParamsArgs { qos: Some(QosParams { jail_after_misses: 0, ..qos }), ..Default::default() }, E::InvalidQosParams),
    ];
    for (args, error) in refused {
        assert_eq!(error_code(reg.set_params(args)), registry_code(error));
    }
    let mut env = registry_env();
    let authority = env.authority.insecure_clone();
    let init = init_ix(env.payer.pubkey(), authority.pubkey(), 1);
    assert_eq!(error_code(env.send(&[init], &[&authority])), registry_code(E::InvalidResponseWindow));

    // Epoch numbers only go forward: a node that reported in epoch N reports again in the
    // first epoch after a change to a longer epoch.
    let operator = reg.node_operator(MIN_STAKE);
    let op = operator.pubkey();
    reg.advance(100 * EPOCH as i64, 1);
    reg.report(&operator.key, &op, 1).unwrap();
    let reported = reg.node(&op).last_report_epoch;
    reg.set_params(SetRegistryParamsArgs { report_epoch_seconds: Some(4 * EPOCH), ..Default::default() }).unwrap();
    let config = reg.config();
    assert_eq!(config.report_epoch(reg.clock().unix_timestamp), Some(reported + 1));
    reg.report(&operator.key, &op, 1).expect("not locked out");
    assert_eq!(error_code(reg.report(&operator.key, &op, 2)), registry_code(E::AlreadyReported));
    reg.advance(4 * EPOCH as i64, 1);
    reg.report(&operator.key, &op, 1).expect("next long epoch");
    assert_eq!(reg.node(&op).last_report_epoch, reported + 2);
}

fn main() {
    run(&[
        ("initialize_and_set_params", initialize_and_set_params),
        ("stranger_cannot_initialize", stranger_cannot_initialize),
        ("jailed_node_cannot_deregister", jailed_node_cannot_deregister),
        ("register_requires_min_stake_and_the_right_pool", register_requires_min_stake_and_the_right_pool),
        ("update_node_by_operator_only", update_node_by_operator_only),
        ("set_status_roles", set_status_roles),
        ("submit_report_once_per_epoch_with_ewma", submit_report_once_per_epoch_with_ewma),
        ("challenge_answered_with_a_valid_proof", challenge_answered_with_a_valid_proof),
        ("missed_challenge_drops_qos_and_slashes", missed_challenge_drops_qos_and_slashes),
        ("slash_cpi_needs_the_configured_slasher", slash_cpi_needs_the_configured_slasher),
        ("deregister_only_when_unstaked_and_unchallenged", deregister_only_when_unstaked_and_unchallenged),
        ("scenario_two_nodes_three_delegators", scenario_two_nodes_three_delegators),
        ("status_changes_have_a_cooldown", status_changes_have_a_cooldown),
        ("challenge_target_unknown_at_issue", challenge_target_unknown_at_issue),
        ("commit_storage_bounded_and_not_while_challenged", commit_storage_bounded_and_not_while_challenged),
        ("slashing_capped_per_epoch_and_jail_after_misses", slashing_capped_per_epoch_and_jail_after_misses),
        ("parameters_are_bounded", parameters_are_bounded),
    ]);
}
