use anchor_lang::prelude::*;

use crate::{errors::ProbeError, events::Echoed};

#[derive(Accounts)]
pub struct Echo<'info> {
    pub caller: Signer<'info>,
}

pub fn handler(ctx: Context<Echo>, value: u64, note: String) -> Result<()> {
    require!(note.len() <= 64, ProbeError::NoteTooLong);
    let clock = Clock::get()?;
    msg!("echo {} {}", value, note);
    emit!(Echoed {
        caller: ctx.accounts.caller.key(),
        value,
        note,
        slot: clock.slot,
        unix_timestamp: clock.unix_timestamp,
    });
    Ok(())
}
