use anchor_lang::prelude::*;

use crate::{constants::*, state::Blob};

#[derive(Accounts)]
pub struct InitBlob<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(init, payer = owner, space = 8 + Blob::INIT_SPACE, seeds = [BLOB_SEED, owner.key().as_ref()], bump)]
    pub blob: Account<'info, Blob>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<InitBlob>) -> Result<()> {
    ctx.accounts.blob.set_inner(Blob { owner: ctx.accounts.owner.key(), size: 0, bump: ctx.bumps.blob });
    Ok(())
}
