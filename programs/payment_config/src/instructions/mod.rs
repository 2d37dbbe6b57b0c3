#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod advance_epoch;
pub mod buy_credits;
pub mod claim;
pub mod clawback;
pub mod close_channel;
pub mod fund_channel;
pub mod initialize;
pub mod pause;
pub mod set_params;
pub mod settle_usage;
pub mod spend_treasury;

pub use advance_epoch::*;
pub use buy_credits::*;
pub use claim::*;
pub use clawback::*;
pub use close_channel::*;
pub use fund_channel::*;
pub use initialize::*;
pub use pause::*;
pub use set_params::*;
pub use settle_usage::*;
pub use spend_treasury::*;
