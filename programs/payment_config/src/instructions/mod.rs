#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod advance_epoch;
pub mod buy_credits;
pub mod claim;
pub mod clawback;
pub mod initialize;
pub mod pause;
pub mod post_distribution;
pub mod set_params;
pub mod settle_usage;

pub use advance_epoch::*;
pub use buy_credits::*;
pub use claim::*;
pub use clawback::*;
pub use initialize::*;
pub use pause::*;
pub use post_distribution::*;
pub use set_params::*;
pub use settle_usage::*;
