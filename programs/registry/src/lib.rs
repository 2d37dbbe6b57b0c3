//! Registry: Synq storage nodes, their metrics, storage commitments and challenges.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("43j8JqMHXGjtxDfhQw1ZKNy8CCKdBiFqjWEsVHnwo4BY");

// Anchor 0.31's generated IDL-account handlers call `AccountInfo::realloc`.
#[allow(deprecated)]
#[program]
pub mod registry {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }
}
