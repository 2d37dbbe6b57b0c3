use anchor_lang::{prelude::*, solana_program::{hash::hashv, sysvar::slot_hashes}};

use crate::{
    constants::*,
    errors::RegistryError,
    events::ChallengeIssued,
    state::{Challenge, Node, NodeStatus, RegistryConfig},
};

#[derive(Accounts)]
pub struct IssueChallenge<'info> {
    /// Anyone: pays the challenge's rent and gets it back when it resolves.
    #[account(mut)]
    pub challenger: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, seeds = [NODE_SEED, node.operator.as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
    #[account(
        init,
        payer = challenger,
        space = 8 + Challenge::INIT_SPACE,
        seeds = [CHALLENGE_SEED, node.key().as_ref(), &node.challenge_sequence.to_le_bytes()],
        bump,
    )]
    pub challenge: Box<Account<'info, Challenge>>,
    /// CHECK: the SlotHashes sysvar, read raw (too large for Anchor's typed sysvar).
    #[account(address = slot_hashes::ID)]
    pub slot_hashes: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// The most recent slot hash: SlotHashes is `len: u64 LE` then `(slot: u64, hash: [u8; 32])`
/// entries, newest first.
pub fn latest_slot_hash(data: &[u8]) -> Result<[u8; 32]> {
    let count = data.get(0..8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    require!(count.is_some_and(|c| c > 0), RegistryError::InvalidSlotHashes);
    let hash = data.get(16..48).ok_or(RegistryError::InvalidSlotHashes)?;
    let mut out = [0u8; 32];
    out.copy_from_slice(hash);
    Ok(out)
}

/// Chunk and segment indices from a challenge seed: the first 8 bytes (LE) modulo the chunk
/// count, the next 8 modulo the segments per chunk.
pub fn challenge_indices(seed: &[u8; 32], chunk_count: u64) -> (u64, u64) {
    let mut head = [0u8; 8];
    head.copy_from_slice(&seed[0..8]);
    let mut next = [0u8; 8];
    next.copy_from_slice(&seed[8..16]);
    (
        u64::from_le_bytes(head) % chunk_count.max(1),
        u64::from_le_bytes(next) % SEGMENTS_PER_CHUNK,
    )
}

pub fn handler(ctx: Context<IssueChallenge>) -> Result<()> {
    let config = &ctx.accounts.config;
    let node = &mut ctx.accounts.node;
    require!(node.status == NodeStatus::Active, RegistryError::NodeNotActive);
    // A node answering its own challenges would collect passes for nothing it was asked by others.
    require!(ctx.accounts.challenger.key() != node.operator, RegistryError::SelfChallenge);
    require!(node.commitment.size > 0, RegistryError::NoCommitment);
    require!(node.open_challenges == 0, RegistryError::ChallengeOpen);
    let clock = Clock::get()?;
    if node.challenge_sequence > 0 {
        let next = node.last_challenge_slot.checked_add(config.challenge_interval_slots).ok_or(RegistryError::Overflow)?;
        require!(clock.slot >= next, RegistryError::ChallengeTooSoon);
    }

    let slot_hash = latest_slot_hash(&ctx.accounts.slot_hashes.try_borrow_data()?)?;
    let sequence = node.challenge_sequence;
    let node_key = node.key();
    let seed = hashv(&[&slot_hash, node_key.as_ref(), &sequence.to_le_bytes()]).to_bytes();
    let (chunk_index, segment_index) = challenge_indices(&seed, node.commitment.chunk_count);
    let deadline_slot = clock.slot.checked_add(config.response_window_slots).ok_or(RegistryError::Overflow)?;

    node.challenge_sequence = sequence.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.open_challenges = node.open_challenges.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.last_challenge_slot = clock.slot;
    let challenge = &mut ctx.accounts.challenge;
    challenge.set_inner(Challenge {
        node: node_key,
        challenger: ctx.accounts.challenger.key(),
        sequence,
        seed,
        slot_hash,
        root: node.commitment.root,
        chunk_count: node.commitment.chunk_count,
        chunk_index,
        segment_index,
        issued_slot: clock.slot,
        deadline_slot,
        bump: ctx.bumps.challenge,
    });
    emit!(ChallengeIssued {
        node: node_key,
        challenge: challenge.key(),
        challenger: challenge.challenger,
        sequence,
        seed,
        chunk_index,
        segment_index,
        deadline_slot,
        slot: clock.slot,
    });
    Ok(())
}
