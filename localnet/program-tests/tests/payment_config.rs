//! payment_config (with registry and staking, as it reads them), in-process through synq-bridge
//! + litesvm with the real SPL Token binary and the runtime's Ed25519 precompile.
//!   cargo test -p synq-program-tests --test payment_config [-- <name filter>]

mod common;

use common::*;
use payment_config::{
    accounts as pa,
    constants::{MAX_CLAIM_WINDOW_SECONDS, MAX_EPOCH_SECONDS, MIN_CLAIM_WINDOW_SECONDS, MIN_EPOCH_SECONDS},
    errors::PaymentError as E,
    instruction as pi,
    instructions::{InitializeArgs, SetPaymentParamsArgs},
    receipt::{receipt_message, ED25519_PROGRAM_ID},
    state::{Config, CreditAccount, Epoch, EpochState, FeeSplit, NodeUsage, PriceTable, Tier, TierPricing},
};
use registry::{accounts as ra, instruction as ri, instructions::RegisterNodeArgs};
use solana_instruction::AccountMeta;

const SYS: Pubkey = solana_sdk_ids::system_program::ID;
const INSTRUCTIONS: Pubkey = solana_sdk_ids::sysvar::instructions::ID;
const DAY: u64 = 86_400;
const MIN_STAKE: u64 = 10 * SYNQ;

fn pay_code(err: E) -> u32 {
    6000 + err as u32
}
fn pay_pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &payment_config::ID).0
}
fn config() -> Pubkey {
    pay_pda(&[payment_config::constants::CONFIG_SEED])
}
fn treasury() -> Pubkey {
    pay_pda(&[payment_config::constants::TREASURY_SEED, config().as_ref()])
}
fn reward_vault() -> Pubkey {
    pay_pda(&[payment_config::constants::REWARD_VAULT_SEED, config().as_ref()])
}
fn epoch_of(number: u64) -> Pubkey {
    pay_pda(&[payment_config::constants::EPOCH_SEED, &number.to_le_bytes()])
}
fn credit_of(owner: &Pubkey) -> Pubkey {
    pay_pda(&[payment_config::constants::CREDIT_SEED, owner.as_ref()])
}
fn channel_of(credit: &Pubkey, node: &Pubkey) -> Pubkey {
    pay_pda(&[payment_config::constants::CHANNEL_SEED, credit.as_ref(), node.as_ref()])
}
fn usage_of(epoch: &Pubkey, node: &Pubkey) -> Pubkey {
    pay_pda(&[payment_config::constants::USAGE_SEED, epoch.as_ref(), node.as_ref()])
}
fn claim_status_of(epoch: &Pubkey, node: &Pubkey) -> Pubkey {
    pay_pda(&[payment_config::constants::CLAIM_SEED, epoch.as_ref(), node.as_ref()])
}

fn prices() -> PriceTable {
    let tier = TierPricing { free_storage_bytes: 0, free_queries: 0, free_vectors: 0, storage_per_gb_month: 1, per_million_queries: 1, per_million_vectors: 1 };
    PriceTable { free: tier, standard: tier, premium: tier }
}

fn init_args(guardian: Pubkey) -> InitializeArgs {
    InitializeArgs {
        fee_split: FeeSplit { operators_bps: 7_000, treasury_bps: 2_000, burn_bps: 1_000 },
        credit_rate: 1,
        prices: prices(),
        epoch_length_seconds: DAY,
        claim_window_seconds: 7 * DAY,
        channel_close_seconds: DAY,
        guardian,
    }
}

/// The Ed25519 precompile instruction for one signature, laid out as the runtime reads it:
/// count, padding, one offsets record, then key, signature and message in this instruction.
fn ed25519_ix(key: &Pubkey, signature: &[u8; 64], message: &[u8]) -> Instruction {
    const HEADER: u16 = 2 + 14;
    let (key_at, sig_at, msg_at) = (HEADER, HEADER + 32, HEADER + 96);
    let this = u16::MAX;
    let mut data = vec![1u8, 0];
    for field in [sig_at, this, key_at, this, msg_at, message.len() as u16, this] {
        data.extend_from_slice(&field.to_le_bytes());
    }
    data.extend_from_slice(key.as_ref());
    data.extend_from_slice(signature);
    data.extend_from_slice(message);
    Instruction { program_id: ED25519_PROGRAM_ID, accounts: vec![], data }
}

