pub mod config;
pub mod pool;
pub mod position;

pub use config::*;
pub use pool::*;
pub use position::*;
