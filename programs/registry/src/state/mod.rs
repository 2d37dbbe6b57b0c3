pub mod config;
pub mod node;

pub use config::*;
pub use node::*;
