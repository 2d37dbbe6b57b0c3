#![allow(ambiguous_glob_reexports)] // every instruction module exports its own `handler`

pub mod add;
pub mod burn_from_vault;
pub mod create_vault;
pub mod echo;
pub mod explode;
pub mod forward;
pub mod init_blob;
pub mod mint_with_pda;
pub mod recurse;
pub mod release;
pub mod resize_blob;
pub mod withdraw_lamports;

pub use add::*;
pub use burn_from_vault::*;
pub use create_vault::*;
pub use echo::*;
pub use explode::*;
pub use forward::*;
pub use init_blob::*;
pub use mint_with_pda::*;
pub use recurse::*;
pub use release::*;
pub use resize_blob::*;
pub use withdraw_lamports::*;
