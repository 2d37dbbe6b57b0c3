use anchor_lang::prelude::*;

use crate::constants::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum ProposalState {
    /// Created; the proposer adds actions, then starts the vote (or cancels).
    Draft,
    Voting,
    /// Passed with nothing to execute (a signalling proposal): final.
    Succeeded,
    Defeated,
    /// Passed; executable from `eta` for `EXECUTION_GRACE_SECONDS`.
    Queued,
    Executed,
    Cancelled,
    /// Queued but not executed within the grace period.
    Expired,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum VoteChoice {
    Yes,
    No,
    Abstain,
}

/// One account meta of a stored instruction.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct ActionAccount {
    pub pubkey: Pubkey,
    pub is_signer: bool,
    pub is_writable: bool,
}

/// A stored instruction, executed by CPI signed by the governance authority PDA.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug, InitSpace)]
pub struct ProposalAction {
    pub program_id: Pubkey,
    #[max_len(MAX_ACTION_ACCOUNTS)]
    pub accounts: Vec<ActionAccount>,
    #[max_len(MAX_ACTION_DATA)]
    pub data: Vec<u8>,
}

/// Actions are stored inline (at most `MAX_ACTIONS`, each bounded), which keeps the account
/// under 4 KiB and lets `execute` run them all in one transaction.
#[account]
#[derive(InitSpace)]
pub struct Proposal {
    pub config: Pubkey,
    pub index: u64,
    pub proposer: Pubkey,
    #[max_len(MAX_TITLE_LEN)]
    pub title: String,
    #[max_len(MAX_URI_LEN)]
    pub description_uri: String,
    /// sha256 of the document at `description_uri`.
    pub description_hash: [u8; 32],
    #[max_len(MAX_ACTIONS)]
    pub actions: Vec<ProposalAction>,
    pub state: ProposalState,
    pub yes_weight: u64,
    pub no_weight: u64,
    pub abstain_weight: u64,
    pub vote_count: u32,
    /// `StakeConfig::total_staked` when voting started: the quorum base.
    pub total_stake_snapshot: u64,
    /// Config values frozen when voting starts, so a parameter change cannot move the goal
    /// posts of a running vote.
    pub quorum_bps: u16,
    pub approval_threshold_bps: u16,
    pub timelock_seconds: u64,
    pub created_at: i64,
    pub voting_starts_at: i64,
    pub voting_ends_at: i64,
    /// Earliest execution time (set when queued).
    pub eta: i64,
    pub executed_at: i64,
    pub bump: u8,
}

impl Proposal {
    pub fn total_votes(&self) -> Option<u64> {
        self.yes_weight.checked_add(self.no_weight)?.checked_add(self.abstain_weight)
    }
}

/// One position's vote on one proposal; its existence is the double-vote guard.
#[account]
#[derive(InitSpace)]
pub struct VoteRecord {
    pub proposal: Pubkey,
    pub position: Pubkey,
    /// The position owner who voted; gets the rent back on relinquish.
    pub voter: Pubkey,
    pub choice: VoteChoice,
    /// Active stake of the position at the vote, frozen.
    pub weight: u64,
    pub voted_at: i64,
    pub bump: u8,
}
