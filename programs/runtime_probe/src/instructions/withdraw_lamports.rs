use anchor_lang::prelude::*;

use crate::{constants::*, errors::ProbeError, state::Blob};

/// Moves lamports out of a program-owned account by writing balances directly, as programs
/// may for accounts they own.
#[derive(Accounts)]
pub struct WithdrawLamports<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, has_one = owner, seeds = [BLOB_SEED, owner.key().as_ref()], bump = blob.bump)]
    pub blob: Account<'info, Blob>,
}

pub fn handler(ctx: Context<WithdrawLamports>, amount: u64) -> Result<()> {
    let blob = ctx.accounts.blob.to_account_info();
    let owner = ctx.accounts.owner.to_account_info();
    let remaining = blob.lamports().checked_sub(amount).ok_or(ProbeError::Overflow)?;
    let received = owner.lamports().checked_add(amount).ok_or(ProbeError::Overflow)?;
    **blob.try_borrow_mut_lamports()? = remaining;
    **owner.try_borrow_mut_lamports()? = received;
    Ok(())
}
