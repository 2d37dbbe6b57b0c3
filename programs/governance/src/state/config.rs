use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace)]
pub struct GovernanceConfig {
    /// The governance authority PDA (`AUTHORITY_SEED`): changes to this config go through
    /// proposals like every other parameter.
    pub authority: Pubkey,
    /// May pause the protocol and cancel proposals, never move funds.
    pub guardian: Pubkey,
    pub quorum_bps: u16,
    pub approval_threshold_bps: u16,
    pub voting_period_seconds: u64,
    pub timelock_seconds: u64,
    /// Stake (base units) a proposer must hold.
    pub proposal_threshold: u64,
    pub proposal_count: u64,
    pub bump: u8,
    pub authority_bump: u8,
}

impl GovernanceConfig {
    /// The bounds `initialize` and `set_params` enforce.
    pub fn validate(&self) -> Result<()> {
        use crate::{constants::*, errors::GovernanceError};
        let valid_bps = 1..=BPS_DENOMINATOR;
        require!(
            valid_bps.contains(&self.quorum_bps) && valid_bps.contains(&self.approval_threshold_bps),
            GovernanceError::InvalidBps
        );
        require!((MIN_VOTING_PERIOD_SECONDS..=MAX_PERIOD_SECONDS).contains(&self.voting_period_seconds), GovernanceError::InvalidVotingPeriod);
        require!((MIN_TIMELOCK_SECONDS..=MAX_PERIOD_SECONDS).contains(&self.timelock_seconds), GovernanceError::InvalidTimelock);
        Ok(())
    }
}
