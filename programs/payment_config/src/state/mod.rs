pub mod config;
pub mod credit_account;
pub mod epoch;

pub use config::*;
pub use credit_account::*;
pub use epoch::*;
