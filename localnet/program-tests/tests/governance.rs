//! Governance program with staking (voting power, vote locks, the quorum base), in-process
//! through synq-bridge + litesvm with the real SPL Token binary.
//!   cargo test -p synq-program-tests --test governance [-- <name filter>]

#![allow(clippy::result_large_err)] // litesvm's TransactionResult, as in tests/common

mod common;

use common::*;
use governance::{
    accounts as ga,
    constants::{AUTHORITY_SEED, CONFIG_SEED, EXECUTION_GRACE_SECONDS, MAX_ACTIONS, MAX_ACTION_DATA, PROPOSAL_SEED, VOTE_SEED},
    errors::GovernanceError as G,
    instruction as gi,
    instructions::{CreateProposalArgs, InitializeArgs, SetGovernanceParamsArgs},
    state::{ActionAccount, GovernanceConfig, Proposal, ProposalAction, ProposalState, VoteChoice, VoteRecord},
};
use solana_instruction::AccountMeta;
use staking::{accounts as sa, errors::StakingError as SE, instruction as si, instructions::SetStakeParamsArgs, state::StakeConfig};

const VOTING: i64 = 24 * 3_600;
const TIMELOCK: i64 = 24 * 3_600;
const QUORUM_BPS: u16 = 2_000;
const THRESHOLD_BPS: u16 = 5_000;
const PROPOSAL_THRESHOLD: u64 = 10 * SYNQ;
const SYS: Pubkey = solana_sdk_ids::system_program::ID;

fn gov_code(err: G) -> u32 {
    6000 + err as u32
}
fn gov_pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &governance::ID).0
}
fn gov_config() -> Pubkey {
    gov_pda(&[CONFIG_SEED])
}
fn gov_authority() -> Pubkey {
    gov_pda(&[AUTHORITY_SEED])
}
fn proposal_pda(index: u64) -> Pubkey {
    gov_pda(&[PROPOSAL_SEED, gov_config().as_ref(), &index.to_le_bytes()])
}
fn vote_pda(proposal: &Pubkey, position: &Pubkey) -> Pubkey {
    gov_pda(&[VOTE_SEED, proposal.as_ref(), position.as_ref()])
}

struct Gov {
    env: Env,
    guardian: Keypair,
    /// Operators of three pools; each has staked in its own pool.
    operators: Vec<User>,
}

/// `authority` must sign: it is checked against governance's ProgramData upgrade authority.
fn init_ix(payer: &Pubkey, authority: &Pubkey, args: InitializeArgs) -> Instruction {
    let accounts = ga::Initialize {
        payer: *payer,
        authority: *authority,
        program_data: program_data(&governance::ID),
        config: gov_config(),
        governance_authority: gov_authority(),
        system_program: SYS,
    };
    ix(governance::ID, accounts, gi::Initialize { args })
}

fn default_args(guardian: Pubkey) -> InitializeArgs {
    InitializeArgs {
        guardian,
        quorum_bps: QUORUM_BPS,
        approval_threshold_bps: THRESHOLD_BPS,
        voting_period_seconds: VOTING as u64,
        timelock_seconds: TIMELOCK as u64,
        proposal_threshold: PROPOSAL_THRESHOLD,
    }
}

fn stake_params_ix(authority: &Pubkey, args: SetStakeParamsArgs) -> Instruction {
    ix(staking::ID, sa::SetParams { authority: *authority, config: stake_config() }, si::SetParams { args })
}

fn sync_ix(operator: &Pubkey) -> Instruction {
    ix(staking::ID, sa::SyncStake { config: stake_config(), pool: pool_of(operator) }, si::SyncStake {})
}

impl Gov {
    /// Staking + governance; staking's vote locker is the governance PDA and its authority is
    /// handed over to governance. Three pools with 100, 60 and 40 SYNQ staked by their operators.
    fn new() -> Self {
        let mut env = Env::new(None);
        env.add_program(governance::ID, "governance", synq_bridge::anchor_entry(governance::entry));
        let guardian = Keypair::new();
        env.svm.airdrop(&guardian.pubkey(), 1_000_000_000).unwrap();
        let authority = env.authority.insecure_clone();
        let init = init_ix(&env.payer.pubkey(), &authority.pubkey(), default_args(guardian.pubkey()));
        env.send(&[init], &[&authority]).expect("governance initialised");
        let handover = stake_params_ix(
            &authority.pubkey(),
            SetStakeParamsArgs { governance: Some(gov_authority()), authority: Some(gov_authority()), ..Default::default() },
        );
        env.send(&[handover], &[&authority]).expect("staking handed over");
        let mut operators = Vec::new();
        for stake in [100 * SYNQ, 60 * SYNQ, 40 * SYNQ] {
            let operator = env.user(stake);
            env.create_pool(&operator.key, 0).expect("pool");
            env.stake_active(&operator, &operator.pubkey(), stake).expect("stake");
            operators.push(operator);
        }
        Gov { env, guardian, operators }
    }

    fn config(&self) -> GovernanceConfig {
        self.env.account(&gov_config())
    }
    fn proposal(&self, index: u64) -> Proposal {
        self.env.account(&proposal_pda(index))
    }

    fn create_ix(&self, proposer: &Pubkey, operator: &Pubkey, title: &str) -> Instruction {
        let index = self.config().proposal_count;
        let pool = pool_of(operator);
        ix(
            governance::ID,
            ga::CreateProposal {
                proposer: *proposer,
                config: gov_config(),
                proposal: proposal_pda(index),
                pool,
                position: position_of(&pool, proposer),
                system_program: SYS,
            },
            gi::CreateProposal {
                args: CreateProposalArgs { title: title.into(), description_uri: "ipfs://proposal".into(), description_hash: [7; 32] },
            },
        )
    }

