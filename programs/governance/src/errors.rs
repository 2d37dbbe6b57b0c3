use anchor_lang::prelude::*;

#[error_code]
pub enum GovernanceError {
    #[msg("Quorum and approval threshold must be between 1 and 10000 basis points")]
    InvalidBps,
    #[msg("The voting period must be between 1 second and one year")]
    InvalidVotingPeriod,
    #[msg("The timelock must be at most one year")]
    InvalidTimelock,
    #[msg("Only the governance authority PDA (an executed proposal) may do this")]
    NotGovernanceAuthority,
    #[msg("The title or description URI is too long")]
    TextTooLong,
    #[msg("The proposer's stake is below the proposal threshold")]
    BelowProposalThreshold,
    #[msg("The stake position does not belong to the signer")]
    NotPositionOwner,
    #[msg("Only the proposer may do this")]
    NotProposer,
    #[msg("The proposal is not in the state this instruction needs")]
    InvalidProposalState,
    #[msg("The proposal already holds the maximum number of actions")]
    TooManyActions,
    #[msg("The action has too many accounts or too much data")]
    ActionTooLarge,
    #[msg("Only the governance authority may sign a stored instruction, and it may not be writable")]
    InvalidActionSigner,
    #[msg("A stored instruction may call the governance program only for set_params")]
    ForbiddenSelfCall,
    #[msg("The voting period has ended")]
    VotingEnded,
    #[msg("The voting period has not ended")]
    VotingNotEnded,
    #[msg("The position has no active stake to vote with")]
    NoVotingPower,
    #[msg("The vote is still open: relinquish after the voting period or a cancellation")]
    VoteStillOpen,
    #[msg("The timelock has not elapsed")]
    TimelockNotElapsed,
    #[msg("The execution window has passed")]
    ProposalExpired,
    #[msg("An account of a stored instruction was not passed")]
    MissingActionAccount,
    #[msg("Only the proposer (before any vote) or the guardian may cancel")]
    CannotCancel,
    #[msg("Arithmetic overflow")]
    Overflow,
    #[msg("Only the program's upgrade authority (its ProgramData account) may initialise")]
    NotUpgradeAuthority,
}
