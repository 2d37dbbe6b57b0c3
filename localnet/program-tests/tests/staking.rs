//! Staking program, in-process through synq-bridge + litesvm with the real SPL Token binary.
//!   cargo test -p synq-program-tests --test staking [-- <name filter>]

mod common;

use common::*;
use staking::{errors::StakingError as E, instruction as si, accounts as sa};

fn set_params_ix(authority: &Pubkey, args: staking::instructions::SetStakeParamsArgs) -> Instruction {
    ix(staking::ID, sa::SetParams { authority: *authority, config: stake_config() }, si::SetParams { args })
}

fn vote_ix(governance: &Pubkey, position: Pubkey, lock: bool) -> Instruction {
    let accounts = sa::VoteLock { governance: *governance, config: stake_config(), position };
    if lock {
        ix(staking::ID, accounts, si::LockVote {})
    } else {
        ix(staking::ID, accounts, si::UnlockVote {})
    }
}

/// An operator with a pool (commission `bps`) and `stake` tokens staked in it.
fn operator_with_pool(env: &mut Env, bps: u16, stake: u64) -> User {
    let operator = env.user(stake);
    env.create_pool(&operator.key, bps).expect("pool created");
    if stake > 0 {
        env.stake_active(&operator, &operator.pubkey(), stake).expect("operator stakes");
    }
    operator
}

