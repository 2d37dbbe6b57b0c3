use anchor_lang::prelude::*;

#[error_code]
pub enum PaymentError {
    #[msg("The fee split must sum to 10000 basis points")]
    InvalidFeeSplit,
    #[msg("The credit rate must be non-zero")]
    InvalidCreditRate,
    #[msg("The epoch length must be between one hour and thirty days")]
    InvalidEpochLength,
    #[msg("The claim window must be between one day and one year")]
    InvalidClaimWindow,
    #[msg("The protocol is paused")]
    Paused,
    #[msg("The protocol is not paused")]
    NotPaused,
    #[msg("Only the guardian or the authority may pause or unpause")]
    UnauthorizedPauser,
    #[msg("The amount must be non-zero")]
    ZeroAmount,
    #[msg("Credits can only be bought for a paid tier (Standard or Premium)")]
    InvalidTier,
    #[msg("Arithmetic overflow")]
    Overflow,
    #[msg("The credit account has too few credits for this receipt")]
    InsufficientCredits,
    #[msg("settle_usage must directly follow an Ed25519 instruction with one signature over its own data")]
    MissingReceiptSignature,
    #[msg("The receipt is not signed by the credit account's owner")]
    ReceiptSignerMismatch,
    #[msg("The signed receipt does not match this node, credit account, amount and nonce")]
    ReceiptMessageMismatch,
    #[msg("The receipt's nonce is not above the last settled nonce (replay)")]
    ReceiptReplayed,
    #[msg("The receipt's cumulative credits are below the last settled amount")]
    CumulativeDecreased,
    #[msg("The node account belongs to another operator")]
    NodeOperatorMismatch,
    #[msg("The epoch is not the current one")]
    WrongEpoch,
    #[msg("The epoch has not ended yet")]
    EpochNotOver,
    #[msg("The epoch is not in the state this instruction needs")]
    InvalidEpochState,
    #[msg("The claim window of this epoch has closed")]
    ClaimWindowClosed,
    #[msg("The claim window of this epoch is still open")]
    ClaimWindowOpen,
    #[msg("The staking pool is not the node's pool")]
    PoolMismatch,
    #[msg("Only the program's upgrade authority (its ProgramData account) may initialise")]
    NotUpgradeAuthority,
    #[msg("The node is not Active: only Active nodes have usage settled and claim rewards")]
    NodeNotActive,
    #[msg("The node has no storage commitment: it cannot be challenged, so it cannot earn")]
    NodeUncommitted,
    #[msg("The node's pool holds less than the registry's minimum stake")]
    NodeUnderstaked,
    #[msg("The treasury does not hold that much")]
    InsufficientTreasury,
    #[msg("The node's share of this epoch's pool is zero")]
    NothingToClaim,
    #[msg("The channel settlement window must be between one hour and thirty days")]
    InvalidChannelCloseWindow,
    #[msg("The channel's deposit does not cover this receipt: the developer funds channels from the credit balance")]
    ChannelUnderfunded,
    #[msg("No close of this channel was requested")]
    NoCloseRequested,
    #[msg("The channel's settlement window is still open")]
    SettlementWindowOpen,
    #[msg("The channel holds no deposit")]
    EmptyChannel,
    #[msg("settle_usage must be a top-level instruction, not called by another program")]
    NotTopLevel,
}
