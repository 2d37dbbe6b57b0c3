//! Governance: stake-weighted proposals executed by CPI from the governance authority PDA.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("E7Cd8kPzTvhzMWpWu9PFG3X9Nbn3SdpzSFaCeKr32yMx");

#[program]
pub mod governance {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }
}
