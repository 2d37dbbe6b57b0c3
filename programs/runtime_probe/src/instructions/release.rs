use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::{constants::*, events::Released, state::Vault};

#[derive(Accounts)]
pub struct Release<'info> {
    pub admin: Signer<'info>,
    #[account(has_one = admin, seeds = [VAULT_SEED, vault.mint.as_ref()], bump = vault.bump)]
    pub vault: Account<'info, Vault>,
    #[account(mut, address = vault.tokens)]
    pub vault_tokens: Account<'info, TokenAccount>,
    #[account(mut, token::mint = vault.mint)]
    pub destination: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<Release>, amount: u64) -> Result<()> {
    let vault = &ctx.accounts.vault;
    let seeds: &[&[u8]] = &[VAULT_SEED, vault.mint.as_ref(), &[vault.bump]];
    token::transfer(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.vault_tokens.to_account_info(),
                to: ctx.accounts.destination.to_account_info(),
                authority: vault.to_account_info(),
            },
            &[seeds],
        ),
        amount,
    )?;
    // The CPI's effect must be visible to the caller once it returns.
    ctx.accounts.vault_tokens.reload()?;
    msg!("vault balance after release: {}", ctx.accounts.vault_tokens.amount);
    emit!(Released { vault: vault.key(), destination: ctx.accounts.destination.key(), amount });
    Ok(())
}