fn sign(key: &Keypair, message: &[u8]) -> [u8; 64] {
    key.sign_message(message).into()
}

#[derive(Clone, Copy)]
enum ChannelOp {
    Fund(u64),
    RequestClose,
    Withdraw,
}

struct Pay {
    env: Env,
}

impl std::ops::Deref for Pay {
    type Target = Env;
    fn deref(&self) -> &Env {
        &self.env
    }
}
impl std::ops::DerefMut for Pay {
    fn deref_mut(&mut self) -> &mut Env {
        &mut self.env
    }
}

impl Pay {
    /// Staking, registry and payment_config hosted; payment_config not initialised.
    fn hosted() -> Self {
        let mut env = Env::new(Some(slasher()));
        env.add_program(registry::ID, "registry", synq_bridge::anchor_entry(registry::entry));
        env.add_program(payment_config::ID, "payment_config", synq_bridge::anchor_entry(payment_config::entry));
        let authority = env.authority.insecure_clone();
        let init = ix(
            registry::ID,
            ra::Initialize { payer: env.payer.pubkey(), authority: authority.pubkey(), program_data: program_data(&registry::ID), config: reg_config(), system_program: SYS },
            ri::Initialize { args: registry::instructions::InitializeArgs { min_stake: MIN_STAKE, challenge_interval_slots: 20, response_window_slots: 10 } },
        );
        env.send(&[init], &[&authority]).expect("registry initialised");
        Pay { env }
    }

    fn init_ix(&self, authority: &Pubkey, args: InitializeArgs) -> Instruction {
        ix(
            payment_config::ID,
            pa::Initialize {
                payer: self.payer.pubkey(),
                authority: *authority,
                program_data: program_data(&payment_config::ID),
                mint: self.mint,
                config: config(),
                treasury: treasury(),
                reward_vault: reward_vault(),
                epoch: epoch_of(0),
                token_program: spl_token::ID,
                system_program: SYS,
            },
            pi::Initialize { args },
        )
    }

    fn new() -> Self {
        let mut pay = Self::hosted();
        let authority = pay.authority.insecure_clone();
        let init = pay.init_ix(&authority.pubkey(), init_args(authority.pubkey()));
        pay.send(&[init], &[&authority]).expect("payment_config initialised");
        pay
    }

    fn config(&self) -> Config {
        self.account(&config())
    }
    fn epoch(&self, number: u64) -> Epoch {
        self.account(&epoch_of(number))
    }

    fn set_params(&mut self, signer: &Keypair, args: SetPaymentParamsArgs) -> TransactionResult {
        let ix = ix(payment_config::ID, pa::SetParams { authority: signer.pubkey(), config: config() }, pi::SetParams { args });
        self.send(&[ix], &[signer])
    }

    fn pause(&mut self, paused: bool) {
        let authority = self.authority.insecure_clone();
        let accounts = pa::SetPaused { signer: authority.pubkey(), config: config() };
        let ix = if paused { ix(payment_config::ID, accounts, pi::Pause {}) } else { ix(payment_config::ID, accounts, pi::Unpause {}) };
        self.send(&[ix], &[&authority]).expect("pause toggled");
    }

    /// A developer with `amount` $SYNQ spent on Standard credits.
    fn developer(&mut self, amount: u64) -> User {
        let dev = self.user(amount);
        let ix = ix(
            payment_config::ID,
            pa::BuyCredits {
                buyer: dev.pubkey(),
                config: config(),
                credit_account: credit_of(&dev.pubkey()),
                buyer_tokens: dev.tokens,
                mint: self.mint,
                treasury: treasury(),
                reward_vault: reward_vault(),
                token_program: spl_token::ID,
                system_program: SYS,
            },
            pi::BuyCredits { amount, tier: Tier::Standard },
        );
        self.send(&[ix], &[&dev.key]).expect("credits bought");
        dev
    }

