use anchor_lang::prelude::*;

#[error_code]
pub enum GovernanceError {
    #[msg("Quorum and approval threshold must be between 1 and 10000 basis points")]
    InvalidBps,
    #[msg("The voting period must be non-zero")]
    InvalidVotingPeriod,
}
