use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, Token, TokenAccount};

use crate::{constants::*, state::Vault};

#[derive(Accounts)]
pub struct BurnFromVault<'info> {
    pub admin: Signer<'info>,
    #[account(has_one = admin, has_one = mint, seeds = [VAULT_SEED, mint.key().as_ref()], bump = vault.bump)]
    pub vault: Account<'info, Vault>,
    #[account(mut)]
    pub mint: Account<'info, Mint>,
    #[account(mut, address = vault.tokens)]
    pub vault_tokens: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<BurnFromVault>, amount: u64) -> Result<()> {
    let vault = &ctx.accounts.vault;
    let seeds: &[&[u8]] = &[VAULT_SEED, vault.mint.as_ref(), &[vault.bump]];
    token::burn(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            Burn {
                mint: ctx.accounts.mint.to_account_info(),
                from: ctx.accounts.vault_tokens.to_account_info(),
                authority: vault.to_account_info(),
            },
            &[seeds],
        ),
        amount,
    )
}
