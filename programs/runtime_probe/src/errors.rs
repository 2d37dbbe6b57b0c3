use anchor_lang::prelude::*;

#[error_code]
pub enum ProbeError {
    #[msg("Arithmetic overflow")]
    Overflow,
    #[msg("The blob may hold at most 10 KiB")]
    BlobTooLarge,
    #[msg("The note may hold at most 64 bytes")]
    NoteTooLong,
    #[msg("The recursive call returned no data")]
    MissingReturnData,
}