    /// Proposal by `proposer` staking in `operator`'s pool; returns its index.
    fn create(&mut self, proposer: &User, operator: &Pubkey) -> u64 {
        let index = self.config().proposal_count;
        let create = self.create_ix(&proposer.pubkey(), operator, "Change the cooldown");
        self.env.send(&[create], &[&proposer.key]).expect("proposal created");
        index
    }

    fn add_action_ix(&self, proposer: &Pubkey, index: u64, action: ProposalAction) -> Instruction {
        ix(governance::ID, ga::AddAction { proposer: *proposer, config: gov_config(), proposal: proposal_pda(index) }, gi::AddAction { action })
    }

    fn add_action(&mut self, proposer: &User, index: u64, action: ProposalAction) -> TransactionResult {
        let add = self.add_action_ix(&proposer.pubkey(), index, action);
        self.env.send(&[add], &[&proposer.key])
    }

    fn start(&mut self, proposer: &User, index: u64) -> TransactionResult {
        let start = ix(
            governance::ID,
            ga::StartVoting { proposer: proposer.pubkey(), config: gov_config(), proposal: proposal_pda(index), staking_config: stake_config() },
            gi::StartVoting {},
        );
        self.env.send(&[start], &[&proposer.key])
    }

    fn vote_ix(&self, voter: &Pubkey, operator: &Pubkey, index: u64, choice: VoteChoice) -> Instruction {
        let pool = pool_of(operator);
        let position = position_of(&pool, voter);
        let proposal = proposal_pda(index);
        ix(
            governance::ID,
            ga::CastVote {
                voter: *voter,
                config: gov_config(),
                proposal,
                pool,
                position,
                vote_record: vote_pda(&proposal, &position),
                governance_authority: gov_authority(),
                staking_config: stake_config(),
                staking_program: staking::ID,
                system_program: SYS,
            },
            gi::CastVote { choice },
        )
    }

    fn vote(&mut self, voter: &User, operator: &Pubkey, index: u64, choice: VoteChoice) -> TransactionResult {
        let vote = self.vote_ix(&voter.pubkey(), operator, index, choice);
        self.env.send(&[vote], &[&voter.key])
    }

    fn relinquish(&mut self, voter: &Pubkey, operator: &Pubkey, index: u64) -> TransactionResult {
        let position = position_of(&pool_of(operator), voter);
        let proposal = proposal_pda(index);
        let relinquish = ix(
            governance::ID,
            ga::RelinquishVote {
                voter: *voter,
                config: gov_config(),
                proposal,
                vote_record: vote_pda(&proposal, &position),
                position,
                governance_authority: gov_authority(),
                staking_config: stake_config(),
                staking_program: staking::ID,
            },
            gi::RelinquishVote {},
        );
        self.env.send(&[relinquish], &[])
    }

    fn finalize(&mut self, index: u64) -> TransactionResult {
        let finalize = ix(governance::ID, ga::Finalize { config: gov_config(), proposal: proposal_pda(index) }, gi::Finalize {});
        self.env.send(&[finalize], &[])
    }

    /// `execute` with every account of the stored actions as remaining accounts.
    fn execute_ix(&self, index: u64) -> Instruction {
        let proposal = self.proposal(index);
        let mut execute = ix(
            governance::ID,
            ga::Execute { config: gov_config(), proposal: proposal_pda(index), governance_authority: gov_authority() },
            gi::Execute {},
        );
        for action in &proposal.actions {
            execute.accounts.push(AccountMeta::new_readonly(action.program_id, false));
            for meta in &action.accounts {
                let writable = meta.is_writable;
                execute.accounts.push(if writable { AccountMeta::new(meta.pubkey, false) } else { AccountMeta::new_readonly(meta.pubkey, false) });
            }
        }
        execute
    }

    fn execute(&mut self, index: u64) -> TransactionResult {
        let execute = self.execute_ix(index);
        self.env.send(&[execute], &[])
    }

    fn cancel(&mut self, signer: &Keypair, index: u64) -> TransactionResult {
        let cancel = ix(governance::ID, ga::Cancel { signer: signer.pubkey(), config: gov_config(), proposal: proposal_pda(index) }, gi::Cancel {});
        self.env.send(&[cancel], &[signer])
    }

    fn op(&self, i: usize) -> User {
        User { key: self.operators[i].key.insecure_clone(), tokens: self.operators[i].tokens }
    }

    fn stake_config(&self) -> StakeConfig {
        self.env.account(&stake_config())
    }
}

/// A stored instruction from an Anchor instruction: the authority PDA stays a signer.
fn action_of(instruction: Instruction) -> ProposalAction {
    ProposalAction {
        program_id: instruction.program_id,
        accounts: instruction
            .accounts
            .iter()
            .map(|m| ActionAccount { pubkey: m.pubkey, is_signer: m.is_signer, is_writable: m.is_writable })
            .collect(),
        data: instruction.data,
    }
}

/// A staking set_params setting the unbonding cooldown to `days`.
fn cooldown_action(days: u64) -> ProposalAction {
    action_of(stake_params_ix(&gov_authority(), SetStakeParamsArgs { cooldown_seconds: Some(days * 24 * 3600), ..Default::default() }))
}

fn gov_params_action(args: SetGovernanceParamsArgs) -> ProposalAction {
    action_of(ix(governance::ID, ga::SetParams { authority: gov_authority(), config: gov_config() }, gi::SetParams { args }))
}

/// Proposal 0 by operator 0 with one cooldown action, voting started.
fn voting_proposal(gov: &mut Gov, action: ProposalAction) -> u64 {
    let proposer = gov.op(0);
    let index = gov.create(&proposer, &proposer.pubkey());
    gov.add_action(&proposer, index, action).expect("action added");
    gov.start(&proposer, index).expect("voting started");
    index
}

