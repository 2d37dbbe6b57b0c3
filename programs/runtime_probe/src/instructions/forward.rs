use anchor_lang::{
    prelude::*,
    solana_program::{
        instruction::{AccountMeta, Instruction},
        program::invoke,
    },
};

#[derive(Accounts)]
pub struct Forward {}

/// Calls the program in the first remaining account by CPI with `data` and the other remaining
/// accounts (signer and writable as they came in): how any wrapper program would call another
/// program's instruction, for tests of instructions that must not be called that way.
pub fn handler<'info>(ctx: Context<'_, '_, 'info, 'info, Forward>, data: Vec<u8>) -> Result<()> {
    let (program, accounts) = ctx.remaining_accounts.split_first().ok_or(ProgramError::NotEnoughAccountKeys)?;
    let metas = accounts
        .iter()
        .map(|info| AccountMeta { pubkey: *info.key, is_signer: info.is_signer, is_writable: info.is_writable })
        .collect();
    invoke(&Instruction { program_id: *program.key, accounts: metas, data }, ctx.remaining_accounts)?;
    Ok(())
}
