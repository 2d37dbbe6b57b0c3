use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use registry::{
    merkle,
    state::{Node, RegistryConfig},
};
use staking::{program::Staking, state::StakePool};

use crate::{
    constants::*,
    errors::PaymentError,
    events::RewardClaimed,
    state::{ClaimStatus, Config, Epoch, EpochState},
};

/// Permissionless: the reward always goes to the node's staking pool (which pays the
/// operator's commission), so whoever pays the claim's rent cannot redirect it.
#[derive(Accounts)]
pub struct Claim<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = reward_vault)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [EPOCH_SEED, &epoch.number.to_le_bytes()], bump = epoch.bump)]
    pub epoch: Box<Account<'info, Epoch>>,
    #[account(
        seeds = [registry::constants::NODE_SEED, node.operator.as_ref()],
        bump = node.bump,
        seeds::program = registry::ID,
    )]
    pub node: Box<Account<'info, Node>>,
    /// The registry's config: its minimum stake.
    #[account(seeds = [registry::constants::CONFIG_SEED], bump = registry_config.bump, seeds::program = registry::ID)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    #[account(
        init,
        payer = payer,
        space = 8 + ClaimStatus::INIT_SPACE,
        seeds = [CLAIM_SEED, epoch.key().as_ref(), node.key().as_ref()],
        bump,
    )]
    pub claim_status: Box<Account<'info, ClaimStatus>>,
    #[account(mut)]
    pub reward_vault: Box<Account<'info, TokenAccount>>,
    /// CHECK: staking's config, checked by the staking program.
    pub stake_config: UncheckedAccount<'info>,
    #[account(mut, address = node.pool @ PaymentError::PoolMismatch)]
    pub pool: Box<Account<'info, StakePool>>,
    /// CHECK: the pool's vault, checked by the staking program (`has_one = vault`).
    #[account(mut)]
    pub pool_vault: UncheckedAccount<'info>,
    /// CHECK: the operator's token account for the commission, checked by the staking program.
    #[account(mut)]
    pub operator_tokens: UncheckedAccount<'info>,
    pub staking_program: Program<'info, Staking>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// The leaf of a node's reward: data = epoch (u64 LE) || node || amount (u64 LE).
pub fn reward_leaf(epoch: u64, node: &Pubkey, amount: u64) -> [u8; 32] {
    merkle::leaf_hash(&[&epoch.to_le_bytes(), node.as_ref(), &amount.to_le_bytes()])
}

pub fn handler(ctx: Context<Claim>, amount: u64, proof: Vec<[u8; 32]>) -> Result<()> {
    let config = &ctx.accounts.config;
    require!(!config.paused, PaymentError::Paused);
    require!(amount > 0, PaymentError::ZeroAmount);
    crate::earning::require_earning(&ctx.accounts.node, &ctx.accounts.pool, &ctx.accounts.registry_config)?;
    require!(proof.len() <= MAX_PROOF_LEN as usize, PaymentError::ProofTooLong);
    let now = Clock::get()?.unix_timestamp;
    let node_key = ctx.accounts.node.key();
    let epoch = &mut ctx.accounts.epoch;
    require!(epoch.state == EpochState::Distributed, PaymentError::InvalidEpochState);
    require!(now < epoch.claim_expires_at, PaymentError::ClaimWindowClosed);
    let leaf = reward_leaf(epoch.number, &node_key, amount);
    require!(merkle::root_from_proof(leaf, &proof) == epoch.merkle_root, PaymentError::InvalidProof);
    epoch.claimed = epoch.claimed.checked_add(amount).ok_or(PaymentError::Overflow)?;
    require!(epoch.claimed <= epoch.distribution_total, PaymentError::ClaimExceedsDistribution);
    epoch.claim_count = epoch.claim_count.checked_add(1).ok_or(PaymentError::Overflow)?;

    ctx.accounts.claim_status.set_inner(ClaimStatus {
        epoch: epoch.key(),
        node: node_key,
        amount,
        claimed_at: now,
        bump: ctx.bumps.claim_status,
    });

    let accounts = &ctx.accounts;
    let seeds: &[&[u8]] = &[CONFIG_SEED, &[accounts.config.bump]];
    staking::cpi::deposit_rewards(
        CpiContext::new_with_signer(
            accounts.staking_program.to_account_info(),
            staking::cpi::accounts::DepositRewards {
                depositor: accounts.config.to_account_info(),
                config: accounts.stake_config.to_account_info(),
                pool: accounts.pool.to_account_info(),
                vault: accounts.pool_vault.to_account_info(),
                source: accounts.reward_vault.to_account_info(),
                operator_tokens: accounts.operator_tokens.to_account_info(),
                token_program: accounts.token_program.to_account_info(),
            },
            &[seeds],
        ),
        amount,
    )?;
    emit!(RewardClaimed { epoch: accounts.epoch.number, node: node_key, pool: accounts.pool.key(), amount });
    Ok(())
}
