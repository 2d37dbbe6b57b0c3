use anchor_lang::prelude::*;

/// Tokens on their way out: a claim on the pool's unbonding class, withdrawable at `available_at`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Default, InitSpace, PartialEq, Eq, Debug)]
pub struct Unbonding {
    /// Shares of the pool's unbonding class (slashable until withdrawn).
    pub shares: u128,
    pub available_at: i64,
}

/// New stake on its way in: held in the pool's vault, outside every share class (it earns no
/// rewards, counts for no minimum stake or vote, and no slash reaches it) until `active_at`,
/// when it buys active shares at that moment's price. Staking again restarts the wait.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Default, InitSpace, PartialEq, Eq, Debug)]
pub struct Warming {
    pub amount: u64,
    pub active_at: i64,
}

#[account]
#[derive(InitSpace)]
pub struct StakePosition {
    pub pool: Pubkey,
    pub owner: Pubkey,
    /// Shares of the pool's active class.
    pub shares: u128,
    pub unbonding: Unbonding,
    pub warming: Warming,
    /// Open governance votes; unstaking is refused while this is non-zero.
    pub active_votes: u32,
    /// The pool generation these shares belong to (see `StakePool::generation`).
    pub generation: u32,
    pub bump: u8,
}

impl StakePosition {
    /// Drops shares of a pool generation that a total slash has wiped out (warming stake was
    /// never in a share class and is kept).
    pub fn sync_generation(&mut self, pool_generation: u32) {
        if self.generation != pool_generation {
            self.shares = 0;
            self.unbonding = Unbonding::default();
            self.generation = pool_generation;
        }
    }
}
