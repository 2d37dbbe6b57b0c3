use anchor_lang::prelude::*;

use super::Tier;

/// A developer's data credits. Credits live only here: no instruction moves them to another
/// owner, so they cannot be transferred or sold.
#[account]
#[derive(InitSpace)]
pub struct CreditAccount {
    pub owner: Pubkey,
    pub tier: Tier,
    pub balance: u64,
    /// Lifetime credits bought and consumed (settled to nodes).
    pub purchased: u64,
    pub consumed: u64,
    /// The operators' share of the $SYNQ paid for the credits still in `balance`, held in the
    /// reward vault until those credits are consumed: `settle_usage` moves the consumed part
    /// into the open epoch's pool, so rewards follow consumption, not purchases.
    pub escrow: u64,
    pub created_at: i64,
    pub bump: u8,
}

/// The payment channel between one credit account and one node: the credits the developer
/// locked for this node (`deposit`, with the matching `escrow`) and the newest receipt settled.
/// Receipts are paid from the deposit only, so credits promised to one node cannot be taken by
/// another's settlement; an unused deposit returns to the balance only after a close request
/// and the settlement window (`Config::channel_close_seconds`). The account is never closed:
/// its nonce and cumulative amount keep old receipts from being settled twice.
#[account]
#[derive(InitSpace)]
pub struct ChannelState {
    pub credit_account: Pubkey,
    /// The registry `Node` account the receipts name.
    pub node: Pubkey,
    /// Credits locked for this node and not yet settled.
    pub deposit: u64,
    /// The operators' share paid for `deposit` (moved from the credit account's escrow).
    pub escrow: u64,
    /// Cumulative credits of the last settled receipt.
    pub settled_credits: u64,
    /// Nonce of the last settled receipt; a receipt must carry a higher one.
    pub nonce: u64,
    pub last_settled_at: i64,
    /// When the developer asked for the unused deposit back (0: not asked). It can be
    /// withdrawn from `close_requested_at + channel_close_seconds` on; the node settles before.
    pub close_requested_at: i64,
    pub bump: u8,
}
