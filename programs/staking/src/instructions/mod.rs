#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod activate_stake;
pub mod create_pool;
pub mod deposit_rewards;
pub mod initialize;
pub mod request_unstake;
pub mod set_params;
pub mod slash;
pub mod stake;
pub mod sync_stake;
pub mod vote_lock;
pub mod withdraw;

pub use activate_stake::*;
pub use create_pool::*;
pub use deposit_rewards::*;
pub use initialize::*;
pub use request_unstake::*;
pub use set_params::*;
pub use slash::*;
pub use stake::*;
pub use sync_stake::*;
pub use vote_lock::*;
pub use withdraw::*;
