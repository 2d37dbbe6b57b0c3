use anchor_lang::prelude::*;

#[error_code]
pub enum RegistryError {
    #[msg("The challenge interval and response window must be non-zero")]
    InvalidChallengeWindow,
    #[msg("The minimum stake must be non-zero")]
    InvalidMinStake,
}
