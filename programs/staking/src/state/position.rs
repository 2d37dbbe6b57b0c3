use anchor_lang::prelude::*;

/// Tokens on their way out: a claim on the pool's unbonding class, withdrawable at `available_at`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Default, InitSpace, PartialEq, Eq, Debug)]
pub struct Unbonding {
    /// Shares of the pool's unbonding class (slashable until withdrawn).
    pub shares: u128,
    pub available_at: i64,
}

#[account]
#[derive(InitSpace)]
pub struct StakePosition {
    pub pool: Pubkey,
    pub owner: Pubkey,
    /// Shares of the pool's active class.
    pub shares: u128,
    pub unbonding: Unbonding,
    /// Open governance votes; unstaking is refused while this is non-zero.
    pub active_votes: u32,
    /// The pool generation these shares belong to (see `StakePool::generation`).
    pub generation: u32,
    pub bump: u8,
}

impl StakePosition {
    /// Drops shares of a pool generation that a total slash has wiped out.
    pub fn sync_generation(&mut self, pool_generation: u32) {
        if self.generation != pool_generation {
            self.shares = 0;
            self.unbonding = Unbonding::default();
            self.generation = pool_generation;
        }
    }
}
