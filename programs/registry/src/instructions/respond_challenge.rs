use anchor_lang::prelude::*;

use crate::{
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
}

/// Recomputes the committed root from the challenged segment; proofs are sorted-pair paths
/// and the indices are bound through the leaf data.
pub fn verify(challenge: &Challenge, proof: &ChallengeProof) -> bool {
    if proof.segment_proof.len() != SEGMENT_PROOF_LEN || proof.chunk_proof.len() > MAX_CHUNK_PROOF_LEN {
        return false;
    }
    let chunk_root = root_from_proof(segment_leaf(challenge.segment_index, &proof.segment), &proof.segment_proof);
    root_from_proof(chunk_leaf(challenge.chunk_index, &chunk_root), &proof.chunk_proof) == challenge.root
}

pub fn handler(ctx: Context<RespondChallenge>, proof: ChallengeProof) -> Result<()> {
    let challenge = &ctx.accounts.challenge;
    let clock = Clock::get()?;
    require!(clock.slot <= challenge.deadline_slot, RegistryError::ChallengeDeadlinePassed);
    require!(verify(challenge, &proof), RegistryError::InvalidProof);
    let node = &mut ctx.accounts.node;
    node.metrics.proofs_passed = node.metrics.proofs_passed.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.open_challenges = node.open_challenges.checked_sub(1).ok_or(RegistryError::Overflow)?;
    emit!(ChallengeResponded {
        node: node.key(),
        challenge: challenge.key(),
        sequence: challenge.sequence,
        proofs_passed: node.metrics.proofs_passed,
        slot: clock.slot,
    });
    Ok(())
}
