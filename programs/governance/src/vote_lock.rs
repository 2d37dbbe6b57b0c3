//! Staking's vote lock, called from `cast_vote` (lock) and `relinquish_vote` (unlock).
use anchor_lang::prelude::*;

use crate::constants::AUTHORITY_SEED;

pub enum VoteLockChange {
    Lock,
    Unlock,
}

/// Locks or unlocks `position` in staking, signed by the governance authority PDA (staking's
/// configured vote locker).
pub fn change_vote_lock<'info>(
    change: VoteLockChange,
    staking_program: AccountInfo<'info>,
    governance_authority: AccountInfo<'info>,
    staking_config: AccountInfo<'info>,
    position: AccountInfo<'info>,
    authority_bump: u8,
) -> Result<()> {
    let bump = [authority_bump];
    let seeds: &[&[u8]] = &[AUTHORITY_SEED, &bump];
    let signer = [seeds];
    let ctx = CpiContext::new_with_signer(
        staking_program,
        staking::cpi::accounts::VoteLock { governance: governance_authority, config: staking_config, position },
        &signer,
    );
    match change {
        VoteLockChange::Lock => staking::cpi::lock_vote(ctx),
        VoteLockChange::Unlock => staking::cpi::unlock_vote(ctx),
    }
}
