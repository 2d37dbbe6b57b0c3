use anchor_lang::prelude::*;

#[error_code]
pub enum RegistryError {
    #[msg("The challenge interval must be non-zero")]
    InvalidChallengeWindow,
    #[msg("The minimum stake must be non-zero")]
    InvalidMinStake,
    #[msg("Invalid QoS parameters: weights sum to 10000, alpha 1..=10000, slash_bps <= MAX_SLASH_BPS, slash and jail counts within bounds")]
    InvalidQosParams,
    #[msg("The report epoch must be between MIN_REPORT_EPOCH_SECONDS and MAX_REPORT_EPOCH_SECONDS")]
    InvalidEpochLength,
    #[msg("The endpoint is longer than 128 bytes or empty")]
    InvalidEndpoint,
    #[msg("The node's stake pool holds less than the minimum stake")]
    InsufficientStake,
    #[msg("Arithmetic overflow")]
    Overflow,
    #[msg("This status change is not allowed for this signer")]
    InvalidStatusTransition,
    #[msg("The node is not active")]
    NodeNotActive,
    #[msg("A report was already submitted for this epoch")]
    AlreadyReported,
    #[msg("Reported uptime exceeds the epoch length")]
    InvalidUptime,
    #[msg("The storage commitment must have a non-zero size")]
    InvalidCommitment,
    #[msg("The node has no storage commitment")]
    NoCommitment,
    #[msg("The node has an open challenge")]
    ChallengeOpen,
    #[msg("The challenge interval has not elapsed since the last challenge")]
    ChallengeTooSoon,
    #[msg("The SlotHashes sysvar could not be read")]
    InvalidSlotHashes,
    #[msg("The response window has closed")]
    ChallengeDeadlinePassed,
    #[msg("The response window is still open")]
    ChallengeNotExpired,
    #[msg("The merkle proof does not match the committed root")]
    InvalidProof,
    #[msg("The node's pool still holds stake")]
    StillStaked,
    #[msg("Only the node operator may do this")]
    NotOperator,
    #[msg("Only the program's upgrade authority (its ProgramData account) may initialise")]
    NotUpgradeAuthority,
    #[msg("A jailed node cannot deregister: it stays jailed until the authority releases it")]
    NodeJailed,
    #[msg("A node's operator cannot challenge its own node")]
    SelfChallenge,
    #[msg("The node changed status too recently: wait challenge_interval_slots + response_window_slots")]
    StatusCooldown,
    #[msg("The challenge's seed slot (the first after the issue slot) is not hashed yet")]
    ChallengeSeedNotReady,
    #[msg("The challenge's seed slot has left SlotHashes")]
    ChallengeSeedExpired,
    #[msg("The commitment holds more chunks than one challenge response can prove")]
    CommitmentTooLarge,
    #[msg("The response window must be between MIN_RESPONSE_WINDOW_SLOTS and MAX_RESPONSE_WINDOW_SLOTS")]
    InvalidResponseWindow,
}
