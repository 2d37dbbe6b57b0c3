use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::StakingError,
    events::VoteLockChanged,
    state::{StakeConfig, StakePosition},
};

/// Shared by `lock_vote` and `unlock_vote`: the configured governance key (the governance
/// program's authority PDA, by CPI) adjusts a position's open-vote counter.
#[derive(Accounts)]
pub struct VoteLock<'info> {
    pub governance: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = config.governance == governance.key() @ StakingError::UnauthorizedGovernance,
    )]
    pub config: Box<Account<'info, StakeConfig>>,
    #[account(mut, seeds = [POSITION_SEED, position.pool.as_ref(), position.owner.as_ref()], bump = position.bump)]
    pub position: Box<Account<'info, StakePosition>>,
}

pub fn lock_handler(ctx: Context<VoteLock>) -> Result<()> {
    let position = &mut ctx.accounts.position;
    position.active_votes = position.active_votes.checked_add(1).ok_or(StakingError::Overflow)?;
    emit!(VoteLockChanged { position: position.key(), active_votes: position.active_votes });
    Ok(())
}

pub fn unlock_handler(ctx: Context<VoteLock>) -> Result<()> {
    let position = &mut ctx.accounts.position;
    position.active_votes = position.active_votes.checked_sub(1).ok_or(StakingError::NoOpenVote)?;
    emit!(VoteLockChanged { position: position.key(), active_votes: position.active_votes });
    Ok(())
}
