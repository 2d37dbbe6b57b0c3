//! Shared by the staking, registry and payment_config integration tests (registry includes this file with
//! `#[path]`): a litesvm with the programs as builtins through synq-bridge, the real SPL Token
//! binary, a $SYNQ mint, and instruction builders for the staking program.
#![allow(dead_code)]

pub use {
    anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas},
    litesvm::{types::TransactionResult, LiteSVM},
    solana_clock::Clock,
    solana_instruction::{error::InstructionError, Instruction},
    solana_keypair::Keypair,
    solana_program_pack::Pack,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    solana_transaction::Transaction,
    solana_transaction_error::TransactionError,
};
use staking::{accounts as sa, instruction as si};

pub const SYNQ: u64 = 1_000_000_000;
pub const COOLDOWN: u64 = 7 * 24 * 60 * 60;
pub const WARMUP: u64 = 60 * 60;

pub struct Env {
    pub svm: LiteSVM,
    pub payer: Keypair,
    pub authority: Keypair,
    pub mint: Pubkey,
}

/// The ProgramData address of `program` under the BPF upgradeable loader.
pub fn program_data(program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[program.as_ref()], &solana_sdk_ids::bpf_loader_upgradeable::ID).0
}

/// Writes the ProgramData account a deploy through the upgradeable loader leaves (header only:
/// the program runs as a builtin), naming `authority` as upgrade authority.
pub fn set_upgrade_authority(svm: &mut LiteSVM, program: &Pubkey, authority: Option<Pubkey>) {
    use solana_loader_v3_interface::state::UpgradeableLoaderState;
    let state = UpgradeableLoaderState::ProgramData { slot: 0, upgrade_authority_address: authority };
    let mut data = bincode::serialize(&state).expect("a loader state serialises");
    data.resize(UpgradeableLoaderState::size_of_programdata_metadata(), 0);
    let account = solana_account::Account {
        lamports: svm.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner: solana_sdk_ids::bpf_loader_upgradeable::ID,
        executable: false,
        rent_epoch: u64::MAX,
    };
    svm.set_account(program_data(program), account).expect("a ProgramData account is storable");
}

pub fn staking_pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &staking::ID).0
}
pub fn stake_config() -> Pubkey {
    staking_pda(&[staking::constants::CONFIG_SEED])
}
pub fn pool_of(operator: &Pubkey) -> Pubkey {
    staking_pda(&[staking::constants::POOL_SEED, operator.as_ref()])
}
pub fn vault_of(pool: &Pubkey) -> Pubkey {
    staking_pda(&[staking::constants::VAULT_SEED, pool.as_ref()])
}
pub fn position_of(pool: &Pubkey, owner: &Pubkey) -> Pubkey {
    staking_pda(&[staking::constants::POSITION_SEED, pool.as_ref(), owner.as_ref()])
}

pub fn reg_pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &registry::ID).0
}
pub fn reg_config() -> Pubkey {
    reg_pda(&[registry::constants::CONFIG_SEED])
}
/// The registry's slasher PDA (staking's `slasher` in the registry and payment suites).
pub fn slasher() -> Pubkey {
    reg_pda(&[registry::constants::SLASHER_SEED])
}
pub fn node_of(operator: &Pubkey) -> Pubkey {
    reg_pda(&[registry::constants::NODE_SEED, operator.as_ref()])
}

pub fn ix(program_id: Pubkey, accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id, accounts: accounts.to_account_metas(None), data: data.data() }
}

/// The custom error code of a failed transaction (Anchor errors: 6000 + variant index).
pub fn error_code(result: TransactionResult) -> u32 {
    match result {
        Err(failed) => match failed.err {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => code,
            other => panic!("expected a custom error, got {other:?}\n{:#?}", failed.meta.logs),
        },
        Ok(meta) => panic!("expected failure, transaction succeeded: {:#?}", meta.logs),
    }
}

pub fn anchor_code(err: anchor_lang::error::ErrorCode) -> u32 {
    err as u32
}

pub fn staking_code(err: staking::errors::StakingError) -> u32 {
    6000 + err as u32
}

/// A user with SOL, a token account and `tokens` $SYNQ base units.
pub struct User {
    pub key: Keypair,
    pub tokens: Pubkey,
}

impl User {
    pub fn pubkey(&self) -> Pubkey {
        self.key.pubkey()
    }
}

impl Env {
    /// Staking initialised with `slasher` (the registry tests pass the registry's slasher PDA).
    pub fn new(slasher: Option<Pubkey>) -> Self {
        let mut env = Self::uninitialized();
        let slasher = slasher.unwrap_or_else(|| env.authority.pubkey());
        let authority = env.authority.insecure_clone();
        let init = env.staking_init_ix(&authority.pubkey(), slasher);
        env.send(&[init], &[&authority]).expect("staking initialised");
        env
    }

    /// staking's initialize with `authority` signing for the config.
    pub fn staking_init_ix(&self, authority: &Pubkey, slasher: Pubkey) -> Instruction {
        ix(
            staking::ID,
            sa::Initialize {
                payer: self.payer.pubkey(),
                authority: *authority,
                program_data: program_data(&staking::ID),
                mint: self.mint,
                config: stake_config(),
                system_program: solana_sdk_ids::system_program::ID,
            },
            si::Initialize { args: staking::instructions::InitializeArgs { cooldown_seconds: COOLDOWN, warmup_seconds: WARMUP, slasher } },
        )
    }

