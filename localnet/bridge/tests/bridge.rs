//! The bridge, exercised through litesvm exactly as localnet uses it: real transactions, the
//! real SPL Token binary, Anchor programs compiled for the host.

use {
    anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas},
    litesvm::{types::TransactionResult, LiteSVM},
    solana_clock::Clock,
    solana_instruction::{error::InstructionError, Instruction},
    solana_keypair::Keypair,
    solana_program_pack::Pack,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    solana_transaction::Transaction,
};
use solana_transaction_error::TransactionError;
use runtime_probe::{accounts as probe_accounts, instruction as probe_ix};

struct Env {
    svm: LiteSVM,
    payer: Keypair,
}

impl Env {
    fn new() -> Self {
        let mut svm = LiteSVM::new();
        synq_bridge::add_program(&mut svm, runtime_probe::ID, "runtime_probe", synq_bridge::anchor_entry(runtime_probe::entry));
        synq_bridge::add_program(&mut svm, registry::ID, "registry", synq_bridge::anchor_entry(registry::entry));
        let payer = Keypair::new();
        svm.airdrop(&payer.pubkey(), 100_000_000_000).expect("airdrop");
        Env { svm, payer }
    }

    fn send(&mut self, instructions: &[Instruction], extra_signers: &[&Keypair]) -> TransactionResult {
        let mut signers: Vec<&Keypair> = vec![&self.payer];
        signers.extend_from_slice(extra_signers);
        let tx = Transaction::new_signed_with_payer(instructions, Some(&self.payer.pubkey()), &signers, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        result
    }

    fn probe(&self, accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
        Instruction { program_id: runtime_probe::ID, accounts: accounts.to_account_metas(None), data: data.data() }
    }

    fn account<T: AccountDeserialize>(&self, address: &Pubkey) -> T {
        let account = self.svm.get_account(address).expect("account exists");
        T::try_deserialize(&mut account.data.as_slice()).expect("account decodes")
    }

    fn token_balance(&self, address: &Pubkey) -> u64 {
        let account = self.svm.get_account(address).expect("token account exists");
        spl_token::state::Account::unpack(&account.data).expect("token account decodes").amount
    }

    /// A mint with `authority` as its mint authority, through the real SPL Token binary.
    fn create_mint(&mut self, authority: &Pubkey) -> Pubkey {
        let mint = Keypair::new();
        let rent = self.svm.minimum_balance_for_rent_exemption(spl_token::state::Mint::LEN);
        let create = solana_system_interface::instruction::create_account(
            &self.payer.pubkey(), &mint.pubkey(), rent, spl_token::state::Mint::LEN as u64, &spl_token::ID);
        let init = spl_token::instruction::initialize_mint2(&spl_token::ID, &mint.pubkey(), authority, None, 9).unwrap();
        self.send(&[create, init], &[&mint]).expect("mint created");
        mint.pubkey()
    }

    fn create_token_account(&mut self, mint: &Pubkey, owner: &Pubkey) -> Pubkey {
        let account = Keypair::new();
        let rent = self.svm.minimum_balance_for_rent_exemption(spl_token::state::Account::LEN);
        let create = solana_system_interface::instruction::create_account(
            &self.payer.pubkey(), &account.pubkey(), rent, spl_token::state::Account::LEN as u64, &spl_token::ID);
        let init = spl_token::instruction::initialize_account3(&spl_token::ID, &account.pubkey(), mint, owner).unwrap();
        self.send(&[create, init], &[&account]).expect("token account created");
        account.pubkey()
    }
}

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &runtime_probe::ID).0
}

fn instruction_error(result: TransactionResult) -> (InstructionError, Vec<String>) {
    match result {
        Err(failed) => match failed.err {
            TransactionError::InstructionError(_, err) => (err, failed.meta.logs),
            other => panic!("expected an instruction error, got {other:?}"),
        },
        Ok(meta) => panic!("expected failure, transaction succeeded: {:#?}", meta.logs),
    }
}

/// The registry's ProgramData account as a deploy leaves it, naming `authority`: its
/// `initialize` requires the upgrade authority's signature.
fn registry_program_data(svm: &mut litesvm::LiteSVM, authority: &Pubkey) -> Pubkey {
    use solana_loader_v3_interface::state::UpgradeableLoaderState;
    let address = Pubkey::find_program_address(&[registry::ID.as_ref()], &solana_sdk_ids::bpf_loader_upgradeable::ID).0;
    let state = UpgradeableLoaderState::ProgramData { slot: 0, upgrade_authority_address: Some(*authority) };
    let mut data = bincode::serialize(&state).expect("a loader state serialises");
    data.resize(UpgradeableLoaderState::size_of_programdata_metadata(), 0);
    let lamports = svm.minimum_balance_for_rent_exemption(data.len());
    let account = solana_account::Account { lamports, data, owner: solana_sdk_ids::bpf_loader_upgradeable::ID, executable: false, rent_epoch: u64::MAX };
    svm.set_account(address, account).expect("storable");
    address
}

