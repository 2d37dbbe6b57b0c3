//! Staking: $SYNQ stake pools per node, delegation, unbonding, slashing and rewards.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ");

// Anchor 0.31's generated IDL-account handlers call `AccountInfo::realloc`.
#[allow(deprecated)]
#[program]
pub mod staking {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }
}