fn initialize_and_set_params() {
    let mut env = Env::new(None);
    let config: staking::state::StakeConfig = env.account(&stake_config());
    assert_eq!(config.authority, env.authority.pubkey());
    assert_eq!(config.mint, env.mint);
    assert_eq!(config.cooldown_seconds, COOLDOWN);
    assert_eq!(config.governance, Pubkey::default());

    let stranger = Keypair::new();
    let args = staking::instructions::SetStakeParamsArgs { cooldown_seconds: Some(86_400), ..Default::default() };
    let bad = set_params_ix(&stranger.pubkey(), args.clone());
    assert_eq!(error_code(env.send(&[bad], &[&stranger])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    let zero = set_params_ix(&env.authority.pubkey(), staking::instructions::SetStakeParamsArgs { cooldown_seconds: Some(0), ..Default::default() });
    let authority = env.authority.insecure_clone();
    assert_eq!(error_code(env.send(&[zero], &[&authority])), staking_code(E::InvalidCooldown));
    let good = set_params_ix(&authority.pubkey(), args);
    env.send(&[good], &[&authority]).expect("authority sets params");
    assert_eq!(env.account::<staking::state::StakeConfig>(&stake_config()).cooldown_seconds, 86_400);

    // A second initialize is refused (the config PDA exists).
    let again = env.staking_init_ix(&authority.pubkey(), authority.pubkey());
    assert!(env.send(&[again], &[&authority]).is_err());
}

/// The bootstrap attack: on a fresh deployment a stranger calls initialize first and names
/// itself authority (or passes the ProgramData of a program it deployed itself).
fn stranger_cannot_initialize() {
    let mut env = Env::uninitialized();
    let stranger = Keypair::new();
    env.svm.airdrop(&stranger.pubkey(), 1_000_000_000).unwrap();
    let hijack = env.staking_init_ix(&stranger.pubkey(), stranger.pubkey());
    assert_eq!(error_code(env.send(&[hijack], &[&stranger])), staking_code(E::NotUpgradeAuthority));
    let own_program = Pubkey::new_unique();
    set_upgrade_authority(&mut env.svm, &own_program, Some(stranger.pubkey()));
    let mut substituted = env.staking_init_ix(&stranger.pubkey(), stranger.pubkey());
    substituted.accounts[2].pubkey = program_data(&own_program);
    assert_eq!(error_code(env.send(&[substituted], &[&stranger])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
    // Upgrades disabled (no authority): nobody may initialise.
    set_upgrade_authority(&mut env.svm, &staking::ID, None);
    let authority = env.authority.insecure_clone();
    let init = env.staking_init_ix(&authority.pubkey(), authority.pubkey());
    assert_eq!(error_code(env.send(&[init.clone()], &[&authority])), staking_code(E::NotUpgradeAuthority));
    assert!(!env.exists(&stake_config()));
    // The upgrade authority may.
    set_upgrade_authority(&mut env.svm, &staking::ID, Some(authority.pubkey()));
    env.send(&[init], &[&authority]).expect("the upgrade authority initialises");
    assert_eq!(env.account::<staking::state::StakeConfig>(&stake_config()).authority, authority.pubkey());
}

fn create_pool_checks_commission_and_uniqueness() {
    let mut env = Env::new(None);
    let operator = env.user(0);
    assert_eq!(error_code(env.create_pool(&operator.key, 10_001)), staking_code(E::InvalidCommission));
    env.create_pool(&operator.key, 500).expect("pool created");
    let pool = env.pool(&operator.pubkey());
    assert_eq!(pool.operator, operator.pubkey());
    assert_eq!(pool.vault, vault_of(&pool_of(&operator.pubkey())));
    assert_eq!(pool.commission_bps, 500);
    assert_eq!(env.token_balance(&pool.vault), 0);
    env.svm.expire_blockhash();
    assert!(env.create_pool(&operator.key, 500).is_err(), "one pool per operator");
}

fn stake_mints_shares_pro_rata() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 100 * SYNQ);
    let delegator = env.user(50 * SYNQ);
    env.stake_active(&delegator, &operator.pubkey(), 50 * SYNQ).expect("delegator stakes");
    let pool = env.pool(&operator.pubkey());
    assert_eq!(pool.total_tokens, 150 * SYNQ);
    assert_eq!(env.token_balance(&pool.vault), 150 * SYNQ);
    let op = env.position(&operator.pubkey(), &operator.pubkey());
    let del = env.position(&operator.pubkey(), &delegator.pubkey());
    assert_eq!(op.shares, u128::from(100 * SYNQ) * 1_000);
    assert_eq!(op.shares, del.shares * 2);
    assert_eq!(pool.total_shares, op.shares + del.shares);
    assert_eq!(env.position_value(&operator.pubkey(), &delegator.pubkey()), 50 * SYNQ);

    assert_eq!(error_code(env.stake(&delegator, &operator.pubkey(), 0)), staking_code(E::ZeroAmount));
    // Somebody else's token account as the source.
    let thief = env.user(0);
    let ix = env.stake_ix(&thief.pubkey(), &delegator.tokens, &operator.pubkey(), SYNQ);
    assert_eq!(error_code(env.send(&[ix], &[&thief.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintTokenOwner));
    // Another pool's vault.
    let other = operator_with_pool(&mut env, 0, SYNQ);
    let mut ix = env.stake_ix(&delegator.pubkey(), &delegator.tokens, &operator.pubkey(), SYNQ);
    ix.accounts[3].pubkey = vault_of(&pool_of(&other.pubkey()));
    assert_eq!(error_code(env.send(&[ix], &[&delegator.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne));
    // A pool address that is not the operator's PDA (another pool's account under this position).
    let mut ix = env.stake_ix(&delegator.pubkey(), &delegator.tokens, &operator.pubkey(), SYNQ);
    ix.accounts[4].pubkey = position_of(&pool_of(&other.pubkey()), &delegator.pubkey());
    assert_eq!(error_code(env.send(&[ix], &[&delegator.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
}

fn first_depositor_inflation_is_unprofitable() {
    let mut env = Env::new(None);
    let attacker = operator_with_pool(&mut env, 0, 0);
    env.mint_to(&attacker.tokens, 1_000_001);
    env.stake_active(&attacker, &attacker.pubkey(), 1).expect("attacker stakes 1 base unit");
    // Donation through deposit_rewards: the only way to raise the share price without shares.
    let attacker_tokens = attacker.tokens;
    env.deposit_rewards(&attacker, &attacker.pubkey(), &attacker_tokens, 1_000_000).expect("donation");
    let victim = env.user(500_000);
    env.stake_active(&victim, &attacker.pubkey(), 500_000).expect("victim's stake mints shares");
    let victim_value = env.position_value(&attacker.pubkey(), &victim.pubkey());
    let attacker_value = env.position_value(&attacker.pubkey(), &attacker.pubkey());
    assert!(victim_value >= 499_000, "victim keeps >= 99.8%: {victim_value}");
    assert!(attacker_value < 1_000_001, "attacker loses on the donation: {attacker_value}");
    // A deposit too small for one share is refused rather than silently absorbed.
    let tiny = env.user(1);
    assert_eq!(error_code(env.stake(&tiny, &attacker.pubkey(), 1)), staking_code(E::ZeroShares));
}

fn unstake_cooldown_and_withdraw() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 100 * SYNQ);
    let delegator = env.user(40 * SYNQ);
    env.stake_active(&delegator, &operator.pubkey(), 40 * SYNQ).expect("stake");
    let shares = env.position(&operator.pubkey(), &delegator.pubkey()).shares;
    assert_eq!(error_code(env.request_unstake(&delegator, &operator.pubkey(), shares + 1)), staking_code(E::InsufficientShares));
    assert_eq!(error_code(env.withdraw(&delegator, &operator.pubkey())), staking_code(E::NothingUnbonding));
    // A stranger cannot unstake someone else's position.
    let stranger = env.user(0);
    let pool = pool_of(&operator.pubkey());
    let steal = ix(
        staking::ID,
        sa::RequestUnstake { owner: stranger.pubkey(), config: stake_config(), pool, position: position_of(&pool, &delegator.pubkey()) },
        si::RequestUnstake { shares: 1 },
    );
    assert_eq!(error_code(env.send(&[steal], &[&stranger.key])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));

    env.request_unstake(&delegator, &operator.pubkey(), shares / 2).expect("request half");
    let position = env.position(&operator.pubkey(), &delegator.pubkey());
    assert_eq!(position.shares, shares - shares / 2);
    assert_eq!(position.unbonding.available_at, env.clock().unix_timestamp + COOLDOWN as i64);
    let pool_state = env.pool(&operator.pubkey());
    assert_eq!(pool_state.unbonding_tokens, 20 * SYNQ);
    assert_eq!(pool_state.total_tokens, 120 * SYNQ);

    assert_eq!(error_code(env.withdraw(&delegator, &operator.pubkey())), staking_code(E::CooldownNotElapsed));
    env.advance(COOLDOWN as i64 - 1, 10);
    assert_eq!(error_code(env.withdraw(&delegator, &operator.pubkey())), staking_code(E::CooldownNotElapsed));
    env.advance(1, 1);
    env.withdraw(&delegator, &operator.pubkey()).expect("withdraw after cooldown");
    assert_eq!(env.token_balance(&delegator.tokens), 20 * SYNQ);
    let pool_state = env.pool(&operator.pubkey());
    assert_eq!((pool_state.unbonding_tokens, pool_state.unbonding_shares), (0, 0));
    assert_eq!(env.token_balance(&pool_state.vault), pool_state.total_tokens);
    assert_eq!(error_code(env.withdraw(&delegator, &operator.pubkey())), staking_code(E::NothingUnbonding));
}

fn open_votes_block_unstake() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 10 * SYNQ);
    let position = position_of(&pool_of(&operator.pubkey()), &operator.pubkey());
    let governance = Keypair::new();
    // No governance configured: nobody can lock.
    assert_eq!(error_code(env.send(&[vote_ix(&governance.pubkey(), position, true)], &[&governance])), staking_code(E::UnauthorizedGovernance));
    let authority = env.authority.insecure_clone();
    let set = set_params_ix(&authority.pubkey(), staking::instructions::SetStakeParamsArgs { governance: Some(governance.pubkey()), ..Default::default() });
    env.send(&[set], &[&authority]).expect("governance key set");
    env.send(&[vote_ix(&governance.pubkey(), position, true)], &[&governance]).expect("lock");
    assert_eq!(env.position(&operator.pubkey(), &operator.pubkey()).active_votes, 1);
    assert_eq!(error_code(env.request_unstake(&operator, &operator.pubkey(), 1)), staking_code(E::OpenVotes));
    env.send(&[vote_ix(&governance.pubkey(), position, false)], &[&governance]).expect("unlock");
    assert_eq!(error_code(env.send(&[vote_ix(&governance.pubkey(), position, false)], &[&governance])), staking_code(E::NoOpenVote));
    env.request_unstake(&operator, &operator.pubkey(), 1_000).expect("unstake once unlocked");
}

fn slash_lowers_share_value_pro_rata() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 60 * SYNQ);
    let delegator = env.user(40 * SYNQ);
    env.stake_active(&delegator, &operator.pubkey(), 40 * SYNQ).expect("stake");
    // Half of the delegator's stake is unbonding: still slashable.
    let shares = env.position(&operator.pubkey(), &delegator.pubkey()).shares;
    env.request_unstake(&delegator, &operator.pubkey(), shares / 2).expect("unbond half");
    let supply = env.supply();

    let stranger = Keypair::new();
    let bad = env.slash_ix(&stranger.pubkey(), &operator.pubkey(), SYNQ);
    assert_eq!(error_code(env.send(&[bad], &[&stranger])), staking_code(E::UnauthorizedSlasher));

    let authority = env.authority.insecure_clone();
    let slash = env.slash_ix(&authority.pubkey(), &operator.pubkey(), 10 * SYNQ);
    env.send(&[slash], &[&authority]).expect("authority slashes 10%");
    let pool = env.pool(&operator.pubkey());
    assert_eq!(pool.total_slashed, 10 * SYNQ);
    assert_eq!(env.supply(), supply - 10 * SYNQ, "slashed tokens are burnt");
    assert_eq!(env.token_balance(&pool.vault), 90 * SYNQ);
    assert_eq!(pool.total_tokens + pool.unbonding_tokens, 90 * SYNQ);
    assert_eq!(pool.unbonding_tokens, 18 * SYNQ, "unbonding lost 10% too");
    let op_value = env.position_value(&operator.pubkey(), &operator.pubkey());
    assert!(op_value <= 54 * SYNQ && op_value >= 54 * SYNQ - 2, "{op_value}");
    env.advance(COOLDOWN as i64, 1);
    env.withdraw(&delegator, &operator.pubkey()).expect("withdraw the slashed unbonding");
    let got = env.token_balance(&delegator.tokens);
    assert!(got <= 18 * SYNQ && got >= 18 * SYNQ - 2, "{got}");
}

fn full_slash_then_new_stakes() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 100 * SYNQ);
    let authority = env.authority.insecure_clone();
    let slash = env.slash_ix(&authority.pubkey(), &operator.pubkey(), u64::MAX);
    env.send(&[slash], &[&authority]).expect("100% slash (capped at the pool)");
    let pool = env.pool(&operator.pubkey());
    assert_eq!((pool.total_tokens, pool.total_shares, pool.generation), (0, 0, 1));
    assert_eq!(env.token_balance(&pool.vault), 0);
    assert_eq!(env.position_value(&operator.pubkey(), &operator.pubkey()), 0);
    // Old shares are worthless and cannot claim anything.
    assert_eq!(error_code(env.request_unstake(&operator, &operator.pubkey(), 1)), staking_code(E::InsufficientShares));
    // Rewards into a pool without shares go to the operator.
    let sponsor = env.user(5 * SYNQ);
    let operator_tokens = operator.tokens;
    env.deposit_rewards(&sponsor, &operator.pubkey(), &operator_tokens, 5 * SYNQ).expect("rewards");
    assert_eq!(env.token_balance(&operator.tokens), 5 * SYNQ);
    // New stakers price from scratch.
    let fresh = env.user(30 * SYNQ);
    env.stake_active(&fresh, &operator.pubkey(), 30 * SYNQ).expect("stake after a 100% slash");
    let position = env.position(&operator.pubkey(), &fresh.pubkey());
    assert_eq!(position.shares, u128::from(30 * SYNQ) * 1_000);
    assert_eq!(env.position_value(&operator.pubkey(), &fresh.pubkey()), 30 * SYNQ);
    env.stake_active(&operator, &operator.pubkey(), 5 * SYNQ).expect("operator restakes");
    let op = env.position(&operator.pubkey(), &operator.pubkey());
    assert_eq!(op.generation, 1);
    assert_eq!(op.shares, position.shares / 6, "old-generation shares dropped");
    // A second total slash in a row, with nothing left, does not divide by zero.
    let slash = env.slash_ix(&authority.pubkey(), &operator.pubkey(), u64::MAX);
    env.send(&[slash], &[&authority]).expect("slash everything again");
    let slash = env.slash_ix(&authority.pubkey(), &operator.pubkey(), 1);
    env.send(&[slash], &[&authority]).expect("slash an empty pool");
    assert_eq!(env.pool(&operator.pubkey()).total_tokens, 0);
}

fn deposit_rewards_pays_commission() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 1_000, 90 * SYNQ);
    let delegator = env.user(10 * SYNQ);
    env.stake_active(&delegator, &operator.pubkey(), 10 * SYNQ).expect("stake");
    let sponsor = env.user(100 * SYNQ);
    let operator_tokens = operator.tokens;
    assert_eq!(error_code(env.deposit_rewards(&sponsor, &operator.pubkey(), &operator_tokens, 0)), staking_code(E::ZeroAmount));
    // Commission must go to the operator's own token account.
    let wrong = sponsor.tokens;
    assert_eq!(
        error_code(env.deposit_rewards(&sponsor, &operator.pubkey(), &wrong, SYNQ)),
        anchor_code(anchor_lang::error::ErrorCode::ConstraintTokenOwner)
    );
    env.deposit_rewards(&sponsor, &operator.pubkey(), &operator_tokens, 100 * SYNQ).expect("rewards");
    assert_eq!(env.token_balance(&operator.tokens), 10 * SYNQ, "10% commission");
    let pool = env.pool(&operator.pubkey());
    assert_eq!(pool.total_tokens, 190 * SYNQ);
    assert_eq!(pool.total_rewards, 100 * SYNQ);
    let value = env.position_value(&operator.pubkey(), &delegator.pubkey());
    assert!(value <= 19 * SYNQ && value >= 19 * SYNQ - 2, "{value}");
}

