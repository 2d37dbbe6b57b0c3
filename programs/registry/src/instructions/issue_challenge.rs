use anchor_lang::prelude::*;

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
    pub system_program: Program<'info, System>,
}

/// Opens the node's next challenge against its current commitment. The segment asked for is
/// fixed later, by the hash of the first slot after this one (`challenge.rs`).
///
/// Checks: node Active with a commitment; the challenger is not the node's operator; no
/// challenge open; `challenge_interval_slots` since the last one; the challenge PDA is the
/// node's next sequence number.
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

    let sequence = node.challenge_sequence;
    let node_key = node.key();
    let deadline_slot = clock.slot.checked_add(config.response_window_slots).ok_or(RegistryError::Overflow)?;

    node.challenge_sequence = sequence.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.open_challenges = node.open_challenges.checked_add(1).ok_or(RegistryError::Overflow)?;
    node.last_challenge_slot = clock.slot;
    let challenge = &mut ctx.accounts.challenge;
    challenge.set_inner(Challenge {
        node: node_key,
        challenger: ctx.accounts.challenger.key(),
        sequence,
        root: node.commitment.root,
        chunk_count: node.commitment.chunk_count,
        issued_slot: clock.slot,
        deadline_slot,
        bump: ctx.bumps.challenge,
    });
    emit!(ChallengeIssued {
        node: node_key,
        challenge: challenge.key(),
        challenger: challenge.challenger,
        sequence,
        root: challenge.root,
        chunk_count: challenge.chunk_count,
        deadline_slot,
        slot: clock.slot,
    });
    Ok(())
}