fn count(logs: &[String], needle: &str) -> usize {
    logs.iter().filter(|line| line.contains(needle)).count()
}

// ---------------------------------------------------------------- tests

fn anchor_init_uses_system_cpi_rent_and_clock() {
    let mut env = Env::new();
    let mut clock: Clock = env.svm.get_sysvar();
    clock.unix_timestamp = 1_800_000_000;
    env.svm.set_sysvar(&clock);
    let authority = Keypair::new();
    let program_data = registry_program_data(&mut env.svm, &authority.pubkey());
    let config = Pubkey::find_program_address(&[registry::constants::CONFIG_SEED], &registry::ID).0;
    let ix = Instruction {
        program_id: registry::ID,
        accounts: registry::accounts::Initialize {
            payer: env.payer.pubkey(),
            authority: authority.pubkey(),
            program_data,
            config,
            system_program: solana_sdk_ids::system_program::ID,
        }
        .to_account_metas(None),
        data: registry::instruction::Initialize {
            args: registry::instructions::InitializeArgs { min_stake: 5, challenge_interval_slots: 10, response_window_slots: 20 },
        }
        .data(),
    };
    let meta = env.send(&[ix.clone()], &[&authority]).expect("initialize succeeds");
    let state: registry::state::RegistryConfig = env.account(&config);
    assert_eq!(state.authority, authority.pubkey());
    assert_eq!(state.min_stake, 5);
    assert_eq!(state.created_at, 1_800_000_000);
    let account = env.svm.get_account(&config).unwrap();
    assert_eq!(account.owner, registry::ID);
    assert_eq!(account.lamports, env.svm.minimum_balance_for_rent_exemption(account.data.len()));
    // The runtime logs invoke/success once per program; the bridge adds none of its own.
    assert_eq!(count(&meta.logs, &format!("Program {} invoke [1]", registry::ID)), 1);
    assert_eq!(count(&meta.logs, "Program 11111111111111111111111111111111 invoke [2]"), 1);
    assert_eq!(count(&meta.logs, &format!("Program {} success", registry::ID)), 1);
    assert_eq!(count(&meta.logs, "Program data: "), 1);

    // Re-initialisation: the system program refuses to create an existing account.
    let (err, logs) = instruction_error(env.send(&[ix], &[&authority]));
    assert_eq!(err, InstructionError::Custom(0), "{logs:#?}");
    assert_eq!(count(&logs, "already in use"), 1, "{logs:#?}");
}

fn msg_and_emit_are_logged_once_in_order() {
    let mut env = Env::new();
    let ix = env.probe(probe_accounts::Echo { caller: env.payer.pubkey() }, probe_ix::Echo { value: 7, note: "hi".into() });
    let meta = env.send(&[ix], &[]).expect("echo succeeds");
    let logs = &meta.logs;
    let position = |needle: &str| logs.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} missing: {logs:#?}"));
    assert_eq!(count(logs, "Program log: Instruction: Echo"), 1, "{logs:#?}");
    assert_eq!(count(logs, "Program log: echo 7 hi"), 1, "{logs:#?}");
    assert_eq!(count(logs, "Program data: "), 1, "{logs:#?}");
    assert!(position("Instruction: Echo") < position("echo 7 hi"));
    assert!(position("echo 7 hi") < position("Program data: "));
    assert!(position("Program data: ") < position(&format!("Program {} success", runtime_probe::ID)));

    // The capture buffer is reused: a later transaction sees only its own lines, even after a
    // longer one (nothing left over past the shorter output).
    let long = env.probe(probe_accounts::Echo { caller: env.payer.pubkey() }, probe_ix::Echo { value: 8, note: "x".repeat(64) });
    env.send(&[long], &[]).expect("echo succeeds");
    let short = env.probe(probe_accounts::Echo { caller: env.payer.pubkey() }, probe_ix::Echo { value: 9, note: "s".into() });
    let logs = env.send(&[short], &[]).expect("echo succeeds").logs;
    assert_eq!(count(&logs, "Program log: echo 9 s"), 1, "{logs:#?}");
    assert_eq!(count(&logs, "echo 7"), 0, "{logs:#?}");
    assert_eq!(count(&logs, "echo 8"), 0, "{logs:#?}");
    assert_eq!(logs.iter().filter(|l| l.starts_with("Program log: ")).count(), 2, "{logs:#?}");
}