fn huge_amounts_overflow_cleanly() {
    let mut env = Env::new(None);
    let whale = operator_with_pool(&mut env, 0, 0);
    let big = u64::MAX - 10;
    env.mint_to(&whale.tokens, big);
    env.stake_active(&whale, &whale.pubkey(), big - 2).expect("stake nearly u64::MAX");
    assert_eq!(env.pool(&whale.pubkey()).total_shares, u128::from(big - 2) * 1_000);
    // Slash all but one token: a share is now worth almost nothing, so a huge stake would
    // mint more shares than u128 holds -> a clean error, not a panic or a wrap.
    let authority = env.authority.insecure_clone();
    let slash = env.slash_ix(&authority.pubkey(), &whale.pubkey(), big - 3);
    env.send(&[slash], &[&authority]).expect("slash");
    assert_eq!(env.pool(&whale.pubkey()).total_tokens, 1);
    let minnow = env.user(0);
    env.mint_to(&minnow.tokens, big - 3);
    assert_eq!(error_code(env.stake(&minnow, &whale.pubkey(), big - 3)), staking_code(E::Overflow));
    assert_eq!(env.token_balance(&minnow.tokens), big - 3, "nothing moved");
}

/// Issue 13, item 6: stake, a reward deposit (what payment_config's `claim` makes) and an
/// unstake in one transaction gain nothing: new stake earns only from the end of its warm-up.
fn stake_just_before_rewards_earns_none_of_them() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 100 * SYNQ);
    let attacker = env.user(1_000 * SYNQ);
    let sponsor = env.user(10 * SYNQ);
    let (op, pool) = (operator.pubkey(), pool_of(&operator.pubkey()));
    let staked_before = env.account::<staking::state::StakeConfig>(&stake_config()).total_staked;

    // The whole attack in one transaction: refused, since the new stake holds no share yet.
    let stake = env.stake_ix(&attacker.pubkey(), &attacker.tokens, &op, 1_000 * SYNQ);
    let deposit = env.deposit_rewards_ix(&sponsor, &op, &operator.tokens, 10 * SYNQ);
    let unstake = ix(
        staking::ID,
        sa::RequestUnstake { owner: attacker.pubkey(), config: stake_config(), pool, position: position_of(&pool, &attacker.pubkey()) },
        si::RequestUnstake { shares: 1 },
    );
    assert_eq!(
        error_code(env.send(&[stake.clone(), deposit.clone(), unstake], &[&attacker.key, &sponsor.key])),
        staking_code(E::InsufficientShares)
    );
    // Stake and deposit alone: the rewards all go to the stake that was there.
    env.send(&[stake, deposit], &[&attacker.key, &sponsor.key]).expect("stake, then rewards");
    let position = env.position(&op, &attacker.pubkey());
    assert_eq!((position.shares, position.warming.amount), (0, 1_000 * SYNQ));
    assert_eq!(position.warming.active_at, env.clock().unix_timestamp + WARMUP as i64);
    let pool_state = env.pool(&op);
    assert_eq!((pool_state.total_tokens, pool_state.warming_tokens), (110 * SYNQ, 1_000 * SYNQ));
    assert_eq!(env.token_balance(&pool_state.vault), 1_110 * SYNQ);
    // All of the rewards went to the operator (less a unit: redemption rounds down).
    let op_value = env.position_value(&op, &op);
    assert!(op_value <= 110 * SYNQ && op_value >= 110 * SYNQ - 1, "{op_value}");
    let config: staking::state::StakeConfig = env.account(&stake_config());
    // Rewards reach the total at the next sync; the warming stake never did.
    assert_eq!(config.total_staked, staked_before, "warming stake is no stake (quorum, minimum)");

    // Not before the warm-up; nothing to activate for a position without warming stake.
    let activate = env.activate_ix(&attacker.pubkey(), &op);
    assert_eq!(error_code(env.send(&[activate.clone()], &[])), staking_code(E::WarmupNotElapsed));
    assert_eq!(error_code(env.send(&[env.activate_ix(&op, &op)], &[])), staking_code(E::NothingWarming));
    // A slash while it warms up reaches only the stake at risk.
    let authority = env.authority.insecure_clone();
    let slash = env.slash_ix(&authority.pubkey(), &op, 11 * SYNQ);
    env.send(&[slash], &[&authority]).expect("slash 10%");
    assert_eq!(env.pool(&op).warming_tokens, 1_000 * SYNQ);
    assert_eq!(env.token_balance(&env.pool(&op).vault), 1_099 * SYNQ);

    // After the warm-up anyone may activate it: it buys shares at the price of that moment.
    env.advance(WARMUP as i64, 0);
    // Signed by the env's payer only, not the position's owner.
    env.send(&[activate], &[]).expect("permissionless activation");
    let value = env.position_value(&op, &attacker.pubkey());
    assert!(value <= 1_000 * SYNQ && value >= 1_000 * SYNQ - 2, "{value}");
    let op_value = env.position_value(&op, &op);
    assert!(op_value <= 99 * SYNQ && op_value >= 99 * SYNQ - 2, "{op_value}");
    let config: staking::state::StakeConfig = env.account(&stake_config());
    assert_eq!(config.total_staked, env.pool(&op).total_tokens, "activation counts it");
    assert_eq!(env.pool(&op).warming_tokens, 0);
    // From now on it shares rewards pro rata.
    let sponsor2 = env.user(11 * SYNQ);
    env.deposit_rewards(&sponsor2, &op, &operator.tokens, 11 * SYNQ).expect("rewards");
    let value = env.position_value(&op, &attacker.pubkey());
    assert!(value > 1_010 * SYNQ && value < 1_011 * SYNQ, "{value}");
    // A position substituted from another pool (one still warming): refused.
    let other = env.user(SYNQ);
    env.create_pool(&other.key, 0).expect("pool");
    env.stake(&other, &other.pubkey(), SYNQ).expect("warming");
    env.advance(WARMUP as i64, 0);
    let mut substituted = env.activate_ix(&attacker.pubkey(), &op);
    substituted.accounts[2].pubkey = position_of(&pool_of(&other.pubkey()), &other.pubkey());
    assert_eq!(error_code(env.send(&[substituted], &[])), anchor_code(anchor_lang::error::ErrorCode::ConstraintSeeds));
}

