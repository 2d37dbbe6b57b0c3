#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod add_action;
pub mod cancel;
pub mod cast_vote;
pub mod create_proposal;
pub mod execute;
pub mod finalize;
pub mod initialize;
pub mod relinquish_vote;
pub mod set_params;
pub mod start_voting;

pub use add_action::*;
pub use cancel::*;
pub use cast_vote::*;
pub use create_proposal::*;
pub use execute::*;
pub use finalize::*;
pub use initialize::*;
pub use relinquish_vote::*;
pub use set_params::*;
pub use start_voting::*;