    /// An Active, committed node whose operator staked `MIN_STAKE` (warmed up).
    fn node_operator(&mut self) -> User {
        let operator = self.user(MIN_STAKE);
        self.create_pool(&operator.key, 1_000).expect("pool");
        self.stake_active(&operator, &operator.pubkey(), MIN_STAKE).expect("stake");
        let op = operator.pubkey();
        let register = ix(
            registry::ID,
            ra::RegisterNode { operator: op, config: reg_config(), pool: pool_of(&op), node: node_of(&op), system_program: SYS },
            ri::RegisterNode { args: RegisterNodeArgs { endpoint: "https://node.example".into(), region: 1, capacity_bytes: 1 << 30, models: 1 } },
        );
        let commit = ix(registry::ID, ra::CommitStorage { operator: op, config: reg_config(), node: node_of(&op) }, ri::CommitStorage { root: [7; 32], size: 1_024 });
        self.send(&[register, commit], &[&operator.key]).expect("registered and committed");
        operator
    }

    fn channel_ix(&self, dev: &User, operator: &Pubkey, which: ChannelOp) -> Instruction {
        let credit = credit_of(&dev.pubkey());
        let node = node_of(operator);
        let close = pa::CloseChannel { owner: dev.pubkey(), config: config(), credit_account: credit, channel: channel_of(&credit, &node) };
        match which {
            ChannelOp::Fund(amount) => ix(
                payment_config::ID,
                pa::FundChannel { owner: dev.pubkey(), config: config(), credit_account: credit, node, channel: channel_of(&credit, &node), system_program: SYS },
                pi::FundChannel { amount },
            ),
            ChannelOp::RequestClose => ix(payment_config::ID, close, pi::RequestChannelClose {}),
            ChannelOp::Withdraw => ix(payment_config::ID, close, pi::WithdrawChannel {}),
        }
    }

    fn channel(&mut self, dev: &User, operator: &User, which: ChannelOp) -> TransactionResult {
        let ix = self.channel_ix(dev, &operator.pubkey(), which);
        self.send(&[ix], &[&dev.key])
    }

    fn settle_ix(&self, operator: &Pubkey, credit_account: Pubkey, cumulative: u64, nonce: u64) -> Instruction {
        let node = node_of(operator);
        let epoch = epoch_of(self.config().current_epoch);
        ix(
            payment_config::ID,
            pa::SettleUsage {
                operator: *operator,
                config: config(),
                node,
                registry_config: reg_config(),
                pool: pool_of(operator),
                credit_account,
                channel: channel_of(&credit_account, &node),
                epoch,
                node_usage: usage_of(&epoch, &node),
                instructions: INSTRUCTIONS,
                system_program: SYS,
            },
            pi::SettleUsage { cumulative_credits: cumulative, nonce },
        )
    }

    /// The developer's signed receipt for `cumulative` credits to the operator's node, and the
    /// settle_usage after it.
    fn receipt(&self, dev: &User, operator: &Pubkey, cumulative: u64, nonce: u64) -> [Instruction; 2] {
        let credit = credit_of(&dev.pubkey());
        let message = receipt_message(&self.mint, &node_of(operator), &credit, cumulative, nonce);
        [ed25519_ix(&dev.pubkey(), &sign(&dev.key, &message), &message), self.settle_ix(operator, credit, cumulative, nonce)]
    }

    fn settle(&mut self, dev: &User, operator: &User, cumulative: u64, nonce: u64) -> TransactionResult {
        let ixs = self.receipt(dev, &operator.pubkey(), cumulative, nonce);
        self.send(&ixs, &[&operator.key])
    }

