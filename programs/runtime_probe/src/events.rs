use anchor_lang::prelude::*;

#[event]
pub struct Echoed {
    pub caller: Pubkey,
    pub value: u64,
    pub note: String,
    pub slot: u64,
    pub unix_timestamp: i64,
}

#[event]
pub struct Released {
    pub vault: Pubkey,
    pub destination: Pubkey,
    pub amount: u64,
}