/// Staking again restarts the warm-up for the whole warming amount; stake whose warm-up is
/// over is activated by the next stake or unstake of its position first.
fn warmup_restarts_and_activates_on_touch() {
    let mut env = Env::new(None);
    let operator = operator_with_pool(&mut env, 0, 10 * SYNQ);
    let op = operator.pubkey();
    let delegator = env.user(30 * SYNQ);
    env.stake(&delegator, &op, 10 * SYNQ).expect("first stake");
    env.advance(WARMUP as i64 / 2, 0);
    env.stake(&delegator, &op, 10 * SYNQ).expect("second stake");
    let position = env.position(&op, &delegator.pubkey());
    assert_eq!(position.warming.amount, 20 * SYNQ);
    assert_eq!(position.warming.active_at, env.clock().unix_timestamp + WARMUP as i64, "restarted");
    env.advance(WARMUP as i64 / 2, 0);
    assert_eq!(error_code(env.send(&[env.activate_ix(&delegator.pubkey(), &op)], &[])), staking_code(E::WarmupNotElapsed));
    env.advance(WARMUP as i64 / 2, 0);
    // The third stake activates the 20 first, then warms up its own 10.
    env.stake(&delegator, &op, 10 * SYNQ).expect("third stake");
    let position = env.position(&op, &delegator.pubkey());
    assert_eq!(position.warming.amount, 10 * SYNQ);
    assert_eq!(env.position_value(&op, &delegator.pubkey()), 20 * SYNQ);
    // request_unstake activates what is due before it counts shares.
    env.advance(WARMUP as i64, 0);
    let shares = env.position(&op, &delegator.pubkey()).shares;
    env.request_unstake(&delegator, &op, shares + 10 * SYNQ as u128 * 1_000).expect("unstake all, the activated 10 included");
    let position = env.position(&op, &delegator.pubkey());
    assert_eq!((position.shares, position.warming.amount), (0, 0));
    assert_eq!(env.pool(&op).unbonding_tokens, 30 * SYNQ);
}

