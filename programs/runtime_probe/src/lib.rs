//! Runtime probe: a conformance fixture for the native runtime bridge and localnet.
//!
//! Not part of the protocol. Each instruction exercises one thing the SBF loader and runtime do
//! for a program (PDA-signed token CPI, events, return data, realloc, lamport moves, CPI depth,
//! errors, panics) so the bridge's fidelity is tested through the same paths real programs use.
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("FYGNEocfqeuzN9JZJKFiBe8o2Zz7fyzWpkZCjMWuMTks");

#[program]
pub mod runtime_probe {
    use super::*;

    pub fn create_vault(ctx: Context<CreateVault>) -> Result<()> {
        instructions::create_vault::handler(ctx)
    }

    pub fn release(ctx: Context<Release>, amount: u64) -> Result<()> {
        instructions::release::handler(ctx, amount)
    }

    pub fn burn_from_vault(ctx: Context<BurnFromVault>, amount: u64) -> Result<()> {
        instructions::burn_from_vault::handler(ctx, amount)
    }

    pub fn mint_with_pda(ctx: Context<MintWithPda>, amount: u64) -> Result<()> {
        instructions::mint_with_pda::handler(ctx, amount)
    }

    pub fn echo(ctx: Context<Echo>, value: u64, note: String) -> Result<()> {
        instructions::echo::handler(ctx, value, note)
    }

    pub fn add(ctx: Context<Add>, a: u64, b: u64) -> Result<u64> {
        instructions::add::handler(ctx, a, b)
    }

    pub fn init_blob(ctx: Context<InitBlob>) -> Result<()> {
        instructions::init_blob::handler(ctx)
    }

    pub fn resize_blob(ctx: Context<ResizeBlob>, size: u32) -> Result<()> {
        instructions::resize_blob::handler(ctx, size)
    }

    pub fn withdraw_lamports(ctx: Context<WithdrawLamports>, amount: u64) -> Result<()> {
        instructions::withdraw_lamports::handler(ctx, amount)
    }

    /// Calls another program's instruction by CPI (the first remaining account is its id).
    pub fn forward<'info>(ctx: Context<'_, '_, 'info, 'info, Forward>, data: Vec<u8>) -> Result<()> {
        instructions::forward::handler(ctx, data)
    }

    pub fn recurse(ctx: Context<Recurse>, depth: u8) -> Result<u8> {
        instructions::recurse::handler(ctx, depth)
    }

    pub fn explode(ctx: Context<Explode>) -> Result<()> {
        instructions::explode::handler(ctx)
    }
}