// ------------------------------------------------------------------------------------ tests

fn initialize_validates_and_set_params_needs_the_pda() {
    let mut env = Env::new(None);
    env.add_program(governance::ID, "governance", synq_bridge::anchor_entry(governance::entry));
    let payer = env.payer.pubkey();
    let deployer = env.authority.insecure_clone();
    let guardian = Pubkey::new_unique();

    // A stranger cannot take the config first: it is not the upgrade authority ...
    let stranger = Keypair::new();
    env.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    let hijack = init_ix(&stranger.pubkey(), &stranger.pubkey(), default_args(stranger.pubkey()));
    assert_eq!(error_code(env.send(&[hijack], &[&stranger])), gov_code(G::NotUpgradeAuthority));
    // ... nor by passing the ProgramData of a program it deployed itself (seeds are checked).
    let own_program = Pubkey::new_unique();
    set_upgrade_authority(&mut env.svm, &own_program, Some(stranger.pubkey()));
    let mut substituted = init_ix(&stranger.pubkey(), &stranger.pubkey(), default_args(stranger.pubkey()));
    substituted.accounts[2].pubkey = program_data(&own_program);
    assert_eq!(error_code(env.send(&[substituted], &[&stranger])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    let init = |args| init_ix(&payer, &deployer.pubkey(), args);

    let bad = [
        (InitializeArgs { quorum_bps: 0, ..default_args(guardian) }, G::InvalidBps),
        (InitializeArgs { approval_threshold_bps: 10_001, ..default_args(guardian) }, G::InvalidBps),
        (InitializeArgs { voting_period_seconds: 0, ..default_args(guardian) }, G::InvalidVotingPeriod),
        // A vote of seconds, or no timelock: nobody gets to see a change before it applies.
        (InitializeArgs { voting_period_seconds: 60, ..default_args(guardian) }, G::InvalidVotingPeriod),
        (InitializeArgs { voting_period_seconds: 24 * 3600 - 1, ..default_args(guardian) }, G::InvalidVotingPeriod),
        (InitializeArgs { timelock_seconds: 0, ..default_args(guardian) }, G::InvalidTimelock),
        (InitializeArgs { timelock_seconds: 366 * 24 * 3600, ..default_args(guardian) }, G::InvalidTimelock),
    ];
    for (args, err) in bad {
        assert_eq!(error_code(env.send(&[init(args)], &[&deployer])), gov_code(err));
    }
    env.send(&[init(default_args(guardian))], &[&deployer]).expect("initialised");
    let config: GovernanceConfig = env.account(&gov_config());
    assert_eq!(config.authority, gov_authority());
    assert_eq!(config.guardian, guardian);
    assert!(env.send(&[init(default_args(guardian))], &[&deployer]).is_err(), "second initialize refused");

    // Nobody but the PDA may set params: the payer, the former admin, the guardian.
    let admin = env.authority.insecure_clone();
    let set = ix(
        governance::ID,
        ga::SetParams { authority: admin.pubkey(), config: gov_config() },
        gi::SetParams { args: SetGovernanceParamsArgs { quorum_bps: Some(1), ..Default::default() } },
    );
    assert_eq!(error_code(env.send(&[set], &[&admin])), gov_code(G::NotGovernanceAuthority));
}

fn create_proposal_needs_threshold_stake() {
    let mut gov = Gov::new();
    let op0 = gov.op(0);
    // A delegator with 5 SYNQ (below the 10 SYNQ threshold).
    let small = gov.env.user(5 * SYNQ);
    gov.env.stake_active(&small, &op0.pubkey(), 5 * SYNQ).unwrap();
    let create = gov.create_ix(&small.pubkey(), &op0.pubkey(), "too small");
    assert_eq!(error_code(gov.env.send(&[create], &[&small.key])), gov_code(G::BelowProposalThreshold));
    // Someone else's position (op1's) cannot be borrowed: the position PDA is the signer's.
    let op1 = gov.op(1);
    let pool = pool_of(&op0.pubkey());
    let mut borrowed = gov.create_ix(&small.pubkey(), &op0.pubkey(), "borrowed");
    borrowed.accounts[4].pubkey = position_of(&pool, &op0.pubkey());
    assert_eq!(error_code(gov.env.send(&[borrowed], &[&small.key])), gov_code(G::NotPositionOwner));
    // A position of another pool passed with this pool: has_one pool.
    let mut wrong_pool = gov.create_ix(&op1.pubkey(), &op0.pubkey(), "wrong pool");
    wrong_pool.accounts[4].pubkey = position_of(&pool_of(&op1.pubkey()), &op1.pubkey());
    let code = error_code(gov.env.send(&[wrong_pool], &[&op1.key]));
    assert!([anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds)].contains(&code), "{code}");
    // Title bound.
    let long = gov.create_ix(&op1.pubkey(), &op1.pubkey(), &"x".repeat(65));
    assert_eq!(error_code(gov.env.send(&[long], &[&op1.key])), gov_code(G::TextTooLong));
    // A wrong proposal PDA (index not the config's count).
    let mut wrong_pda = gov.create_ix(&op1.pubkey(), &op1.pubkey(), "wrong pda");
    wrong_pda.accounts[2].pubkey = proposal_pda(5);
    assert_eq!(error_code(gov.env.send(&[wrong_pda], &[&op1.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));

    let index = gov.create(&op1, &op1.pubkey());
    assert_eq!(index, 0);
    let proposal = gov.proposal(0);
    assert_eq!(proposal.proposer, op1.pubkey());
    assert_eq!(proposal.state, ProposalState::Draft);
    assert_eq!(proposal.description_hash, [7; 32]);
    assert_eq!(gov.config().proposal_count, 1);
    // Rent fits: the account is far below 10 KiB.
    let size = gov.env.svm.get_account(&proposal_pda(0)).unwrap().data.len();
    assert!(size < 4 * 1024, "proposal account is {size} bytes");
}

fn add_action_is_bounded_and_checked() {
    let mut gov = Gov::new();
    let op0 = gov.op(0);
    let op1 = gov.op(1);
    let index = gov.create(&op0, &op0.pubkey());
    assert_eq!(error_code(gov.add_action(&op1, index, cooldown_action(60))), gov_code(G::NotProposer));

    // A signer other than the authority PDA.
    let mut foreign = cooldown_action(60);
    foreign.accounts[0].pubkey = op0.pubkey();
    assert_eq!(error_code(gov.add_action(&op0, index, foreign)), gov_code(G::InvalidActionSigner));
    // The authority PDA writable.
    let mut writable = cooldown_action(60);
    writable.accounts[0].is_writable = true;
    assert_eq!(error_code(gov.add_action(&op0, index, writable)), gov_code(G::InvalidActionSigner));
    // A call into governance other than set_params (here: execute of another proposal).
    let execute = action_of(ix(
        governance::ID,
        ga::Execute { config: gov_config(), proposal: proposal_pda(9), governance_authority: gov_authority() },
        gi::Execute {},
    ));
    assert_eq!(error_code(gov.add_action(&op0, index, execute)), gov_code(G::ForbiddenSelfCall));
    // Too much data.
    let mut big = cooldown_action(60);
    big.data = vec![0; usize::from(MAX_ACTION_DATA) + 1];
    assert_eq!(error_code(gov.add_action(&op0, index, big)), gov_code(G::ActionTooLarge));

    for _ in 0..MAX_ACTIONS {
        gov.add_action(&op0, index, cooldown_action(60)).expect("action added");
    }
    assert_eq!(error_code(gov.add_action(&op0, index, cooldown_action(61))), gov_code(G::TooManyActions));
    assert_eq!(gov.proposal(index).actions.len(), usize::from(MAX_ACTIONS));

    // Only a draft takes actions; only the proposer starts the vote.
    let start_by_other = gov.start(&op1, index);
    assert_eq!(error_code(start_by_other), gov_code(G::NotProposer));
    let index2 = gov.create(&op1, &op1.pubkey());
    gov.start(&op1, index2).expect("started");
    assert_eq!(error_code(gov.add_action(&op1, index2, cooldown_action(60))), gov_code(G::InvalidProposalState));
    assert_eq!(error_code(gov.start(&op1, index2)), gov_code(G::InvalidProposalState));
}

/// Three positions of different stake vote; the proposal passes, waits out the timelock and
/// changes staking's cooldown by CPI; votes lock the positions until relinquished.
fn full_lifecycle_executes_after_timelock() {
    let mut gov = Gov::new();
    let (op0, op1, op2) = (gov.op(0), gov.op(1), gov.op(2));
    let index = voting_proposal(&mut gov, cooldown_action(2));
    let proposal = gov.proposal(index);
    assert_eq!(proposal.state, ProposalState::Voting);
    assert_eq!(proposal.total_stake_snapshot, 200 * SYNQ);
    assert_eq!(proposal.voting_ends_at - proposal.voting_starts_at, VOTING);

    // Only the owner votes with a position.
    let stolen = gov.vote_ix(&op1.pubkey(), &op0.pubkey(), index, VoteChoice::Yes);
    let mut stolen = stolen;
    let pool0 = pool_of(&op0.pubkey());
    let position0 = position_of(&pool0, &op0.pubkey());
    stolen.accounts[4].pubkey = position0;
    stolen.accounts[5].pubkey = vote_pda(&proposal_pda(index), &position0);
    assert_eq!(error_code(gov.env.send(&[stolen], &[&op1.key])), gov_code(G::NotPositionOwner));

    gov.vote(&op0, &op0.pubkey(), index, VoteChoice::Yes).expect("yes 100");
    gov.vote(&op1, &op1.pubkey(), index, VoteChoice::No).expect("no 60");
    gov.vote(&op2, &op2.pubkey(), index, VoteChoice::Abstain).expect("abstain 40");
    let record: VoteRecord = gov.env.account(&vote_pda(&proposal_pda(index), &position0));
    assert_eq!(record.weight, 100 * SYNQ);
    assert_eq!(record.choice, VoteChoice::Yes);
    assert_eq!(gov.env.position(&op0.pubkey(), &op0.pubkey()).active_votes, 1);

    // Double vote with the same position (another choice, same record PDA): refused.
    let again = gov.vote(&op0, &op0.pubkey(), index, VoteChoice::No);
    assert!(again.is_err(), "second vote refused");
    // Weight frozen: staking more after the vote changes nothing.
    gov.env.mint_to(&op0.tokens, 50 * SYNQ);
    gov.env.stake_active(&op0, &op0.pubkey(), 50 * SYNQ).expect("stake more");
    let proposal = gov.proposal(index);
    assert_eq!((proposal.yes_weight, proposal.no_weight, proposal.abstain_weight), (100 * SYNQ, 60 * SYNQ, 40 * SYNQ));
    assert_eq!(proposal.vote_count, 3);

    // The same tokens cannot vote twice by unstaking and restaking: unstake is locked.
    let shares = gov.env.position(&op1.pubkey(), &op1.pubkey()).shares;
    assert_eq!(error_code(gov.env.request_unstake(&op1, &op1.pubkey(), shares)), staking_code(SE::OpenVotes));
    // Relinquishing before the end is refused; finalize before the end too.
    assert_eq!(error_code(gov.relinquish(&op1.pubkey(), &op1.pubkey(), index)), gov_code(G::VoteStillOpen));
    assert_eq!(error_code(gov.finalize(index)), gov_code(G::VotingNotEnded));
    // Execute while voting: not queued.
    assert_eq!(error_code(gov.execute(index)), gov_code(G::InvalidProposalState));

    gov.env.advance(VOTING, 100);
    // A late vote is refused.
    let late = gov.env.user(20 * SYNQ);
    gov.env.stake_active(&late, &op2.pubkey(), 20 * SYNQ).unwrap();
    assert_eq!(error_code(gov.vote(&late, &op2.pubkey(), index, VoteChoice::Yes)), gov_code(G::VotingEnded));

    gov.finalize(index).expect("finalized");
    let proposal = gov.proposal(index);
    assert_eq!(proposal.state, ProposalState::Queued);
    let now = gov.env.clock().unix_timestamp;
    assert_eq!(proposal.eta, now + TIMELOCK);
    assert_eq!(error_code(gov.finalize(index)), gov_code(G::InvalidProposalState), "finalize once");

    // Execute before the timelock: refused.
    assert_eq!(error_code(gov.execute(index)), gov_code(G::TimelockNotElapsed));
    gov.env.advance(TIMELOCK - 1, 10);
    assert_eq!(error_code(gov.execute(index)), gov_code(G::TimelockNotElapsed));
    // Missing accounts of the stored instruction.
    let mut short = gov.execute_ix(index);
    short.accounts.truncate(3);
    gov.env.advance(1, 1);
    assert_eq!(error_code(gov.env.send(&[short], &[])), gov_code(G::MissingActionAccount));

    assert_eq!(gov.stake_config().cooldown_seconds, COOLDOWN);
    gov.execute(index).expect("executed");
    assert_eq!(gov.stake_config().cooldown_seconds, 2 * 24 * 3_600);
    let proposal = gov.proposal(index);
    assert_eq!(proposal.state, ProposalState::Executed);
    assert!(proposal.executed_at > 0);
    // Executed once.
    assert_eq!(error_code(gov.execute(index)), gov_code(G::InvalidProposalState));

    // Relinquish after the end: record closed, rent back, position unlocked and may unstake.
    let before = gov.env.svm.get_balance(&op1.pubkey()).unwrap();
    gov.relinquish(&op1.pubkey(), &op1.pubkey(), index).expect("relinquished");
    assert!(!gov.env.exists(&vote_pda(&proposal_pda(index), &position_of(&pool_of(&op1.pubkey()), &op1.pubkey()))));
    assert!(gov.env.svm.get_balance(&op1.pubkey()).unwrap() > before);
    assert_eq!(gov.env.position(&op1.pubkey(), &op1.pubkey()).active_votes, 0);
    assert_eq!(error_code(gov.relinquish(&op1.pubkey(), &op1.pubkey(), index)), anchor_code(anchor_lang::error::ErrorCode::AccountNotInitialized), "relinquish once");
    gov.env.request_unstake(&op1, &op1.pubkey(), shares).expect("unstake after relinquish");
    // The record's voter is checked: relinquish with another rent receiver fails.
    let position0 = position_of(&pool_of(&op0.pubkey()), &op0.pubkey());
    let mut wrong_voter = ix(
        governance::ID,
        ga::RelinquishVote {
            voter: op2.pubkey(),
            config: gov_config(),
            proposal: proposal_pda(index),
            vote_record: vote_pda(&proposal_pda(index), &position0),
            position: position0,
            governance_authority: gov_authority(),
            staking_config: stake_config(),
            staking_program: staking::ID,
        },
        gi::RelinquishVote {},
    );
    assert_eq!(error_code(gov.env.send(&[wrong_voter.clone()], &[])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    wrong_voter.accounts[0].pubkey = op0.pubkey();
    gov.env.send(&[wrong_voter], &[]).expect("anyone may relinquish for the voter");
}

fn defeated_by_quorum_and_by_threshold() {
    let mut gov = Gov::new();
    let (op0, op1, op2) = (gov.op(0), gov.op(1), gov.op(2));
    // Quorum 20% of 200 SYNQ = 40 SYNQ; a 30 SYNQ delegator votes yes alone: defeated.
    let small = gov.env.user(30 * SYNQ);
    gov.env.stake_active(&small, &op2.pubkey(), 30 * SYNQ).unwrap();
    let quorum = voting_proposal(&mut gov, cooldown_action(100));
    assert_eq!(gov.proposal(quorum).total_stake_snapshot, 230 * SYNQ);
    gov.vote(&small, &op2.pubkey(), quorum, VoteChoice::Yes).unwrap();
    gov.env.advance(VOTING, 10);
    gov.finalize(quorum).expect("finalized");
    assert_eq!(gov.proposal(quorum).state, ProposalState::Defeated);
    assert_eq!(error_code(gov.execute(quorum)), gov_code(G::InvalidProposalState));

    // Threshold: 60 yes against 100 no (quorum reached): defeated.
    let threshold = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op1, &op1.pubkey(), threshold, VoteChoice::Yes).unwrap();
    gov.vote(&op0, &op0.pubkey(), threshold, VoteChoice::No).unwrap();
    // Abstain counts for quorum, not for approval.
    gov.vote(&op2, &op2.pubkey(), threshold, VoteChoice::Abstain).unwrap();
    gov.env.advance(VOTING, 10);
    gov.finalize(threshold).unwrap();
    assert_eq!(gov.proposal(threshold).state, ProposalState::Defeated);

    // Abstain alone reaches quorum but approves nothing.
    gov.relinquish(&op0.pubkey(), &op0.pubkey(), threshold).unwrap();
    let abstain = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op0, &op0.pubkey(), abstain, VoteChoice::Abstain).unwrap();
    gov.env.advance(VOTING, 10);
    gov.finalize(abstain).unwrap();
    assert_eq!(gov.proposal(abstain).state, ProposalState::Defeated, "abstain approves nothing");
    // No votes at all.
    let empty = voting_proposal(&mut gov, cooldown_action(100));
    gov.env.advance(VOTING, 10);
    gov.finalize(empty).unwrap();
    assert_eq!(gov.proposal(empty).state, ProposalState::Defeated, "no votes at all");
    assert_eq!(gov.stake_config().cooldown_seconds, COOLDOWN);
}

fn signalling_proposal_succeeds_without_queue() {
    let mut gov = Gov::new();
    let op0 = gov.op(0);
    let index = gov.create(&op0, &op0.pubkey());
    gov.start(&op0, index).unwrap();
    gov.vote(&op0, &op0.pubkey(), index, VoteChoice::Yes).unwrap();
    gov.env.advance(VOTING, 10);
    gov.finalize(index).unwrap();
    assert_eq!(gov.proposal(index).state, ProposalState::Succeeded);
    assert_eq!(error_code(gov.execute(index)), gov_code(G::InvalidProposalState));
}

fn vote_needs_active_stake_and_the_right_accounts() {
    let mut gov = Gov::new();
    let op0 = gov.op(0);
    let index = voting_proposal(&mut gov, cooldown_action(100));
    // A position whose whole stake is unbonding has no voting power.
    let leaver = gov.env.user(20 * SYNQ);
    gov.env.stake_active(&leaver, &op0.pubkey(), 20 * SYNQ).unwrap();
    let shares = gov.env.position(&op0.pubkey(), &leaver.pubkey()).shares;
    gov.env.request_unstake(&leaver, &op0.pubkey(), shares).unwrap();
    assert_eq!(error_code(gov.vote(&leaver, &op0.pubkey(), index, VoteChoice::Yes)), gov_code(G::NoVotingPower));
    // A fake vote-record PDA.
    let mut fake = gov.vote_ix(&op0.pubkey(), &op0.pubkey(), index, VoteChoice::Yes);
    fake.accounts[5].pubkey = vote_pda(&proposal_pda(index), &Pubkey::new_unique());
    assert_eq!(error_code(gov.env.send(&[fake], &[&op0.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    // A fake governance authority cannot sign the lock.
    let mut fake_authority = gov.vote_ix(&op0.pubkey(), &op0.pubkey(), index, VoteChoice::Yes);
    fake_authority.accounts[6].pubkey = Pubkey::new_unique();
    assert_eq!(error_code(gov.env.send(&[fake_authority], &[&op0.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    // A draft cannot be voted on.
    let op1 = gov.op(1);
    let draft = gov.create(&op1, &op1.pubkey());
    assert_eq!(error_code(gov.vote(&op1, &op1.pubkey(), draft, VoteChoice::Yes)), gov_code(G::InvalidProposalState));
    gov.vote(&op0, &op0.pubkey(), index, VoteChoice::Yes).expect("vote");
}

/// Moving stake to another pool cannot double count: the voted position is locked, so the only
/// tokens that can move are ones that never voted.
fn moving_stake_cannot_vote_twice() {
    let mut gov = Gov::new();
    let (op0, op1) = (gov.op(0), gov.op(1));
    let index = voting_proposal(&mut gov, cooldown_action(100));
    let whale = gov.env.user(50 * SYNQ);
    gov.env.stake_active(&whale, &op0.pubkey(), 50 * SYNQ).unwrap();
    gov.vote(&whale, &op0.pubkey(), index, VoteChoice::Yes).unwrap();
    let shares = gov.env.position(&op0.pubkey(), &whale.pubkey()).shares;
    assert_eq!(error_code(gov.env.request_unstake(&whale, &op0.pubkey(), shares)), staking_code(SE::OpenVotes));
    // Even after the cooldown nothing can be withdrawn to restake in op1's pool.
    gov.env.advance(COOLDOWN as i64, 10);
    assert_eq!(error_code(gov.env.withdraw(&whale, &op0.pubkey())), staking_code(SE::NothingUnbonding));
    assert_eq!(gov.env.token_balance(&whale.tokens), 0);
    // After the vote ends and is relinquished the stake is free again.
    gov.relinquish(&whale.pubkey(), &op0.pubkey(), index).unwrap();
    gov.env.request_unstake(&whale, &op0.pubkey(), shares).expect("unlocked");
    let _ = op1;
}

fn cancel_rules() {
    let mut gov = Gov::new();
    let (op0, op1) = (gov.op(0), gov.op(1));
    let stranger = Keypair::new();
    gov.env.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    // Proposer cancels a draft.
    let draft = gov.create(&op0, &op0.pubkey());
    assert_eq!(error_code(gov.cancel(&stranger, draft)), gov_code(G::CannotCancel));
    gov.cancel(&op0.key, draft).expect("proposer cancels a draft");
    assert_eq!(gov.proposal(draft).state, ProposalState::Cancelled);
    assert_eq!(error_code(gov.cancel(&op0.key, draft)), gov_code(G::CannotCancel), "cancel once");
    assert_eq!(error_code(gov.start(&op0, draft)), gov_code(G::InvalidProposalState));

    // Proposer cannot cancel once someone voted; the guardian can, even when queued.
    let index = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op1, &op1.pubkey(), index, VoteChoice::Yes).unwrap();
    assert_eq!(error_code(gov.cancel(&op0.key, index)), gov_code(G::CannotCancel));
    gov.env.advance(VOTING, 10);
    gov.finalize(index).unwrap();
    assert_eq!(gov.proposal(index).state, ProposalState::Queued);
    let guardian = gov.guardian.insecure_clone();
    gov.cancel(&guardian, index).expect("guardian cancels a queued proposal");
    gov.env.advance(TIMELOCK, 10);
    assert_eq!(error_code(gov.execute(index)), gov_code(G::InvalidProposalState));
    assert_eq!(gov.stake_config().cooldown_seconds, COOLDOWN);

    // A cancelled vote can be relinquished at once.
    let live = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op1, &op1.pubkey(), live, VoteChoice::Yes).unwrap();
    gov.cancel(&guardian, live).unwrap();
    gov.relinquish(&op1.pubkey(), &op1.pubkey(), index).unwrap();
    gov.relinquish(&op1.pubkey(), &op1.pubkey(), live).expect("relinquish after cancel");
    assert_eq!(gov.env.position(&op1.pubkey(), &op1.pubkey()).active_votes, 0);

    // The guardian holds no parameter power: staking's and governance's set_params refuse it.
    let set = stake_params_ix(&guardian.pubkey(), SetStakeParamsArgs { cooldown_seconds: Some(5), ..Default::default() });
    assert_eq!(error_code(gov.env.send(&[set], &[&guardian])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    let set = ix(
        governance::ID,
        ga::SetParams { authority: guardian.pubkey(), config: gov_config() },
        gi::SetParams { args: SetGovernanceParamsArgs { guardian: Some(Pubkey::new_unique()), ..Default::default() } },
    );
    assert_eq!(error_code(gov.env.send(&[set], &[&guardian])), gov_code(G::NotGovernanceAuthority));
    // And the former staking admin is refused too after the handover.
    let admin = gov.env.authority.insecure_clone();
    let set = stake_params_ix(&admin.pubkey(), SetStakeParamsArgs { cooldown_seconds: Some(5), ..Default::default() });
    assert_eq!(error_code(gov.env.send(&[set], &[&admin])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
}

/// Governance's own parameters change through a proposal (a self-CPI into set_params), and
/// new values apply to proposals started afterwards only.
fn governance_params_through_a_proposal() {
    let mut gov = Gov::new();
    let (op0, op1) = (gov.op(0), gov.op(1));
    let new_guardian = Pubkey::new_unique();
    let invalid = voting_proposal(&mut gov, gov_params_action(SetGovernanceParamsArgs { quorum_bps: Some(0), ..Default::default() }));
    let index = voting_proposal(
        &mut gov,
        gov_params_action(SetGovernanceParamsArgs {
            quorum_bps: Some(9_000),
            timelock_seconds: Some(2 * 24 * 3600),
            guardian: Some(new_guardian),
            ..Default::default()
        }),
    );
    for i in [invalid, index] {
        gov.vote(&op0, &op0.pubkey(), i, VoteChoice::Yes).unwrap();
    }
    // A proposal whose vote is already running keeps its frozen quorum.
    let running = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op1, &op1.pubkey(), running, VoteChoice::Yes).unwrap();
    gov.env.advance(VOTING, 10);
    gov.finalize(invalid).unwrap();
    gov.finalize(index).unwrap();
    gov.env.advance(TIMELOCK, 10);
    assert_eq!(error_code(gov.execute(invalid)), gov_code(G::InvalidBps), "the stored call's own checks apply");
    assert_eq!(gov.proposal(invalid).state, ProposalState::Queued, "a failed execution reverts");
    gov.execute(index).expect("executed");
    let config = gov.config();
    assert_eq!((config.quorum_bps, config.timelock_seconds, config.guardian), (9_000, 2 * 24 * 3600, new_guardian));
    gov.finalize(running).unwrap();
    assert_eq!(gov.proposal(running).state, ProposalState::Queued, "60/200 = 30% passes the frozen 20% quorum");
    assert_eq!(gov.proposal(running).quorum_bps, QUORUM_BPS);
}

fn queued_proposal_expires() {
    let mut gov = Gov::new();
    let op0 = gov.op(0);
    let index = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op0, &op0.pubkey(), index, VoteChoice::Yes).unwrap();
    gov.env.advance(VOTING, 10);
    gov.finalize(index).unwrap();
    assert_eq!(error_code(gov.finalize(index)), gov_code(G::InvalidProposalState), "not expired yet");
    gov.env.advance(TIMELOCK + EXECUTION_GRACE_SECONDS as i64 + 1, 10);
    assert_eq!(error_code(gov.execute(index)), gov_code(G::ProposalExpired));
    gov.finalize(index).expect("marked expired");
    assert_eq!(gov.proposal(index).state, ProposalState::Expired);
    assert_eq!(error_code(gov.execute(index)), gov_code(G::InvalidProposalState));
}

/// `StakeConfig::total_staked` (the quorum base) follows stake and unstake at once, and
/// rewards and slashes after `sync_stake`.
fn total_staked_tracks_the_pools() {
    let mut gov = Gov::new();
    let (op0, op1) = (gov.op(0), gov.op(1));
    assert_eq!(gov.stake_config().total_staked, 200 * SYNQ);
    let shares = gov.env.position(&op1.pubkey(), &op1.pubkey()).shares;
    gov.env.request_unstake(&op1, &op1.pubkey(), shares / 2).unwrap();
    let pools: u64 = (0..3).map(|i| gov.env.pool(&gov.operators[i].pubkey()).total_tokens).sum();
    assert_eq!(gov.stake_config().total_staked, pools);
    // Rewards: the pool grows, the total follows after a sync (permissionless).
    let sponsor = gov.env.user(10 * SYNQ);
    gov.env.deposit_rewards(&sponsor, &op0.pubkey(), &op0.tokens, 10 * SYNQ).unwrap();
    assert_eq!(gov.stake_config().total_staked, pools, "rewards reach the total on sync");
    let sync = sync_ix(&op0.pubkey());
    gov.env.send(&[sync], &[]).unwrap();
    assert_eq!(gov.stake_config().total_staked, pools + 10 * SYNQ);
    // Slash (by the slasher key set at init, here the old admin key) then sync.
    let slasher = gov.env.authority.insecure_clone();
    let slash = gov.env.slash_ix(&slasher.pubkey(), &op0.pubkey(), 20 * SYNQ);
    gov.env.send(&[slash], &[&slasher]).unwrap();
    let sync = sync_ix(&op0.pubkey());
    gov.env.send(&[sync], &[]).unwrap();
    let pools: u64 = (0..3).map(|i| gov.env.pool(&gov.operators[i].pubkey()).total_tokens).sum();
    assert_eq!(gov.stake_config().total_staked, pools);
    // A pool of another config cannot be synced in (seeds/has_one): a random account fails.
    let mut fake = sync_ix(&op0.pubkey());
    fake.accounts[1].pubkey = Pubkey::new_unique();
    assert!(gov.env.send(&[fake], &[]).is_err());
}

/// Every open vote counts: a position voting on two proposals stays locked until both are
/// relinquished, each only after its own voting period.
fn every_open_vote_keeps_the_lock() {
    let mut gov = Gov::new();
    let op1 = gov.op(1);
    let first = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&op1, &op1.pubkey(), first, VoteChoice::Yes).unwrap();
    gov.env.advance(VOTING / 2, 10);
    let second = voting_proposal(&mut gov, cooldown_action(200));
    gov.vote(&op1, &op1.pubkey(), second, VoteChoice::No).unwrap();
    assert_eq!(gov.env.position(&op1.pubkey(), &op1.pubkey()).active_votes, 2);
    gov.env.advance(VOTING / 2, 10);
    gov.relinquish(&op1.pubkey(), &op1.pubkey(), first).expect("first vote over");
    assert_eq!(error_code(gov.relinquish(&op1.pubkey(), &op1.pubkey(), second)), gov_code(G::VoteStillOpen));
    let shares = gov.env.position(&op1.pubkey(), &op1.pubkey()).shares;
    assert_eq!(error_code(gov.env.request_unstake(&op1, &op1.pubkey(), shares)), staking_code(SE::OpenVotes));
    gov.env.advance(VOTING / 2, 10);
    gov.relinquish(&op1.pubkey(), &op1.pubkey(), second).expect("second vote over");
    gov.env.request_unstake(&op1, &op1.pubkey(), shares).expect("free again");
}

/// Weights whose quorum and approval products exceed u64 (`votes * 10000`): computed in u128.
/// (Staking's own share math caps a pool at about 5.8e17 base units, where `shares * tokens`
/// leaves u128; beyond that `active_value` is `Overflow`, so weights stay below that too.)
fn large_stake_tallies_in_u128() {
    let mut gov = Gov::new();
    let op2 = gov.op(2);
    let whale = gov.env.user(0);
    let amount = 100_000_000 * SYNQ; // 1e17: amount * 10000 > u64::MAX
    assert!(u64::MAX / 10_000 < amount);
    gov.env.mint_to(&whale.tokens, amount);
    gov.env.stake_active(&whale, &op2.pubkey(), amount).expect("whale stakes");
    let total = gov.stake_config().total_staked;
    assert_eq!(total, 200 * SYNQ + amount);
    let index = voting_proposal(&mut gov, cooldown_action(100));
    gov.vote(&whale, &op2.pubkey(), index, VoteChoice::Yes).unwrap();
    let weight = gov.proposal(index).yes_weight;
    assert!(weight > amount - SYNQ, "weight {weight}");
    gov.env.advance(VOTING, 10);
    gov.finalize(index).expect("finalized without overflow");
    assert_eq!(gov.proposal(index).state, ProposalState::Queued);
    // A wrong authority account cannot sign the stored instructions.
    gov.env.advance(TIMELOCK, 10);
    let mut wrong = gov.execute_ix(index);
    wrong.accounts[2].pubkey = Pubkey::new_unique();
    assert_eq!(error_code(gov.env.send(&[wrong], &[])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    gov.execute(index).expect("executed");
}

fn main() {
    run(&[
        ("initialize_validates_and_set_params_needs_the_pda", initialize_validates_and_set_params_needs_the_pda),
        ("create_proposal_needs_threshold_stake", create_proposal_needs_threshold_stake),
        ("add_action_is_bounded_and_checked", add_action_is_bounded_and_checked),
        ("full_lifecycle_executes_after_timelock", full_lifecycle_executes_after_timelock),
        ("defeated_by_quorum_and_by_threshold", defeated_by_quorum_and_by_threshold),
        ("signalling_proposal_succeeds_without_queue", signalling_proposal_succeeds_without_queue),
        ("vote_needs_active_stake_and_the_right_accounts", vote_needs_active_stake_and_the_right_accounts),
        ("moving_stake_cannot_vote_twice", moving_stake_cannot_vote_twice),
        ("cancel_rules", cancel_rules),
        ("governance_params_through_a_proposal", governance_params_through_a_proposal),
        ("queued_proposal_expires", queued_proposal_expires),
        ("total_staked_tracks_the_pools", total_staked_tracks_the_pools),
        ("every_open_vote_keeps_the_lock", every_open_vote_keeps_the_lock),
        ("large_stake_tallies_in_u128", large_stake_tallies_in_u128),
    ]);
}
