use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use registry::state::{Node, RegistryConfig};
use staking::{program::Staking, state::StakePool};

use crate::{
    constants::*,
    errors::PaymentError,
    events::RewardClaimed,
    state::{reward_share, ClaimStatus, Config, Epoch, EpochState, NodeUsage},
};

/// Permissionless: the reward always goes to the node's staking pool (which pays the
/// operator's commission), so whoever pays the claim's rent cannot redirect it; its amount
/// follows from the epoch's and the node's settled usage alone, so nobody can vouch for more.
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
    /// The node's usage in this epoch (its reward weight).
    #[account(seeds = [USAGE_SEED, epoch.key().as_ref(), node.key().as_ref()], bump = node_usage.bump)]
    pub node_usage: Box<Account<'info, NodeUsage>>,
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

/// Pays the node `reward_share(epoch.pool, node_usage.weight, epoch.total_weight)`.
///
/// Checks: not paused; the node may still earn (`earning::require_earning`: Active, committed,
/// pool at least the minimum stake; registry config by PDA, pool by `node.pool`); the epoch has
/// ended and its claim window is open; the usage account is this epoch's and node's (PDA); the
/// share is not zero; once per node and epoch (the `ClaimStatus` PDA is created here); the
/// staking CPI checks the pool's vault and the operator's token account.
pub fn handler(ctx: Context<Claim>) -> Result<()> {
    let config = &ctx.accounts.config;
    require!(!config.paused, PaymentError::Paused);
    crate::earning::require_earning(&ctx.accounts.node, &ctx.accounts.pool, &ctx.accounts.registry_config)?;
    let now = Clock::get()?.unix_timestamp;
    let node_key = ctx.accounts.node.key();
    let weight = ctx.accounts.node_usage.weight;
    let epoch = &mut ctx.accounts.epoch;
    require!(epoch.state == EpochState::Ended, PaymentError::InvalidEpochState);
    require!(now < epoch.claim_expires_at, PaymentError::ClaimWindowClosed);
    let amount = reward_share(epoch.pool, weight, epoch.total_weight);
    require!(amount > 0, PaymentError::NothingToClaim);
    epoch.claimed = epoch.claimed.checked_add(amount).ok_or(PaymentError::Overflow)?;
    require!(epoch.claimed <= epoch.pool, PaymentError::Overflow);
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
    emit!(RewardClaimed {
        epoch: accounts.epoch.number,
        node: node_key,
        pool: accounts.pool.key(),
        amount,
        weight,
        total_weight: accounts.epoch.total_weight,
    });
    Ok(())
}
