use anchor_lang::prelude::*;

#[error_code]
pub enum PaymentError {
    #[msg("The fee split must sum to 10000 basis points")]
    InvalidFeeSplit,
    #[msg("The credit rate must be non-zero")]
    InvalidCreditRate,
    #[msg("The epoch length must be non-zero")]
    InvalidEpochLength,
}