    /// Staking hosted (its upgrade authority is `authority`) and a mint, nothing initialised.
    pub fn uninitialized() -> Self {
        let mut svm = LiteSVM::new();
        synq_bridge::add_program(&mut svm, staking::ID, "staking", synq_bridge::anchor_entry(staking::entry));
        let payer = Keypair::new();
        let authority = Keypair::new();
        svm.airdrop(&payer.pubkey(), 1_000_000_000_000).expect("airdrop");
        svm.airdrop(&authority.pubkey(), 10_000_000_000).expect("airdrop");
        let mut clock: Clock = svm.get_sysvar();
        clock.unix_timestamp = 1_800_000_000;
        clock.slot = 1_000;
        svm.set_sysvar(&clock);
        set_upgrade_authority(&mut svm, &staking::ID, Some(authority.pubkey()));
        let mut env = Env { svm, payer, authority, mint: Pubkey::default() };
        env.mint = env.create_mint();
        env
    }

    /// Hosts a program whose ProgramData names this env's `authority` as upgrade authority.
    pub fn add_program(&mut self, id: Pubkey, name: &str, entry: synq_bridge::ProcessInstruction) {
        synq_bridge::add_program(&mut self.svm, id, name, entry);
        set_upgrade_authority(&mut self.svm, &id, Some(self.authority.pubkey()));
    }

