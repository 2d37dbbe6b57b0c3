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

/// The part of `escrow` that `consumed` of `balance` credits paid for: pro rata, rounded down,
/// and all of it with the last credit, so an account's escrow reaches the pools exactly once.
/// `None` when more is consumed than the balance holds.
pub fn escrow_release(escrow: u64, consumed: u64, balance: u64) -> Option<u64> {
    if consumed > balance {
        return None;
    }
    if consumed == balance {
        return Some(escrow);
    }
    u64::try_from(u128::from(escrow).checked_mul(u128::from(consumed))? / u128::from(balance)).ok()
}

#[cfg(test)]
mod tests {
    use super::escrow_release;

    #[test]
    fn escrow_follows_consumption_and_ends_exactly() {
        assert_eq!(escrow_release(700, 0, 1_000), Some(0));
        assert_eq!(escrow_release(700, 500, 1_000), Some(350));
        assert_eq!(escrow_release(7, 1, 3), Some(2));
        assert_eq!(escrow_release(5, 2, 2), Some(5), "the last credits take what rounding left");
        assert_eq!(escrow_release(u64::MAX, u64::MAX - 1, u64::MAX), Some(u64::MAX - 1));
        assert_eq!(escrow_release(1, 2, 1), None);
        // Any split of a balance releases the whole escrow, never more.
        let (mut escrow, mut balance, mut total) = (1_000_003u64, 999u64, 0u64);
        for take in [1u64, 10, 100, 500, 388] {
            let released = escrow_release(escrow, take, balance).unwrap();
            escrow -= released;
            balance -= take;
            total += released;
        }
        assert_eq!((balance, escrow, total), (0, 0, 1_000_003));
    }
}