fn warmup_and_cooldown_bounds() {
    let mut env = Env::new(None);
    let authority = env.authority.insecure_clone();
    let set = |args: staking::instructions::SetStakeParamsArgs| set_params_ix(&authority.pubkey(), args);
    use staking::instructions::SetStakeParamsArgs as A;
    let cases = [
        (A { warmup_seconds: Some(0), ..Default::default() }, E::InvalidWarmup),
        (A { warmup_seconds: Some(3_599), ..Default::default() }, E::InvalidWarmup),
        (A { warmup_seconds: Some(30 * 86_400 + 1), ..Default::default() }, E::InvalidWarmup),
        (A { cooldown_seconds: Some(86_399), ..Default::default() }, E::InvalidCooldown),
        (A { cooldown_seconds: Some(365 * 86_400 + 1), ..Default::default() }, E::InvalidCooldown),
    ];
    for (args, err) in cases {
        assert_eq!(error_code(env.send(&[set(args)], &[&authority])), staking_code(err));
    }
    env.send(&[set(A { warmup_seconds: Some(2 * 86_400), cooldown_seconds: Some(86_400), ..Default::default() })], &[&authority])
        .expect("in bounds");
    let config: staking::state::StakeConfig = env.account(&stake_config());
    assert_eq!((config.warmup_seconds, config.cooldown_seconds), (2 * 86_400, 86_400));
}

fn main() {
    run(&[
        ("initialize_and_set_params", initialize_and_set_params),
        ("stranger_cannot_initialize", stranger_cannot_initialize),
        ("create_pool_checks_commission_and_uniqueness", create_pool_checks_commission_and_uniqueness),
        ("stake_mints_shares_pro_rata", stake_mints_shares_pro_rata),
        ("first_depositor_inflation_is_unprofitable", first_depositor_inflation_is_unprofitable),
        ("unstake_cooldown_and_withdraw", unstake_cooldown_and_withdraw),
        ("open_votes_block_unstake", open_votes_block_unstake),
        ("slash_lowers_share_value_pro_rata", slash_lowers_share_value_pro_rata),
        ("full_slash_then_new_stakes", full_slash_then_new_stakes),
        ("deposit_rewards_pays_commission", deposit_rewards_pays_commission),
        ("huge_amounts_overflow_cleanly", huge_amounts_overflow_cleanly),
        ("stake_just_before_rewards_earns_none_of_them", stake_just_before_rewards_earns_none_of_them),
        ("warmup_restarts_and_activates_on_touch", warmup_restarts_and_activates_on_touch),
        ("warmup_and_cooldown_bounds", warmup_and_cooldown_bounds),
    ]);
}
