//! PaymentConfig: data credits, usage settlement through payment channels and epoch rewards.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("EjGHzYN2DYaCUvA58o2oz7ehqXWHYs4EjaH34tswjZb7");

#[program]
pub mod payment_config {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }
}
