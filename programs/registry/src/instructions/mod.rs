#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod commit_storage;
pub mod deregister;
pub mod expire_challenge;
pub mod initialize;
pub mod issue_challenge;
pub mod register_node;
pub mod respond_challenge;
pub mod set_params;
pub mod set_status;
pub mod submit_report;
pub mod update_node;

pub use commit_storage::*;
pub use deregister::*;
pub use expire_challenge::*;
pub use initialize::*;
pub use issue_challenge::*;
pub use register_node::*;
pub use respond_challenge::*;
pub use set_params::*;
pub use set_status::*;
pub use submit_report::*;
pub use update_node::*;
