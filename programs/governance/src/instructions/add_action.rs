use anchor_lang::{prelude::*, Discriminator};

use crate::{
    constants::*,
    errors::GovernanceError,
    events::ActionAdded,
    state::{GovernanceConfig, Proposal, ProposalAction, ProposalState},
};

#[derive(Accounts)]
pub struct AddAction<'info> {
    pub proposer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        mut,
        has_one = config,
        has_one = proposer @ GovernanceError::NotProposer,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &proposal.index.to_le_bytes()],
        bump = proposal.bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
}

/// Appends a stored instruction while the proposal is a draft. The only signer a stored
/// instruction may name is the governance authority PDA, read-only; a call into this program
/// itself may only be `set_params` (no executing, voting or cancelling from a proposal).
pub fn handler(ctx: Context<AddAction>, action: ProposalAction) -> Result<()> {
    let proposal = &mut ctx.accounts.proposal;
    require!(proposal.state == ProposalState::Draft, GovernanceError::InvalidProposalState);
    require!(proposal.actions.len() < usize::from(MAX_ACTIONS), GovernanceError::TooManyActions);
    require!(
        action.accounts.len() <= usize::from(MAX_ACTION_ACCOUNTS) && action.data.len() <= usize::from(MAX_ACTION_DATA),
        GovernanceError::ActionTooLarge
    );
    let authority = ctx.accounts.config.authority;
    for meta in &action.accounts {
        if meta.is_signer || meta.pubkey == authority {
            require!(meta.pubkey == authority && !meta.is_writable, GovernanceError::InvalidActionSigner);
        }
    }
    if action.program_id == crate::ID {
        let set_params = crate::instruction::SetParams::DISCRIMINATOR;
        require!(action.data.starts_with(set_params), GovernanceError::ForbiddenSelfCall);
    }
    let index = u8::try_from(proposal.actions.len()).map_err(|_| GovernanceError::Overflow)?;
    emit!(ActionAdded { proposal: proposal.key(), index, program_id: action.program_id });
    proposal.actions.push(action);
    Ok(())
}
