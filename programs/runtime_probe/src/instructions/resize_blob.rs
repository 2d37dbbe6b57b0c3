use anchor_lang::prelude::*;

use crate::{constants::*, errors::ProbeError, state::Blob};

#[derive(Accounts)]
#[instruction(size: u32)]
pub struct ResizeBlob<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        mut,
        has_one = owner,
        seeds = [BLOB_SEED, owner.key().as_ref()],
        bump = blob.bump,
        realloc = 8 + Blob::INIT_SPACE + size as usize,
        realloc::payer = owner,
        realloc::zero = true,
    )]
    pub blob: Account<'info, Blob>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<ResizeBlob>, size: u32) -> Result<()> {
    require!(size <= MAX_BLOB_SIZE, ProbeError::BlobTooLarge);
    ctx.accounts.blob.size = size;
    Ok(())
}
