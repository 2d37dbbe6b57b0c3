use anchor_lang::prelude::*;

use crate::errors::ProbeError;

#[derive(Accounts)]
pub struct Add {}

/// A view: the sum comes back as return data.
pub fn handler(_ctx: Context<Add>, a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| error!(ProbeError::Overflow))
}
