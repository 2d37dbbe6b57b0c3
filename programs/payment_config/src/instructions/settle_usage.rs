use anchor_lang::{prelude::*, solana_program::sysvar::instructions as instructions_sysvar};
use registry::state::{Node, RegistryConfig};
use staking::state::StakePool;

use crate::{
    constants::*,
    errors::PaymentError,
    events::UsageSettled,
    receipt::{previous_ed25519_signature, receipt_message},
    state::{escrow_release, usage_weight, ChannelState, Config, CreditAccount, Epoch, EpochState, NodeUsage},
};

#[derive(Accounts)]
pub struct SettleUsage<'info> {
    /// The node's operator submits its own receipts (and pays the NodeUsage rent of its first
    /// settlement in an epoch).
    #[account(mut)]
    pub operator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        seeds = [registry::constants::NODE_SEED, operator.key().as_ref()],
        bump = node.bump,
        seeds::program = registry::ID,
        constraint = node.operator == operator.key() @ PaymentError::NodeOperatorMismatch,
    )]
    pub node: Box<Account<'info, Node>>,
    /// The registry's config: its minimum stake.
    #[account(seeds = [registry::constants::CONFIG_SEED], bump = registry_config.bump, seeds::program = registry::ID)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// The node's staking pool (its active stake).
    #[account(address = node.pool @ PaymentError::PoolMismatch)]
    pub pool: Box<Account<'info, StakePool>>,
    #[account(mut, seeds = [CREDIT_SEED, credit_account.owner.as_ref()], bump = credit_account.bump)]
    pub credit_account: Box<Account<'info, CreditAccount>>,
    /// The channel the developer funded for this node (`fund_channel`).
    #[account(
        mut,
        seeds = [CHANNEL_SEED, credit_account.key().as_ref(), node.key().as_ref()],
        bump = channel.bump,
    )]
    pub channel: Box<Account<'info, ChannelState>>,
    #[account(mut, seeds = [EPOCH_SEED, &config.current_epoch.to_le_bytes()], bump = epoch.bump)]
    pub epoch: Box<Account<'info, Epoch>>,
    #[account(
        init_if_needed,
        payer = operator,
        space = 8 + NodeUsage::INIT_SPACE,
        seeds = [USAGE_SEED, epoch.key().as_ref(), node.key().as_ref()],
        bump,
    )]
    pub node_usage: Box<Account<'info, NodeUsage>>,
    /// CHECK: the instructions sysvar, by address.
    #[account(address = instructions_sysvar::ID)]
    pub instructions: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Settles the newest receipt of a channel: verifies the developer's signature (the Ed25519
/// instruction before this one), pays the credits above the last settled receipt from the
/// channel's deposit, books them as the node's usage (and reward weight) in the open epoch and
/// moves the escrow they were paid with into that epoch's pool (`escrow_release`).
///
/// Checks: not paused; called as a top-level instruction, not by CPI; the epoch is the open one; the signer operates the node (node PDA and
/// `node.operator`); the node may earn (`earning::require_earning`: Active, committed storage,
/// pool at least the minimum stake; registry config and pool by PDA / `node.pool`); the
/// receipt's Ed25519 signature is the credit account owner's over this node, channel and
/// amounts; the channel is this credit account's and node's (PDA); the nonce rises; the
/// cumulative amount does not fall; the channel's deposit covers the delta.
pub fn handler(ctx: Context<SettleUsage>, cumulative_credits: u64, nonce: u64) -> Result<()> {
    require!(!ctx.accounts.config.paused, PaymentError::Paused);
    // The receipt is read from the top-level instruction before this one: called by CPI, that
    // would be the instruction before the caller's, a signature this call never checked.
    require!(
        anchor_lang::solana_program::instruction::get_stack_height() == anchor_lang::solana_program::instruction::TRANSACTION_LEVEL_STACK_HEIGHT,
        PaymentError::NotTopLevel
    );
    crate::earning::require_earning(&ctx.accounts.node, &ctx.accounts.pool, &ctx.accounts.registry_config)?;
    require!(ctx.accounts.epoch.state == EpochState::Open, PaymentError::InvalidEpochState);

    let node_key = ctx.accounts.node.key();
    let credit_key = ctx.accounts.credit_account.key();
    let (signer, message) = previous_ed25519_signature(&ctx.accounts.instructions.to_account_info())?;
    require_keys_eq!(signer, ctx.accounts.credit_account.owner, PaymentError::ReceiptSignerMismatch);
    require!(
        message == receipt_message(&ctx.accounts.config.mint, &node_key, &credit_key, cumulative_credits, nonce),
        PaymentError::ReceiptMessageMismatch
    );

    let now = Clock::get()?.unix_timestamp;
    let channel = &mut ctx.accounts.channel;
    require!(nonce > channel.nonce, PaymentError::ReceiptReplayed);
    require!(cumulative_credits >= channel.settled_credits, PaymentError::CumulativeDecreased);
    let delta = cumulative_credits - channel.settled_credits;
    // Paid from this channel's deposit only: no other node's settlement can take it.
    let released = escrow_release(channel.escrow, delta, channel.deposit).ok_or(PaymentError::ChannelUnderfunded)?;
    channel.deposit = channel.deposit.checked_sub(delta).ok_or(PaymentError::ChannelUnderfunded)?;
    channel.escrow = channel.escrow.checked_sub(released).ok_or(PaymentError::Overflow)?;
    channel.settled_credits = cumulative_credits;
    channel.nonce = nonce;
    channel.last_settled_at = now;

    let credit_account = &mut ctx.accounts.credit_account;
    credit_account.consumed = credit_account.consumed.checked_add(delta).ok_or(PaymentError::Overflow)?;

    let epoch = &mut ctx.accounts.epoch;
    epoch.pool = epoch.pool.checked_add(released).ok_or(PaymentError::Overflow)?;
    let usage = &mut ctx.accounts.node_usage;
    if usage.node == Pubkey::default() {
        usage.epoch = epoch.key();
        usage.epoch_number = epoch.number;
        usage.node = node_key;
        usage.bump = ctx.bumps.node_usage;
        epoch.node_count = epoch.node_count.checked_add(1).ok_or(PaymentError::Overflow)?;
    }
    usage.credits = usage.credits.checked_add(delta).ok_or(PaymentError::Overflow)?;
    usage.receipts = usage.receipts.checked_add(1).ok_or(PaymentError::Overflow)?;
    usage.qos_bps = ctx.accounts.node.qos_bps;
    // The node's weight follows its credits and latest QoS; the epoch's total follows it.
    let weight = usage_weight(usage.credits, usage.qos_bps);
    epoch.total_weight = epoch
        .total_weight
        .checked_sub(usage.weight)
        .and_then(|rest| rest.checked_add(weight))
        .ok_or(PaymentError::Overflow)?;
    usage.weight = weight;
    epoch.usage_total = epoch.usage_total.checked_add(delta).ok_or(PaymentError::Overflow)?;

    emit!(UsageSettled {
        node: node_key,
        credit_account: credit_key,
        epoch: epoch.number,
        cumulative_credits,
        nonce,
        delta,
        deposit: channel.deposit,
        released,
        epoch_pool: epoch.pool,
    });
    Ok(())
}
