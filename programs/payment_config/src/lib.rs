//! PaymentConfig: data credits, usage settlement through payment channels and epoch rewards.
use anchor_lang::prelude::*;

pub mod constants;
pub mod earning;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod receipt;
pub mod state;

use instructions::*;
use state::Tier;

declare_id!("EjGHzYN2DYaCUvA58o2oz7ehqXWHYs4EjaH34tswjZb7");

#[program]
pub mod payment_config {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }

    pub fn set_params(ctx: Context<SetParams>, args: SetPaymentParamsArgs) -> Result<()> {
        instructions::set_params::handler(ctx, args)
    }

    /// Circuit breaker (guardian or authority): every money-moving instruction fails while paused.
    pub fn pause(ctx: Context<SetPaused>) -> Result<()> {
        instructions::pause::pause_handler(ctx)
    }

    pub fn unpause(ctx: Context<SetPaused>) -> Result<()> {
        instructions::pause::unpause_handler(ctx)
    }

    pub fn buy_credits(ctx: Context<BuyCredits>, amount: u64, tier: Tier) -> Result<()> {
        instructions::buy_credits::handler(ctx, amount, tier)
    }

    /// Must directly follow the Ed25519 instruction carrying the developer's signed receipt.
    pub fn settle_usage(ctx: Context<SettleUsage>, cumulative_credits: u64, nonce: u64) -> Result<()> {
        instructions::settle_usage::handler(ctx, cumulative_credits, nonce)
    }

    pub fn advance_epoch(ctx: Context<AdvanceEpoch>) -> Result<()> {
        instructions::advance_epoch::handler(ctx)
    }

    pub fn post_distribution(ctx: Context<PostDistribution>, merkle_root: [u8; 32], total: u64) -> Result<()> {
        instructions::post_distribution::handler(ctx, merkle_root, total)
    }

    pub fn claim(ctx: Context<Claim>, amount: u64, proof: Vec<[u8; 32]>) -> Result<()> {
        instructions::claim::handler(ctx, amount, proof)
    }

    pub fn clawback(ctx: Context<Clawback>) -> Result<()> {
        instructions::clawback::handler(ctx)
    }
}
