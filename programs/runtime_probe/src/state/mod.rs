use anchor_lang::prelude::*;

/// A token vault whose tokens only move by a CPI signed with this account's seeds.
#[account]
#[derive(InitSpace)]
pub struct Vault {
    pub admin: Pubkey,
    pub mint: Pubkey,
    pub tokens: Pubkey,
    pub bump: u8,
}

/// A program-owned account whose size and lamports the probe changes.
#[account]
#[derive(InitSpace)]
pub struct Blob {
    pub owner: Pubkey,
    pub size: u32,
    pub bump: u8,
}
