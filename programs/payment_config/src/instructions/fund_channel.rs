use anchor_lang::prelude::*;
use registry::state::Node;

use crate::{
    constants::*,
    errors::PaymentError,
    events::ChannelFunded,
    state::{escrow_release, ChannelState, Config, CreditAccount},
};

#[derive(Accounts)]
pub struct FundChannel<'info> {
    /// The developer: owns the credit account and pays the channel's rent on first funding.
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, has_one = owner, seeds = [CREDIT_SEED, owner.key().as_ref()], bump = credit_account.bump)]
    pub credit_account: Box<Account<'info, CreditAccount>>,
    /// The registry node the channel pays (any registered node: whether it may earn is
    /// checked when it settles).
    #[account(seeds = [registry::constants::NODE_SEED, node.operator.as_ref()], bump = node.bump, seeds::program = registry::ID)]
    pub node: Box<Account<'info, Node>>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + ChannelState::INIT_SPACE,
        seeds = [CHANNEL_SEED, credit_account.key().as_ref(), node.key().as_ref()],
        bump,
    )]
    pub channel: Box<Account<'info, ChannelState>>,
    pub system_program: Program<'info, System>,
}

/// Locks `amount` credits of the balance (and the escrow they were paid with) for one node:
/// receipts for that node are paid from this deposit only. Funding cancels a pending close.
///
/// Checks: not paused; the owner signs for its own credit account (PDA, `has_one`); the node is
/// a registry Node PDA; amount > 0 and within the balance.
pub fn handler(ctx: Context<FundChannel>, amount: u64) -> Result<()> {
    require!(!ctx.accounts.config.paused, PaymentError::Paused);
    require!(amount > 0, PaymentError::ZeroAmount);
    let credit = &mut ctx.accounts.credit_account;
    let escrow = escrow_release(credit.escrow, amount, credit.balance).ok_or(PaymentError::InsufficientCredits)?;
    credit.balance = credit.balance.checked_sub(amount).ok_or(PaymentError::InsufficientCredits)?;
    credit.escrow = credit.escrow.checked_sub(escrow).ok_or(PaymentError::Overflow)?;

    let channel = &mut ctx.accounts.channel;
    if channel.credit_account == Pubkey::default() {
        channel.credit_account = credit.key();
        channel.node = ctx.accounts.node.key();
        channel.bump = ctx.bumps.channel;
    }
    channel.deposit = channel.deposit.checked_add(amount).ok_or(PaymentError::Overflow)?;
    channel.escrow = channel.escrow.checked_add(escrow).ok_or(PaymentError::Overflow)?;
    channel.close_requested_at = 0;
    emit!(ChannelFunded {
        channel: channel.key(),
        credit_account: channel.credit_account,
        node: channel.node,
        amount,
        escrow,
        deposit: channel.deposit,
    });
    Ok(())
}
