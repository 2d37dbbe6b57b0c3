use anchor_lang::{
    prelude::*,
    solana_program::{instruction::Instruction, program::invoke},
    InstructionData,
};

#[derive(Accounts)]
pub struct Recurse {}

/// Calls itself `depth` more times by CPI and returns the deepest stack height reached.
pub fn handler(_ctx: Context<Recurse>, depth: u8) -> Result<u8> {
    let height = anchor_lang::solana_program::instruction::get_stack_height() as u8;
    if depth == 0 {
        return Ok(height);
    }
    let instruction = Instruction {
        program_id: crate::ID,
        accounts: vec![],
        data: crate::instruction::Recurse { depth: depth - 1 }.data(),
    };
    invoke(&instruction, &[])?;
    let (_, returned) = anchor_lang::solana_program::program::get_return_data()
        .ok_or_else(|| error!(crate::errors::ProbeError::MissingReturnData))?;
    let deepest = returned.first().copied().unwrap_or(height);
    msg!("recurse depth {} at height {}, deepest {}", depth, height, deepest);
    Ok(deepest)
}