fn return_data_is_set_and_logged() {
    let mut env = Env::new();
    let ix = env.probe(probe_accounts::Add {}, probe_ix::Add { a: 2, b: 3 });
    let meta = env.send(&[ix], &[]).expect("add succeeds");
    assert_eq!(meta.return_data.program_id, runtime_probe::ID);
    assert_eq!(meta.return_data.data, 5u64.to_le_bytes().to_vec());
    assert_eq!(count(&meta.logs, &format!("Program return: {} BQAAAAAAAAA=", runtime_probe::ID)), 1, "{:#?}", meta.logs);
}

fn anchor_error_becomes_custom_code_with_its_log() {
    let mut env = Env::new();
    let ix = env.probe(probe_accounts::Add {}, probe_ix::Add { a: u64::MAX, b: 1 });
    let (err, logs) = instruction_error(env.send(&[ix], &[]));
    assert_eq!(err, InstructionError::Custom(6000));
    assert_eq!(count(&logs, "AnchorError thrown in programs/runtime_probe/src/instructions/add.rs"), 1, "{logs:#?}");
    assert_eq!(count(&logs, "Error Code: Overflow. Error Number: 6000. Error Message: Arithmetic overflow."), 1, "{logs:#?}");
    assert_eq!(count(&logs, &format!("Program {} failed: custom program error: 0x1770", runtime_probe::ID)), 1, "{logs:#?}");
}

fn token_cpi_signed_by_pda_moves_real_tokens() {
    let mut env = Env::new();
    let payer = env.payer.pubkey();
    let mint = env.create_mint(&payer);
    let vault = pda(&[runtime_probe::constants::VAULT_SEED, mint.as_ref()]);
    let vault_tokens = pda(&[runtime_probe::constants::VAULT_TOKENS_SEED, mint.as_ref()]);
    let ix = env.probe(
        probe_accounts::CreateVault {
            admin: payer, mint, vault, vault_tokens,
            token_program: spl_token::ID, system_program: solana_sdk_ids::system_program::ID,
        },
        probe_ix::CreateVault {},
    );
    env.send(&[ix], &[]).expect("vault created (token account init by CPI)");
    let mint_to = spl_token::instruction::mint_to(&spl_token::ID, &mint, &vault_tokens, &payer, &[], 1_000).unwrap();
    env.send(&[mint_to], &[]).expect("minted");
    let destination = env.create_token_account(&mint, &Keypair::new().pubkey());

    let release = |admin: Pubkey, amount: u64| Instruction {
        program_id: runtime_probe::ID,
        accounts: probe_accounts::Release { admin, vault, vault_tokens, destination, token_program: spl_token::ID }.to_account_metas(None),
        data: probe_ix::Release { amount }.data(),
    };
    let meta = env.send(&[release(payer, 400)], &[]).expect("release succeeds");
    assert_eq!(env.token_balance(&vault_tokens), 600);
    assert_eq!(env.token_balance(&destination), 400);
    // The reloaded account inside the program saw the CPI's effect.
    assert_eq!(count(&meta.logs, "Program log: vault balance after release: 600"), 1, "{:#?}", meta.logs);
    assert_eq!(count(&meta.logs, &format!("Program {} invoke [2]", spl_token::ID)), 1);

    // Wrong signer: a stranger is not the vault admin.
    let stranger = Keypair::new();
    let (err, _) = instruction_error(env.send(&[release(stranger.pubkey(), 1)], &[&stranger]));
    assert_eq!(err, InstructionError::Custom(anchor_lang::error::ErrorCode::ConstraintHasOne as u32));

    // The token program's own failure (insufficient funds) aborts the caller with its error.
    let (err, logs) = instruction_error(env.send(&[release(payer, 10_000)], &[]));
    assert_eq!(err, InstructionError::Custom(1), "{logs:#?}"); // spl_token::error::TokenError::InsufficientFunds
    assert_eq!(env.token_balance(&vault_tokens), 600, "nothing moved");

    // Burn by PDA signature.
    let burn = env.probe(
        probe_accounts::BurnFromVault { admin: payer, vault, mint, vault_tokens, token_program: spl_token::ID },
        probe_ix::BurnFromVault { amount: 100 },
    );
    env.send(&[burn], &[]).expect("burn succeeds");
    assert_eq!(env.token_balance(&vault_tokens), 500);
    let supply = spl_token::state::Mint::unpack(&env.svm.get_account(&mint).unwrap().data).unwrap().supply;
    assert_eq!(supply, 900);
}

