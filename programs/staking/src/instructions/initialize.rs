use anchor_lang::prelude::*;
use anchor_spl::token::Mint;

use crate::{constants::*, errors::StakingError, events::StakingInitialized, state::StakeConfig};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct InitializeArgs {
    pub cooldown_seconds: u64,
    pub warmup_seconds: u64,
    pub slasher: Pubkey,
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
        constraint = program_data.upgrade_authority_address == Some(authority.key()) @ StakingError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    pub mint: Account<'info, Mint>,
    #[account(
        init,
        payer = payer,
        space = 8 + StakeConfig::INIT_SPACE,
        seeds = [CONFIG_SEED],
        bump,
    )]
    pub config: Account<'info, StakeConfig>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    config.set_inner(StakeConfig {
        authority: ctx.accounts.authority.key(),
        mint: ctx.accounts.mint.key(),
        slasher: args.slasher,
        governance: Pubkey::default(),
        cooldown_seconds: args.cooldown_seconds,
        warmup_seconds: args.warmup_seconds,
        pool_count: 0,
        total_staked: 0,
        created_at: Clock::get()?.unix_timestamp,
        bump: ctx.bumps.config,
    });
    config.validate()?;
    emit!(StakingInitialized {
        config: config.key(),
        authority: config.authority,
        mint: config.mint,
        slasher: config.slasher,
        cooldown_seconds: config.cooldown_seconds,
        warmup_seconds: config.warmup_seconds,
    });
    Ok(())
}
