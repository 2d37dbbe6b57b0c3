use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct Explode {}

/// Panics, as a buggy program would; the runtime must fail the transaction and carry on.
pub fn handler(_ctx: Context<Explode>) -> Result<()> {
    let empty: Vec<u8> = Vec::new();
    let index = empty.len() + 1;
    msg!("about to index {} of an empty vector", index);
    let _ = empty[index];
    Ok(())
}
