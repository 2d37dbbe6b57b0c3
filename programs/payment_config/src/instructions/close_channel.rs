use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::PaymentError,
    events::{ChannelCloseRequested, ChannelWithdrawn},
    state::{ChannelState, Config, CreditAccount},
};

#[derive(Accounts)]
pub struct CloseChannel<'info> {
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, has_one = owner, seeds = [CREDIT_SEED, owner.key().as_ref()], bump = credit_account.bump)]
    pub credit_account: Box<Account<'info, CreditAccount>>,
    #[account(
        mut,
        has_one = credit_account,
        seeds = [CHANNEL_SEED, credit_account.key().as_ref(), channel.node.as_ref()],
        bump = channel.bump,
    )]
    pub channel: Box<Account<'info, ChannelState>>,
}

/// The developer asks for the channel's unused deposit back; the node keeps settling what it
/// served until the settlement window (`channel_close_seconds`) has passed.
///
/// Checks: the owner signs for its credit account and this channel of it (PDAs, `has_one`);
/// the channel holds a deposit.
pub fn request_handler(ctx: Context<CloseChannel>) -> Result<()> {
    let window = i64::try_from(ctx.accounts.config.channel_close_seconds).map_err(|_| PaymentError::Overflow)?;
    let channel = &mut ctx.accounts.channel;
    require!(channel.deposit > 0, PaymentError::EmptyChannel);
    let now = Clock::get()?.unix_timestamp;
    channel.close_requested_at = now;
    emit!(ChannelCloseRequested {
        channel: channel.key(),
        deposit: channel.deposit,
        withdrawable_at: now.checked_add(window).ok_or(PaymentError::Overflow)?,
    });
    Ok(())
}

/// After the settlement window, the unused deposit and its escrow return to the credit account.
/// The channel stays (its nonce keeps old receipts from settling again) and can be funded anew.
///
/// Checks: as `request_channel_close`; not paused; a close was requested at least
/// `channel_close_seconds` ago (measured with the window of now, so governance shortening it
/// cannot cut a node's settlement short by more than the change).
pub fn withdraw_handler(ctx: Context<CloseChannel>) -> Result<()> {
    require!(!ctx.accounts.config.paused, PaymentError::Paused);
    let window = i64::try_from(ctx.accounts.config.channel_close_seconds).map_err(|_| PaymentError::Overflow)?;
    let channel = &mut ctx.accounts.channel;
    require!(channel.close_requested_at > 0, PaymentError::NoCloseRequested);
    let opens_at = channel.close_requested_at.checked_add(window).ok_or(PaymentError::Overflow)?;
    require!(Clock::get()?.unix_timestamp >= opens_at, PaymentError::SettlementWindowOpen);
    let (credits, escrow) = (channel.deposit, channel.escrow);
    channel.deposit = 0;
    channel.escrow = 0;
    channel.close_requested_at = 0;
    let credit = &mut ctx.accounts.credit_account;
    credit.balance = credit.balance.checked_add(credits).ok_or(PaymentError::Overflow)?;
    credit.escrow = credit.escrow.checked_add(escrow).ok_or(PaymentError::Overflow)?;
    emit!(ChannelWithdrawn { channel: channel.key(), credits, escrow });
    Ok(())
}
