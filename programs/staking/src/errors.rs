use anchor_lang::prelude::*;

#[error_code]
pub enum StakingError {
    #[msg("The cooldown must be between one day and one year")]
    InvalidCooldown,
    #[msg("The warm-up must be between one hour and thirty days")]
    InvalidWarmup,
    #[msg("Commission must be at most 10000 basis points")]
    InvalidCommission,
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("The deposit is too small to mint a single share")]
    ZeroShares,
    #[msg("Arithmetic overflow")]
    Overflow,
    #[msg("The position does not hold that many shares")]
    InsufficientShares,
    #[msg("The position has open votes and cannot unstake")]
    OpenVotes,
    #[msg("Nothing is unbonding")]
    NothingUnbonding,
    #[msg("The cooldown has not elapsed")]
    CooldownNotElapsed,
    #[msg("Only the slasher or the config authority may slash")]
    UnauthorizedSlasher,
    #[msg("Only the configured governance key may lock or unlock votes")]
    UnauthorizedGovernance,
    #[msg("The position has no open vote to unlock")]
    NoOpenVote,
    #[msg("Only the program's upgrade authority (its ProgramData account) may initialise")]
    NotUpgradeAuthority,
    #[msg("No stake of this position is warming up")]
    NothingWarming,
    #[msg("The warm-up has not elapsed")]
    WarmupNotElapsed,
}
