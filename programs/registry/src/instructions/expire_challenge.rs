use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use staking::{
    program::Staking,
    state::{StakeConfig, StakePool},
};

use crate::{
    constants::*,
    errors::RegistryError,
    events::{ChallengeExpired, NodeStatusChanged},
    state::{bps_of, Challenge, Node, NodeStatus, RegistryConfig},
};

#[derive(Accounts)]
pub struct ExpireChallenge<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, has_one = pool, seeds = [NODE_SEED, node.operator.as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
    #[account(
        mut,
        has_one = node,
        has_one = challenger,
        close = challenger,
        seeds = [CHALLENGE_SEED, node.key().as_ref(), &challenge.sequence.to_le_bytes()],
        bump = challenge.bump,
    )]
    pub challenge: Box<Account<'info, Challenge>>,
    /// CHECK: receives the challenge's rent; must be the challenger (`has_one`).
    #[account(mut)]
    pub challenger: UncheckedAccount<'info>,
    /// CHECK: the registry's slasher PDA; signs the slash CPI.
    #[account(seeds = [SLASHER_SEED], bump = config.slasher_bump)]
    pub slasher: UncheckedAccount<'info>,
    /// Staking validates these in its own `slash` (seeds, has_one, slasher key).
    pub staking_config: Box<Account<'info, StakeConfig>>,
    #[account(mut)]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(mut)]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub mint: Box<Account<'info, Mint>>,
    pub token_program: Program<'info, Token>,
    pub staking_program: Program<'info, Staking>,
}

/// Permissionless once the response window has closed: the miss is recorded, QoS drops and
/// `slash_bps` of the node's pool is burnt through staking's `slash`, at most
/// `max_slashes_per_epoch` times a report epoch; `jail_after_misses` misses in a row jail the
/// node, which stops further challenges (and earnings) until the authority releases it.
///
/// Checks: the challenge is the node's (has_one, PDA) and its rent goes back to its
/// challenger; the window has closed; the pool is the node's (has_one); staking checks the
/// slasher PDA, its config, vault and mint in its own `slash`.
pub fn handler(ctx: Context<ExpireChallenge>) -> Result<()> {
    let clock = Clock::get()?;
    require!(clock.slot > ctx.accounts.challenge.deadline_slot, RegistryError::ChallengeNotExpired);
    let qos = ctx.accounts.config.qos;
    let epoch = ctx.accounts.config.report_epoch(clock.unix_timestamp).ok_or(RegistryError::Overflow)?;

    let node = &mut ctx.accounts.node;
    node.metrics.proofs_failed = node.metrics.proofs_failed.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.open_challenges = node.open_challenges.checked_sub(1).ok_or(RegistryError::Overflow)?;
    let keep = BPS_DENOMINATOR.checked_sub(qos.miss_penalty_bps).ok_or(RegistryError::Overflow)?;
    node.qos_bps = u16::try_from(bps_of(u64::from(node.qos_bps), keep).ok_or(RegistryError::Overflow)?)
        .map_err(|_| RegistryError::Overflow)?;
    if node.slash_epoch != epoch {
        node.slash_epoch = epoch;
        node.slashes_in_epoch = 0;
    }
    let slash = node.slashes_in_epoch < qos.max_slashes_per_epoch;
    if slash {
        node.slashes_in_epoch = node.slashes_in_epoch.checked_add(1).ok_or(RegistryError::Overflow)?;
    }
    node.consecutive_misses = node.consecutive_misses.saturating_add(1);
    let jailed = node.consecutive_misses >= qos.jail_after_misses
        && matches!(node.status, NodeStatus::Active | NodeStatus::Paused);
    if jailed {
        let from = node.status;
        node.status = NodeStatus::Jailed;
        node.status_changed_slot = clock.slot;
        emit!(NodeStatusChanged { node: node.key(), by: crate::ID, from, to: NodeStatus::Jailed, slot: clock.slot });
    }
    let amount = if slash { bps_of(ctx.accounts.pool.slashable_tokens()?, qos.slash_bps).ok_or(RegistryError::Overflow)? } else { 0 };

    if amount > 0 {
        let seeds: &[&[u8]] = &[SLASHER_SEED, &[ctx.accounts.config.slasher_bump]];
        staking::cpi::slash(
            CpiContext::new_with_signer(
                ctx.accounts.staking_program.to_account_info(),
                staking::cpi::accounts::Slash {
                    slasher: ctx.accounts.slasher.to_account_info(),
                    config: ctx.accounts.staking_config.to_account_info(),
                    pool: ctx.accounts.pool.to_account_info(),
                    vault: ctx.accounts.vault.to_account_info(),
                    mint: ctx.accounts.mint.to_account_info(),
                    token_program: ctx.accounts.token_program.to_account_info(),
                },
                &[seeds],
            ),
            amount,
        )?;
    }
    let node = &ctx.accounts.node;
    emit!(ChallengeExpired {
        node: node.key(),
        challenge: ctx.accounts.challenge.key(),
        sequence: ctx.accounts.challenge.sequence,
        qos_bps: node.qos_bps,
        slashed: amount,
        proofs_failed: node.metrics.proofs_failed,
        jailed,
        slot: clock.slot,
    });
    Ok(())
}