fn wrong_pda_seeds_are_refused() {
    let mut env = Env::new();
    let payer = env.payer.pubkey();
    let mint_authority = pda(&[runtime_probe::constants::MINT_AUTHORITY_SEED]);
    let mint = env.create_mint(&mint_authority);
    let destination = env.create_token_account(&mint, &payer);
    let mint_with = |authority: Pubkey| Instruction {
        program_id: runtime_probe::ID,
        accounts: probe_accounts::MintWithPda { mint, mint_authority: authority, destination, token_program: spl_token::ID }.to_account_metas(None),
        data: probe_ix::MintWithPda { amount: 42 }.data(),
    };
    env.send(&[mint_with(mint_authority)], &[]).expect("mint by PDA succeeds");
    assert_eq!(env.token_balance(&destination), 42);
    let wrong = Pubkey::find_program_address(&[b"not_the_seed"], &runtime_probe::ID).0;
    let (err, _) = instruction_error(env.send(&[mint_with(wrong)], &[]));
    // `mint::authority` is checked before the seeds.
    assert!(
        err == InstructionError::Custom(anchor_lang::error::ErrorCode::ConstraintSeeds as u32)
            || err == InstructionError::Custom(anchor_lang::error::ErrorCode::ConstraintMintMintAuthority as u32),
        "{err:?}"
    );
}

fn account_resize_follows_loader_limits() {
    let mut env = Env::new();
    let owner = env.payer.pubkey();
    let blob = pda(&[runtime_probe::constants::BLOB_SEED, owner.as_ref()]);
    let init = env.probe(probe_accounts::InitBlob { owner, blob, system_program: solana_sdk_ids::system_program::ID }, probe_ix::InitBlob {});
    env.send(&[init], &[]).expect("blob created");
    let base = env.svm.get_account(&blob).unwrap().data.len();
    let resize = |size: u32| Instruction {
        program_id: runtime_probe::ID,
        accounts: probe_accounts::ResizeBlob { owner, blob, system_program: solana_sdk_ids::system_program::ID }.to_account_metas(None),
        data: probe_ix::ResizeBlob { size }.data(),
    };
    env.send(&[resize(4_000)], &[]).expect("grow");
    let grown = env.svm.get_account(&blob).unwrap();
    assert_eq!(grown.data.len(), base + 4_000);
    assert_eq!(grown.lamports, env.svm.minimum_balance_for_rent_exemption(base + 4_000), "realloc paid rent by system CPI");
    env.send(&[resize(10)], &[]).expect("shrink");
    assert_eq!(env.svm.get_account(&blob).unwrap().data.len(), base + 10);
    // More than MAX_PERMITTED_DATA_INCREASE (10 KiB) in one instruction is refused by the loader rules.
    let (err, logs) = instruction_error(env.send(&[resize(10_240 + 11)], &[]));
    assert!(matches!(err, InstructionError::InvalidRealloc | InstructionError::Custom(_)), "{err:?} {logs:#?}");
    assert_eq!(env.svm.get_account(&blob).unwrap().data.len(), base + 10, "failed resize changed nothing");
}

fn lamport_moves_respect_rent() {
    let mut env = Env::new();
    let owner = env.payer.pubkey();
    let blob = pda(&[runtime_probe::constants::BLOB_SEED, owner.as_ref()]);
    let init = env.probe(probe_accounts::InitBlob { owner, blob, system_program: solana_sdk_ids::system_program::ID }, probe_ix::InitBlob {});
    env.send(&[init], &[]).expect("blob created");
    let transfer = solana_system_interface::instruction::transfer(&owner, &blob, 5_000);
    env.send(&[transfer], &[]).expect("top up");
    let before = env.svm.get_balance(&blob).unwrap();
    let withdraw = |amount: u64| Instruction {
        program_id: runtime_probe::ID,
        accounts: probe_accounts::WithdrawLamports { owner, blob }.to_account_metas(None),
        data: probe_ix::WithdrawLamports { amount }.data(),
    };
    env.send(&[withdraw(5_000)], &[]).expect("withdraw the surplus");
    assert_eq!(env.svm.get_balance(&blob).unwrap(), before - 5_000);
    // Leaving the account below rent exemption fails the transaction.
    let result = env.send(&[withdraw(1_000)], &[]);
    match result {
        Err(failed) => assert!(matches!(failed.err, TransactionError::InsufficientFundsForRent { .. }), "{:?}", failed.err),
        Ok(_) => panic!("rent violation accepted"),
    }
    assert_eq!(env.svm.get_balance(&blob).unwrap(), before - 5_000);
}

