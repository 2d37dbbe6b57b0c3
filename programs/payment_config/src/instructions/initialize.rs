use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::{
    constants::*,
    errors::PaymentError,
    events::PaymentConfigInitialized,
    state::{Config, Epoch, FeeSplit, PriceTable},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct InitializeArgs {
    pub fee_split: FeeSplit,
    pub credit_rate: u64,
    pub prices: PriceTable,
    pub epoch_length_seconds: u64,
    pub claim_window_seconds: u64,
    pub channel_close_seconds: u64,
    pub guardian: Pubkey,
}

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    pub authority: Signer<'info>,
    /// The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its
    /// upgrade authority may initialise, so nobody can take the config before the deployer.
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = anchor_lang::solana_program::bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(authority.key()) @ PaymentError::NotUpgradeAuthority,
    )]
    pub program_data: Box<Account<'info, ProgramData>>,
    pub mint: Box<Account<'info, Mint>>,
    #[account(init, payer = payer, space = 8 + Config::INIT_SPACE, seeds = [CONFIG_SEED], bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        init,
        payer = payer,
        seeds = [TREASURY_SEED, config.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = config,
    )]
    pub treasury: Box<Account<'info, TokenAccount>>,
    #[account(
        init,
        payer = payer,
        seeds = [REWARD_VAULT_SEED, config.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = config,
    )]
    pub reward_vault: Box<Account<'info, TokenAccount>>,
    /// Epoch 0, open from now.
    #[account(init, payer = payer, space = 8 + Epoch::INIT_SPACE, seeds = [EPOCH_SEED, &0u64.to_le_bytes()], bump)]
    pub epoch: Box<Account<'info, Epoch>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let config = &mut ctx.accounts.config;
    config.set_inner(Config {
        authority: ctx.accounts.authority.key(),
        mint: ctx.accounts.mint.key(),
        treasury: ctx.accounts.treasury.key(),
        reward_vault: ctx.accounts.reward_vault.key(),
        fee_split: args.fee_split,
        credit_rate: args.credit_rate,
        prices: args.prices,
        epoch_length_seconds: args.epoch_length_seconds,
        claim_window_seconds: args.claim_window_seconds,
        channel_close_seconds: args.channel_close_seconds,
        guardian: args.guardian,
        paused: false,
        current_epoch: 0,
        total_paid: 0,
        total_burned: 0,
        total_to_treasury: 0,
        total_to_rewards: 0,
        created_at: now,
        bump: ctx.bumps.config,
        treasury_bump: ctx.bumps.treasury,
        reward_vault_bump: ctx.bumps.reward_vault,
    });
    config.validate()?;
    ctx.accounts.epoch.set_inner(Epoch::open(0, now, ctx.bumps.epoch));
    emit!(PaymentConfigInitialized {
        config: config.key(),
        authority: config.authority,
        mint: config.mint,
        treasury: config.treasury,
        reward_vault: config.reward_vault,
        fee_split: config.fee_split,
        credit_rate: config.credit_rate,
        epoch_length_seconds: config.epoch_length_seconds,
        claim_window_seconds: config.claim_window_seconds,
    });
    Ok(())
}
