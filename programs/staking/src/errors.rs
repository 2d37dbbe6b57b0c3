use anchor_lang::prelude::*;

#[error_code]
pub enum StakingError {
    #[msg("The cooldown must be between 1 second and one year")]
    InvalidCooldown,
}
