use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::{
    constants::*,
    errors::PaymentError,
    events::PaymentConfigInitialized,
    state::{Config, FeeSplit},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct InitializeArgs {
    pub fee_split: FeeSplit,
    pub credit_rate: u64,
    pub epoch_length_seconds: u64,
    pub settlement_authority: Pubkey,
    pub guardian: Pubkey,
}

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    pub authority: Signer<'info>,
    pub mint: Account<'info, Mint>,
    #[account(
        init,
        payer = payer,
        space = 8 + Config::INIT_SPACE,
        seeds = [CONFIG_SEED],
        bump,
    )]
    pub config: Account<'info, Config>,
    #[account(
        init,
        payer = payer,
        seeds = [TREASURY_SEED, config.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = config,
    )]
    pub treasury: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    require!(args.fee_split.is_valid(), PaymentError::InvalidFeeSplit);
    require!(args.credit_rate > 0, PaymentError::InvalidCreditRate);
    require!(args.epoch_length_seconds > 0, PaymentError::InvalidEpochLength);
    let config = &mut ctx.accounts.config;
    config.set_inner(Config {
        authority: ctx.accounts.authority.key(),
        mint: ctx.accounts.mint.key(),
        treasury: ctx.accounts.treasury.key(),
        fee_split: args.fee_split,
        credit_rate: args.credit_rate,
        epoch_length_seconds: args.epoch_length_seconds,
        settlement_authority: args.settlement_authority,
        guardian: args.guardian,
        paused: false,
        created_at: Clock::get()?.unix_timestamp,
        bump: ctx.bumps.config,
        treasury_bump: ctx.bumps.treasury,
    });
    emit!(PaymentConfigInitialized {
        config: config.key(),
        authority: config.authority,
        mint: config.mint,
        treasury: config.treasury,
        fee_split: config.fee_split,
        credit_rate: config.credit_rate,
        epoch_length_seconds: config.epoch_length_seconds,
    });
    Ok(())
}