    pub fn send(&mut self, instructions: &[Instruction], extra_signers: &[&Keypair]) -> TransactionResult {
        let mut signers: Vec<&Keypair> = vec![&self.payer];
        signers.extend_from_slice(extra_signers);
        let tx = Transaction::new_signed_with_payer(instructions, Some(&self.payer.pubkey()), &signers, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        result
    }

    pub fn account<T: AccountDeserialize>(&self, address: &Pubkey) -> T {
        let account = self.svm.get_account(address).expect("account exists");
        T::try_deserialize(&mut account.data.as_slice()).expect("account decodes")
    }

    pub fn exists(&self, address: &Pubkey) -> bool {
        self.svm.get_account(address).is_some_and(|a| a.lamports > 0)
    }

    pub fn token_balance(&self, address: &Pubkey) -> u64 {
        let account = self.svm.get_account(address).expect("token account exists");
        spl_token::state::Account::unpack(&account.data).expect("token account decodes").amount
    }

    pub fn supply(&self) -> u64 {
        spl_token::state::Mint::unpack(&self.svm.get_account(&self.mint).unwrap().data).unwrap().supply
    }

    pub fn clock(&self) -> Clock {
        self.svm.get_sysvar()
    }

    /// Moves time forward by `seconds` and `slots`.
    pub fn advance(&mut self, seconds: i64, slots: u64) {
        let mut clock = self.clock();
        clock.unix_timestamp += seconds;
        clock.slot += slots;
        self.svm.set_sysvar(&clock);
    }

    fn create_mint(&mut self) -> Pubkey {
        let mint = Keypair::new();
        let rent = self.svm.minimum_balance_for_rent_exemption(spl_token::state::Mint::LEN);
        let create = solana_system_interface::instruction::create_account(
            &self.payer.pubkey(), &mint.pubkey(), rent, spl_token::state::Mint::LEN as u64, &spl_token::ID);
        let init = spl_token::instruction::initialize_mint2(&spl_token::ID, &mint.pubkey(), &self.payer.pubkey(), None, 9).unwrap();
        self.send(&[create, init], &[&mint]).expect("mint created");
        mint.pubkey()
    }

    pub fn create_token_account(&mut self, owner: &Pubkey) -> Pubkey {
        let account = Keypair::new();
        let rent = self.svm.minimum_balance_for_rent_exemption(spl_token::state::Account::LEN);
        let create = solana_system_interface::instruction::create_account(
            &self.payer.pubkey(), &account.pubkey(), rent, spl_token::state::Account::LEN as u64, &spl_token::ID);
        let init = spl_token::instruction::initialize_account3(&spl_token::ID, &account.pubkey(), &self.mint, owner).unwrap();
        self.send(&[create, init], &[&account]).expect("token account created");
        account.pubkey()
    }

    pub fn mint_to(&mut self, destination: &Pubkey, amount: u64) {
        let ix = spl_token::instruction::mint_to(&spl_token::ID, &self.mint, destination, &self.payer.pubkey(), &[], amount).unwrap();
        self.send(&[ix], &[]).expect("minted");
    }

    pub fn user(&mut self, tokens: u64) -> User {
        let key = Keypair::new();
        self.svm.airdrop(&key.pubkey(), 10_000_000_000).expect("airdrop");
        let account = self.create_token_account(&key.pubkey());
        if tokens > 0 {
            self.mint_to(&account, tokens);
        }
        User { key, tokens: account }
    }

    // ------------------------------------------------------------ staking instructions

    pub fn create_pool_ix(&self, operator: &Pubkey, commission_bps: u16) -> Instruction {
        let pool = pool_of(operator);
        ix(
            staking::ID,
            sa::CreatePool {
                payer: self.payer.pubkey(),
                operator: *operator,
                config: stake_config(),
                mint: self.mint,
                pool,
                vault: vault_of(&pool),
                token_program: spl_token::ID,
                system_program: solana_sdk_ids::system_program::ID,
            },
            si::CreatePool { commission_bps },
        )
    }

    pub fn create_pool(&mut self, operator: &Keypair, commission_bps: u16) -> TransactionResult {
        let ix = self.create_pool_ix(&operator.pubkey(), commission_bps);
        self.send(&[ix], &[operator])
    }

    pub fn stake_ix(&self, owner: &Pubkey, owner_tokens: &Pubkey, operator: &Pubkey, amount: u64) -> Instruction {
        let pool = pool_of(operator);
        ix(
            staking::ID,
            sa::Stake {
                owner: *owner,
                config: stake_config(),
                pool,
                vault: vault_of(&pool),
                position: position_of(&pool, owner),
                owner_tokens: *owner_tokens,
                token_program: spl_token::ID,
                system_program: solana_sdk_ids::system_program::ID,
            },
            si::Stake { amount },
        )
    }

    pub fn stake(&mut self, user: &User, operator: &Pubkey, amount: u64) -> TransactionResult {
        let ix = self.stake_ix(&user.pubkey(), &user.tokens, operator, amount);
        self.send(&[ix], &[&user.key])
    }

    pub fn activate_ix(&self, owner: &Pubkey, operator: &Pubkey) -> Instruction {
        let pool = pool_of(operator);
        ix(staking::ID, sa::ActivateStake { config: stake_config(), pool, position: position_of(&pool, owner) }, si::ActivateStake {})
    }

    /// Stakes, waits out the warm-up (the clock only: no slots pass) and activates.
    pub fn stake_active(&mut self, user: &User, operator: &Pubkey, amount: u64) -> TransactionResult {
        self.stake(user, operator, amount)?;
        self.advance(WARMUP as i64, 0);
        let activate = self.activate_ix(&user.pubkey(), operator);
        self.send(&[activate], &[])
    }

    pub fn request_unstake(&mut self, user: &User, operator: &Pubkey, shares: u128) -> TransactionResult {
        let pool = pool_of(operator);
        let ix = ix(
            staking::ID,
            sa::RequestUnstake { owner: user.pubkey(), config: stake_config(), pool, position: position_of(&pool, &user.pubkey()) },
            si::RequestUnstake { shares },
        );
        self.send(&[ix], &[&user.key])
    }

    pub fn withdraw(&mut self, user: &User, operator: &Pubkey) -> TransactionResult {
        let pool = pool_of(operator);
        let ix = ix(
            staking::ID,
            sa::Withdraw {
                owner: user.pubkey(),
                config: stake_config(),
                pool,
                vault: vault_of(&pool),
                position: position_of(&pool, &user.pubkey()),
                destination: user.tokens,
                token_program: spl_token::ID,
            },
            si::Withdraw {},
        );
        self.send(&[ix], &[&user.key])
    }

    pub fn slash_ix(&self, slasher: &Pubkey, operator: &Pubkey, amount: u64) -> Instruction {
        let pool = pool_of(operator);
        ix(
            staking::ID,
            sa::Slash {
                slasher: *slasher,
                config: stake_config(),
                pool,
                vault: vault_of(&pool),
                mint: self.mint,
                token_program: spl_token::ID,
            },
            si::Slash { amount },
        )
    }

    pub fn deposit_rewards_ix(&self, depositor: &User, operator: &Pubkey, operator_tokens: &Pubkey, amount: u64) -> Instruction {
        let pool = pool_of(operator);
        ix(
            staking::ID,
            sa::DepositRewards {
                depositor: depositor.pubkey(),
                config: stake_config(),
                pool,
                vault: vault_of(&pool),
                source: depositor.tokens,
                operator_tokens: *operator_tokens,
                token_program: spl_token::ID,
            },
            si::DepositRewards { amount },
        )
    }

    pub fn deposit_rewards(&mut self, depositor: &User, operator: &Pubkey, operator_tokens: &Pubkey, amount: u64) -> TransactionResult {
        let ix = self.deposit_rewards_ix(depositor, operator, operator_tokens, amount);
        self.send(&[ix], &[&depositor.key])
    }

    pub fn pool(&self, operator: &Pubkey) -> staking::state::StakePool {
        self.account(&pool_of(operator))
    }

    pub fn position(&self, operator: &Pubkey, owner: &Pubkey) -> staking::state::StakePosition {
        self.account(&position_of(&pool_of(operator), owner))
    }

    /// Value in tokens of an owner's active shares.
    pub fn position_value(&self, operator: &Pubkey, owner: &Pubkey) -> u64 {
        let pool = self.pool(operator);
        let position = self.position(operator, owner);
        if position.generation != pool.generation {
            return 0;
        }
        pool.active_value(position.shares).unwrap()
    }
}

pub use synq_bridge::harness::run;