    /// Waits out the open epoch and cranks it; returns the ended epoch's number.
    fn end_epoch(&mut self) -> u64 {
        let number = self.config().current_epoch;
        self.advance(DAY as i64, 1);
        let ix = ix(
            payment_config::ID,
            pa::AdvanceEpoch { payer: self.payer.pubkey(), config: config(), current: epoch_of(number), next: epoch_of(number + 1), system_program: SYS },
            pi::AdvanceEpoch {},
        );
        self.send(&[ix], &[]).expect("epoch advanced");
        number
    }

    fn claim_ix(&self, epoch: u64, operator: &User) -> Instruction {
        let op = operator.pubkey();
        let node = node_of(&op);
        let pool = pool_of(&op);
        ix(
            payment_config::ID,
            pa::Claim {
                payer: self.payer.pubkey(),
                config: config(),
                epoch: epoch_of(epoch),
                node,
                registry_config: reg_config(),
                node_usage: usage_of(&epoch_of(epoch), &node),
                claim_status: claim_status_of(&epoch_of(epoch), &node),
                reward_vault: reward_vault(),
                stake_config: stake_config(),
                pool,
                pool_vault: vault_of(&pool),
                operator_tokens: operator.tokens,
                staking_program: staking::ID,
                token_program: spl_token::ID,
                system_program: SYS,
            },
            pi::Claim {},
        )
    }

    fn claim(&mut self, epoch: u64, operator: &User) -> TransactionResult {
        let ix = self.claim_ix(epoch, operator);
        self.send(&[ix], &[])
    }

    fn clawback(&mut self, epoch: u64) -> TransactionResult {
        let ix = self.clawback_ix(epoch);
        self.send(&[ix], &[])
    }

    fn clawback_ix(&self, epoch: u64) -> Instruction {
        ix(
            payment_config::ID,
            pa::Clawback { config: config(), epoch: epoch_of(epoch), reward_vault: reward_vault(), treasury: treasury(), token_program: spl_token::ID },
            pi::Clawback {},
        )
    }
}

