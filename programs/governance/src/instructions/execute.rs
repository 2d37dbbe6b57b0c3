use anchor_lang::{
    prelude::*,
    solana_program::{instruction::{AccountMeta, Instruction}, program::invoke_signed},
};

use crate::{
    constants::*,
    errors::GovernanceError,
    events::ProposalExecuted,
    state::{GovernanceConfig, Proposal, ProposalState},
};

/// The accounts of every stored instruction (and their program ids) follow as remaining
/// accounts, writable where a stored meta is writable; the authority PDA is signed for here.
#[derive(Accounts)]
pub struct Execute<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(
        mut,
        has_one = config,
        seeds = [PROPOSAL_SEED, config.key().as_ref(), &proposal.index.to_le_bytes()],
        bump = proposal.bump,
    )]
    pub proposal: Box<Account<'info, Proposal>>,
    /// CHECK: the governance authority PDA; signs every stored instruction.
    #[account(seeds = [AUTHORITY_SEED], bump = config.authority_bump)]
    pub governance_authority: UncheckedAccount<'info>,
}

/// Permissionless once the timelock has elapsed and within the execution window: runs every
/// stored instruction in order by `invoke_signed` with the authority PDA. All or nothing (one
/// failing instruction reverts the transaction, the proposal stays Queued); executed once.
pub fn handler<'info>(ctx: Context<'_, '_, 'info, 'info, Execute<'info>>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let proposal = &mut ctx.accounts.proposal;
    require!(proposal.state == ProposalState::Queued, GovernanceError::InvalidProposalState);
    require!(now >= proposal.eta, GovernanceError::TimelockNotElapsed);
    let grace = i64::try_from(EXECUTION_GRACE_SECONDS).map_err(|_| GovernanceError::Overflow)?;
    require!(now <= proposal.eta.checked_add(grace).ok_or(GovernanceError::Overflow)?, GovernanceError::ProposalExpired);
    // State first: nothing a stored instruction does can see this proposal as still queued.
    proposal.state = ProposalState::Executed;
    proposal.executed_at = now;

    let mut infos: Vec<AccountInfo<'info>> = ctx.remaining_accounts.to_vec();
    infos.push(ctx.accounts.governance_authority.to_account_info());
    let find = |key: &Pubkey| infos.iter().any(|info| info.key == key);
    let seeds: &[&[u8]] = &[AUTHORITY_SEED, &[ctx.accounts.config.authority_bump]];
    for action in &proposal.actions {
        require!(find(&action.program_id), GovernanceError::MissingActionAccount);
        let mut metas = Vec::with_capacity(action.accounts.len());
        for account in &action.accounts {
            require!(find(&account.pubkey), GovernanceError::MissingActionAccount);
            metas.push(AccountMeta { pubkey: account.pubkey, is_signer: account.is_signer, is_writable: account.is_writable });
        }
        let instruction = Instruction { program_id: action.program_id, accounts: metas, data: action.data.clone() };
        invoke_signed(&instruction, &infos, &[seeds])?;
    }
    let count = u8::try_from(proposal.actions.len()).map_err(|_| GovernanceError::Overflow)?;
    emit!(ProposalExecuted { proposal: proposal.key(), actions: count });
    Ok(())
}
