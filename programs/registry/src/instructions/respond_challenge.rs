use anchor_lang::{prelude::*, solana_program::sysvar::slot_hashes};

use crate::{
    challenge::{challenge_indices, challenge_seed, seed_slot_hash},
    constants::*,
    errors::RegistryError,
    events::ChallengeResponded,
    merkle::{chunk_leaf, root_from_proof, segment_leaf},
    state::{Challenge, Node},
};

/// The challenged segment with its path up to the chunk's root, and the chunk's path up to
/// the committed root.
#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct ChallengeProof {
    pub segment: [u8; 64],
    pub segment_proof: Vec<[u8; 32]>,
    pub chunk_proof: Vec<[u8; 32]>,
}

#[derive(Accounts)]
pub struct RespondChallenge<'info> {
    pub operator: Signer<'info>,
    #[account(mut, has_one = operator, seeds = [NODE_SEED, operator.key().as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
    #[account(
        mut,
        has_one = node,
        has_one = challenger,
        close = challenger,
        seeds = [CHALLENGE_SEED, node.key().as_ref(), &challenge.sequence.to_le_bytes()],
        bump = challenge.bump,
    )]
    pub challenge: Box<Account<'info, Challenge>>,
    /// CHECK: receives the challenge's rent; must be the challenger (`has_one`).
    #[account(mut)]
    pub challenger: UncheckedAccount<'info>,
    /// CHECK: the SlotHashes sysvar (address checked), read raw: too large for Anchor's typed sysvar.
    #[account(address = slot_hashes::ID)]
    pub slot_hashes: UncheckedAccount<'info>,
}

/// Recomputes the committed root from the challenged segment; proofs are sorted-pair paths
/// and the indices are bound through the leaf data.
pub fn verify(root: &[u8; 32], chunk_index: u64, segment_index: u64, proof: &ChallengeProof) -> bool {
    if proof.segment_proof.len() != SEGMENT_PROOF_LEN || proof.chunk_proof.len() > MAX_CHUNK_PROOF_LEN {
        return false;
    }
    let chunk_root = root_from_proof(segment_leaf(segment_index, &proof.segment), &proof.segment_proof);
    root_from_proof(chunk_leaf(chunk_index, &chunk_root), &proof.chunk_proof) == *root
}

/// Checks: signer is the node's operator (has_one, node PDA); the challenge is this node's
/// (has_one, PDA) and its rent goes back to its challenger; within the response window; the
/// segment asked for follows from the hash of the first slot after the issue slot (SlotHashes,
/// address checked); the proof leads to the challenged root.
pub fn handler(ctx: Context<RespondChallenge>, proof: ChallengeProof) -> Result<()> {
    let challenge = &ctx.accounts.challenge;
    let clock = Clock::get()?;
    require!(clock.slot <= challenge.deadline_slot, RegistryError::ChallengeDeadlinePassed);
    let (seed_slot, slot_hash) = seed_slot_hash(&ctx.accounts.slot_hashes.try_borrow_data()?, challenge.issued_slot)?;
    let node_key = ctx.accounts.node.key();
    let seed = challenge_seed(&slot_hash, &node_key, challenge.sequence);
    let (chunk_index, segment_index) = challenge_indices(&seed, challenge.chunk_count);
    require!(verify(&challenge.root, chunk_index, segment_index, &proof), RegistryError::InvalidProof);
    let node = &mut ctx.accounts.node;
    node.metrics.proofs_passed = node.metrics.proofs_passed.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.open_challenges = node.open_challenges.checked_sub(1).ok_or(RegistryError::Overflow)?;
    node.consecutive_misses = 0;
    emit!(ChallengeResponded {
        node: node_key,
        challenge: challenge.key(),
        sequence: challenge.sequence,
        seed_slot,
        seed,
        chunk_index,
        segment_index,
        proofs_passed: node.metrics.proofs_passed,
        slot: clock.slot,
    });
    Ok(())
}