/// Only the upgrade authority initialises; every period is bounded at `initialize` and `set_params`.
fn initialize_and_parameter_bounds() {
    let mut pay = Pay::hosted();
    let stranger = Keypair::new();
    pay.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    let hijack = pay.init_ix(&stranger.pubkey(), init_args(stranger.pubkey()));
    assert_eq!(error_code(pay.send(&[hijack], &[&stranger])), pay_code(E::NotUpgradeAuthority));
    let authority = pay.authority.insecure_clone();
    let bad = [
        (InitializeArgs { epoch_length_seconds: 0, ..init_args(authority.pubkey()) }, E::InvalidEpochLength),
        (InitializeArgs { epoch_length_seconds: MIN_EPOCH_SECONDS - 1, ..init_args(authority.pubkey()) }, E::InvalidEpochLength),
        (InitializeArgs { epoch_length_seconds: MAX_EPOCH_SECONDS + 1, ..init_args(authority.pubkey()) }, E::InvalidEpochLength),
        (InitializeArgs { claim_window_seconds: MIN_CLAIM_WINDOW_SECONDS - 1, ..init_args(authority.pubkey()) }, E::InvalidClaimWindow),
        (InitializeArgs { claim_window_seconds: MAX_CLAIM_WINDOW_SECONDS + 1, ..init_args(authority.pubkey()) }, E::InvalidClaimWindow),
        (InitializeArgs { credit_rate: 0, ..init_args(authority.pubkey()) }, E::InvalidCreditRate),
        (InitializeArgs { fee_split: FeeSplit { operators_bps: 7_000, treasury_bps: 2_000, burn_bps: 1_001 }, ..init_args(authority.pubkey()) }, E::InvalidFeeSplit),
    ];
    for (args, err) in bad {
        let init = pay.init_ix(&authority.pubkey(), args);
        assert_eq!(error_code(pay.send(&[init], &[&authority])), pay_code(err));
    }
    let init = pay.init_ix(&authority.pubkey(), init_args(authority.pubkey()));
    pay.send(&[init], &[&authority]).expect("initialised");
    for (args, err) in [
        (SetPaymentParamsArgs { epoch_length_seconds: Some(1), ..Default::default() }, E::InvalidEpochLength),
        (SetPaymentParamsArgs { claim_window_seconds: Some(60), ..Default::default() }, E::InvalidClaimWindow),
    ] {
        assert_eq!(error_code(pay.set_params(&authority, args)), pay_code(err));
    }
    let stranger_set = pay.set_params(&stranger, SetPaymentParamsArgs { claim_window_seconds: Some(2 * DAY), ..Default::default() });
    assert_eq!(error_code(stranger_set), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    pay.set_params(&authority, SetPaymentParamsArgs { claim_window_seconds: Some(2 * DAY), ..Default::default() }).expect("in bounds");
    assert_eq!(pay.config().claim_window_seconds, 2 * DAY);
}

/// The receipt must be the Ed25519 instruction right before settle_usage, with one signature
/// whose key, signature and message all sit in its own data, by the credit account's owner.
fn receipts_are_checked_through_the_instructions_sysvar() {
    let mut pay = Pay::new();
    let dev = pay.developer(100 * SYNQ);
    let operator = pay.node_operator();
    let op = operator.pubkey();
    let credit = credit_of(&dev.pubkey());
    let message = receipt_message(&pay.mint, &node_of(&op), &credit, 1_000, 1);
    let signature = sign(&dev.key, &message);
    let settle = pay.settle_ix(&op, credit, 1_000, 1);
    pay.channel(&dev, &operator, ChannelOp::Fund(10_000)).expect("channel funded");

    // No precompile at all, or at i - 2 with something else in between.
    assert_eq!(error_code(pay.send(&[settle.clone()], &[&operator.key])), pay_code(E::MissingReceiptSignature));
    let noop = solana_system_interface::instruction::transfer(&pay.payer.pubkey(), &pay.payer.pubkey(), 0);
    let at_minus_two = [ed25519_ix(&dev.pubkey(), &signature, &message), noop, settle.clone()];
    assert_eq!(error_code(pay.send(&at_minus_two, &[&operator.key])), pay_code(E::MissingReceiptSignature));
    // Signed by someone else (a valid signature of theirs over the same bytes).
    let thief = Keypair::new();
    let forged = [ed25519_ix(&thief.pubkey(), &sign(&thief, &message), &message), settle.clone()];
    assert_eq!(error_code(pay.send(&forged, &[&operator.key])), pay_code(E::ReceiptSignerMismatch));
    // A valid signature over other bytes (more credits than the instruction claims).
    let other = receipt_message(&pay.mint, &node_of(&op), &credit, 999, 1);
    let mismatched = [ed25519_ix(&dev.pubkey(), &sign(&dev.key, &other), &other), settle.clone()];
    assert_eq!(error_code(pay.send(&mismatched, &[&operator.key])), pay_code(E::ReceiptMessageMismatch));
    // Offsets pointing at another instruction's data (the precompile accepts those).
    let mut foreign = ed25519_ix(&dev.pubkey(), &signature, &message);
    foreign.data[2 + 2..2 + 4].copy_from_slice(&1u16.to_le_bytes()); // signature_instruction_index = 1
    assert!(pay.send(&[foreign, settle.clone()], &[&operator.key]).is_err(), "foreign offsets refused");
    // Two signatures in one precompile instruction.
    let mut two = ed25519_ix(&dev.pubkey(), &signature, &message);
    two.data[0] = 2;
    assert!(pay.send(&[two, settle.clone()], &[&operator.key]).is_err(), "two signatures refused");
    // Wrapped in another program's CPI (right after a genuine receipt): refused.
    pay.add_program(runtime_probe::ID, "runtime_probe", synq_bridge::anchor_entry(runtime_probe::entry));
    let mut forward_accounts = vec![AccountMeta::new_readonly(payment_config::ID, false)];
    forward_accounts.extend(settle.accounts.iter().cloned());
    let wrapped = Instruction {
        program_id: runtime_probe::ID,
        accounts: forward_accounts,
        data: runtime_probe::instruction::Forward { data: settle.data.clone() }.data(),
    };
    let via_cpi = [ed25519_ix(&dev.pubkey(), &signature, &message), wrapped];
    assert_eq!(error_code(pay.send(&via_cpi, &[&operator.key])), pay_code(E::NotTopLevel));
    // The real receipt settles once; its replay and a smaller cumulative fail.
    pay.settle(&dev, &operator, 1_000, 1).expect("settled");
    assert_eq!(error_code(pay.settle(&dev, &operator, 1_000, 1)), pay_code(E::ReceiptReplayed));
    assert_eq!(error_code(pay.settle(&dev, &operator, 999, 2)), pay_code(E::CumulativeDecreased));
    // More than the channel's deposit: refused, nothing moves.
    assert_eq!(error_code(pay.settle(&dev, &operator, 10_001, 3)), pay_code(E::ChannelUnderfunded));
    let account: CreditAccount = pay.account(&credit);
    assert_eq!((account.consumed, account.balance), (1_000, 100 * SYNQ - 10_000));
    // Paused: refused.
    pay.pause(true);
    assert_eq!(error_code(pay.settle(&dev, &operator, 2_000, 4)), pay_code(E::Paused));
    pay.pause(false);
    pay.settle(&dev, &operator, 2_000, 4).expect("settled after unpause");
}

/// Rewards follow from the epoch's and the nodes' on-chain usage alone (issue 13, item 9): no
/// key posts or changes them. Each node claims `pool * weight / total` once, into its own pool.
fn claims_pay_the_on_chain_share_once() {
    let mut pay = Pay::new();
    let dev = pay.developer(100 * SYNQ);
    let (a, b, idle) = (pay.node_operator(), pay.node_operator(), pay.node_operator());
    pay.channel(&dev, &a, ChannelOp::Fund(3 * SYNQ)).expect("funded");
    pay.channel(&dev, &b, ChannelOp::Fund(SYNQ)).expect("funded");
    pay.settle(&dev, &a, 3 * SYNQ, 1).expect("a settles");
    pay.settle(&dev, &b, SYNQ, 1).expect("b settles");
    let open = pay.config().current_epoch;
    assert_eq!(error_code(pay.claim(open, &a)), pay_code(E::InvalidEpochState), "not before the end");
    let number = pay.end_epoch();
    let epoch = pay.epoch(number);
    let usage = |pay: &Pay, op: &User| -> NodeUsage { pay.account(&usage_of(&epoch_of(number), &node_of(&op.pubkey()))) };
    let (ua, ub) = (usage(&pay, &a), usage(&pay, &b));
    let qos = pay.account::<registry::state::Node>(&node_of(&a.pubkey())).qos_bps;
    assert_eq!(ua.weight, (u128::from(3 * SYNQ) * u128::from(qos) / 10_000) as u64);
    assert_eq!(epoch.total_weight, ua.weight + ub.weight);
    assert_eq!(epoch.state, EpochState::Ended);
    let expected_a = (u128::from(epoch.pool) * u128::from(ua.weight) / u128::from(epoch.total_weight)) as u64;

    // Paused: no claim.
    pay.pause(true);
    assert_eq!(error_code(pay.claim(number, &a)), pay_code(E::Paused));
    pay.pause(false);
    // Another node's pool, or another node's usage, under this node.
    let mut other_pool = pay.claim_ix(number, &a);
    other_pool.accounts[9].pubkey = pool_of(&b.pubkey());
    other_pool.accounts[10].pubkey = vault_of(&pool_of(&b.pubkey()));
    assert_eq!(error_code(pay.send(&[other_pool], &[])), pay_code(E::PoolMismatch));
    let mut other_usage = pay.claim_ix(number, &a);
    other_usage.accounts[5].pubkey = usage_of(&epoch_of(number), &node_of(&b.pubkey()));
    assert_eq!(error_code(pay.send(&[other_usage], &[])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    // A node without usage in the epoch has nothing to claim with.
    assert_eq!(error_code(pay.claim(number, &idle)), anchor_code(anchor_lang::error::ErrorCode::AccountNotInitialized));

    let vault_before = pay.token_balance(&vault_of(&pool_of(&a.pubkey())));
    pay.claim(number, &a).expect("a claims");
    let commission = expected_a / 10;
    assert_eq!(pay.token_balance(&a.tokens), commission);
    assert_eq!(pay.token_balance(&vault_of(&pool_of(&a.pubkey()))), vault_before + expected_a - commission);
    pay.svm.expire_blockhash();
    assert!(pay.claim(number, &a).is_err(), "a second claim finds the ClaimStatus");

    // After the window: no claim, and the clawback returns everything unclaimed, once.
    assert_eq!(error_code(pay.clawback(number)), pay_code(E::ClaimWindowOpen));
    pay.advance(7 * DAY as i64, 1);
    assert_eq!(error_code(pay.claim(number, &b)), pay_code(E::ClaimWindowClosed));
    let treasury_before = pay.token_balance(&treasury());
    pay.clawback(number).expect("clawback");
    assert_eq!(pay.token_balance(&treasury()), treasury_before + epoch.pool - expected_a);
    assert_eq!(pay.epoch(number).state, EpochState::Closed);
    assert_eq!(error_code(pay.claim(number, &b)), pay_code(E::InvalidEpochState), "not after closing");
    pay.svm.expire_blockhash();
    assert_eq!(error_code(pay.clawback(number)), pay_code(E::InvalidEpochState));
}

/// Issue 13, item 5: credits promised to a node are locked in its channel. Two nodes served
/// one developer: both are paid whatever order they settle in, a colluding node's receipt for
/// the whole balance takes nothing from them, and a deposit comes back only after the window.
fn channels_lock_credits_per_node() {
    let mut pay = Pay::new();
    let dev = pay.developer(100); // 100 credits, 70 base units of escrow
    let (a, b, colluder) = (pay.node_operator(), pay.node_operator(), pay.node_operator());
    pay.channel(&dev, &a, ChannelOp::Fund(60)).expect("a's channel");
    pay.channel(&dev, &b, ChannelOp::Fund(40)).expect("b's channel");
    let credit = credit_of(&dev.pubkey());
    let account: CreditAccount = pay.account(&credit);
    assert_eq!((account.balance, account.escrow), (0, 0), "credits and escrow moved into the channels");
    let channel_a: payment_config::state::ChannelState = pay.account(&channel_of(&credit, &node_of(&a.pubkey())));
    assert_eq!((channel_a.deposit, channel_a.escrow), (60, 42));
    // Nothing left to promise anyone else, and the colluder's receipt for everything has no deposit.
    assert_eq!(error_code(pay.channel(&dev, &colluder, ChannelOp::Fund(1))), pay_code(E::InsufficientCredits));
    assert_eq!(error_code(pay.settle(&dev, &colluder, 100, 1)), anchor_code(anchor_lang::error::ErrorCode::AccountNotInitialized));
    // Another node's channel under this node: the PDA does not match.
    let mut stolen = pay.receipt(&dev, &colluder.pubkey(), 40, 1);
    stolen[1].accounts[6].pubkey = channel_of(&credit, &node_of(&b.pubkey()));
    assert_eq!(error_code(pay.send(&stolen, &[&colluder.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));

    // The developer asks for A's deposit back: not before the window; A settles meanwhile.
    pay.channel(&dev, &a, ChannelOp::RequestClose).expect("close requested");
    assert_eq!(error_code(pay.channel(&dev, &a, ChannelOp::Withdraw)), pay_code(E::SettlementWindowOpen));
    // Nobody but the developer moves its credits: a stranger signing for the developer's credit
    // account (withdraw, close, or funding a node of its choice) fails the PDA check.
    let stranger = pay.user(0);
    for op in [ChannelOp::Withdraw, ChannelOp::RequestClose, ChannelOp::Fund(1)] {
        let mut foreign = pay.channel_ix(&dev, &a.pubkey(), op);
        foreign.accounts[0].pubkey = stranger.pubkey();
        assert_eq!(error_code(pay.send(&[foreign], &[&stranger.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    }
    // B settles first, then A: both are paid in full.
    pay.settle(&dev, &b, 40, 1).expect("b paid");
    pay.settle(&dev, &a, 50, 1).expect("a paid inside the window");
    pay.advance(DAY as i64, 1);
    pay.channel(&dev, &a, ChannelOp::Withdraw).expect("unused deposit back");
    let account: CreditAccount = pay.account(&credit);
    assert_eq!((account.balance, account.consumed), (10, 90));
    let pool = pay.epoch(pay.config().current_epoch).pool;
    assert_eq!(account.escrow + pool, 70, "escrow back or released, never lost or doubled");
    assert_eq!(error_code(pay.settle(&dev, &a, 60, 2)), pay_code(E::ChannelUnderfunded), "a withdrawn deposit pays nothing");
    assert_eq!(error_code(pay.channel(&dev, &a, ChannelOp::Withdraw)), pay_code(E::NoCloseRequested));
    assert_eq!(error_code(pay.channel(&dev, &a, ChannelOp::RequestClose)), pay_code(E::EmptyChannel));
    // Funding again reopens it; the old receipt still cannot replay.
    pay.channel(&dev, &a, ChannelOp::Fund(10)).expect("refunded");
    assert_eq!(error_code(pay.settle(&dev, &a, 50, 1)), pay_code(E::ReceiptReplayed));
    pay.settle(&dev, &a, 60, 2).expect("new receipt from the new deposit");
}

/// The treasury moves only by the config authority (governance after the handover).
fn treasury_spends_need_the_authority() {
    let mut pay = Pay::new();
    pay.developer(10 * SYNQ); // 20% to the treasury
    let held = pay.token_balance(&treasury());
    assert_eq!(held, 2 * SYNQ);
    let grantee = pay.user(0);
    let spend = |signer: &Pubkey, amount: u64| {
        ix(
            payment_config::ID,
            pa::SpendTreasury { authority: *signer, config: config(), treasury: treasury(), destination: grantee.tokens, token_program: spl_token::ID },
            pi::SpendTreasury { amount },
        )
    };
    let stranger = Keypair::new();
    pay.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    assert_eq!(error_code(pay.send(&[spend(&stranger.pubkey(), SYNQ)], &[&stranger])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    let authority = pay.authority.insecure_clone();
    assert_eq!(error_code(pay.send(&[spend(&authority.pubkey(), 0)], &[&authority])), pay_code(E::ZeroAmount));
    assert_eq!(error_code(pay.send(&[spend(&authority.pubkey(), held + 1)], &[&authority])), pay_code(E::InsufficientTreasury));
    pay.pause(true);
    assert_eq!(error_code(pay.send(&[spend(&authority.pubkey(), SYNQ)], &[&authority])), pay_code(E::Paused));
    pay.pause(false);
    pay.send(&[spend(&authority.pubkey(), SYNQ)], &[&authority]).expect("spent");
    assert_eq!(pay.token_balance(&grantee.tokens), SYNQ);
    assert_eq!(pay.token_balance(&treasury()), held - SYNQ);
}

fn main() {
    run(&[
        ("initialize_and_parameter_bounds", initialize_and_parameter_bounds),
        ("receipts_are_checked_through_the_instructions_sysvar", receipts_are_checked_through_the_instructions_sysvar),
        ("claims_pay_the_on_chain_share_once", claims_pay_the_on_chain_share_once),
        ("channels_lock_credits_per_node", channels_lock_credits_per_node),
        ("treasury_spends_need_the_authority", treasury_spends_need_the_authority),
    ]);
}
