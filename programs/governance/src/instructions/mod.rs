#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod initialize;

pub use initialize::*;