fn cpi_depth_is_limited_like_the_runtime() {
    let mut env = Env::new();
    let recurse = |env: &Env, depth: u8| env.probe(probe_accounts::Recurse {}, probe_ix::Recurse { depth });
    let ok = recurse(&env, 3);
    let meta = env.send(&[ok], &[]).expect("depth 3 succeeds");
    assert_eq!(meta.return_data.data, vec![4u8], "deepest stack height seen");
    assert_eq!(count(&meta.logs, &format!("Program {} invoke [4]", runtime_probe::ID)), 1);
    // Stack height 1 plus 4 nested calls is the runtime's maximum depth (5).
    let max = recurse(&env, 4);
    env.send(&[max], &[]).expect("depth 4 succeeds");
    let too_deep = recurse(&env, 5);
    let (err, _) = instruction_error(env.send(&[too_deep], &[]));
    assert_eq!(err, InstructionError::CallDepth);
}

fn panic_fails_the_transaction_not_the_process() {
    let mut env = Env::new();
    let boom = env.probe(probe_accounts::Explode {}, probe_ix::Explode {});
    let (err, logs) = instruction_error(env.send(&[boom], &[]));
    assert_eq!(err, InstructionError::ProgramFailedToComplete);
    assert_eq!(count(&logs, "Program log: about to index 1 of an empty vector"), 1, "{logs:#?}");
    assert_eq!(count(&logs, "Program log: panicked: index out of bounds"), 1, "{logs:#?}");
    // The runtime carries on.
    let ix = env.probe(probe_accounts::Add {}, probe_ix::Add { a: 1, b: 1 });
    env.send(&[ix], &[]).expect("the next transaction runs");
}

fn missing_signature_is_refused_before_execution() {
    let mut env = Env::new();
    let authority = Keypair::new();
    let program_data = registry_program_data(&mut env.svm, &authority.pubkey());
    let config = Pubkey::find_program_address(&[registry::constants::CONFIG_SEED], &registry::ID).0;
    let mut metas = registry::accounts::Initialize {
        payer: env.payer.pubkey(),
        authority: authority.pubkey(),
        program_data,
        config,
        system_program: solana_sdk_ids::system_program::ID,
    }
    .to_account_metas(None);
    metas[1].is_signer = false; // authority not signing
    let ix = Instruction {
        program_id: registry::ID,
        accounts: metas,
        data: registry::instruction::Initialize {
            args: registry::instructions::InitializeArgs { min_stake: 5, challenge_interval_slots: 10, response_window_slots: 20 },
        }
        .data(),
    };
    let (err, _) = instruction_error(env.send(&[ix], &[]));
    assert_eq!(err, InstructionError::Custom(anchor_lang::error::ErrorCode::AccountNotSigner as u32));
    assert!(env.svm.get_account(&config).is_none());
}

fn main() {
    let tests: &[(&str, fn())] = &[
        ("anchor_init_uses_system_cpi_rent_and_clock", anchor_init_uses_system_cpi_rent_and_clock),
        ("msg_and_emit_are_logged_once_in_order", msg_and_emit_are_logged_once_in_order),
        ("return_data_is_set_and_logged", return_data_is_set_and_logged),
        ("anchor_error_becomes_custom_code_with_its_log", anchor_error_becomes_custom_code_with_its_log),
        ("token_cpi_signed_by_pda_moves_real_tokens", token_cpi_signed_by_pda_moves_real_tokens),
        ("wrong_pda_seeds_are_refused", wrong_pda_seeds_are_refused),
        ("account_resize_follows_loader_limits", account_resize_follows_loader_limits),
        ("lamport_moves_respect_rent", lamport_moves_respect_rent),
        ("cpi_depth_is_limited_like_the_runtime", cpi_depth_is_limited_like_the_runtime),
        ("panic_fails_the_transaction_not_the_process", panic_fails_the_transaction_not_the_process),
        ("missing_signature_is_refused_before_execution", missing_signature_is_refused_before_execution),
    ];
    synq_bridge::harness::run(tests);
}
