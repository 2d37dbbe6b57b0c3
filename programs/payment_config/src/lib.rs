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

    /// The developer locks credits for one node; receipts for it are paid from that deposit.
    pub fn fund_channel(ctx: Context<FundChannel>, amount: u64) -> Result<()> {
        instructions::fund_channel::handler(ctx, amount)
    }

    /// The developer asks for a channel's unused deposit back (after the settlement window).
    pub fn request_channel_close(ctx: Context<CloseChannel>) -> Result<()> {
        instructions::close_channel::request_handler(ctx)
    }

    pub fn withdraw_channel(ctx: Context<CloseChannel>) -> Result<()> {
        instructions::close_channel::withdraw_handler(ctx)
    }

    /// Must directly follow the Ed25519 instruction carrying the developer's signed receipt.
    pub fn settle_usage(ctx: Context<SettleUsage>, cumulative_credits: u64, nonce: u64) -> Result<()> {
        instructions::settle_usage::handler(ctx, cumulative_credits, nonce)
    }

    pub fn advance_epoch(ctx: Context<AdvanceEpoch>) -> Result<()> {
        instructions::advance_epoch::handler(ctx)
    }

    /// Permissionless once the epoch ended: pays a node its share of the epoch's pool, computed
    /// on chain from the node's and the epoch's settled usage weight.
    pub fn claim(ctx: Context<Claim>) -> Result<()> {
        instructions::claim::handler(ctx)
    }

    pub fn clawback(ctx: Context<Clawback>) -> Result<()> {
        instructions::clawback::handler(ctx)
    }

    /// The config authority (governance after the handover) pays out of the treasury.
    pub fn spend_treasury(ctx: Context<SpendTreasury>, amount: u64) -> Result<()> {
        instructions::spend_treasury::handler(ctx, amount)
    }
}
