pub mod config;
pub mod proposal;

pub use config::*;
pub use proposal::*;

use anchor_lang::prelude::*;
use staking::state::{StakePool, StakePosition};

/// A position's voting power: the value of its active shares (unbonding stake does not vote).
/// Shares of a pool generation wiped out by a total slash are worth nothing.
pub fn voting_power(pool: &StakePool, position: &StakePosition) -> Result<u64> {
    if position.generation != pool.generation {
        return Ok(0);
    }
    pool.active_value(position.shares)
}
