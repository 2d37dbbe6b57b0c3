use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::ReportSubmitted,
    state::{qos_ewma, qos_sample, Node, NodeStatus, RegistryConfig},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct ReportArgs {
    pub bytes_transferred: u64,
    pub sessions_served: u64,
    pub uptime_seconds: u64,
}

#[derive(Accounts)]
pub struct SubmitReport<'info> {
    pub operator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, has_one = operator, seeds = [NODE_SEED, operator.key().as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
}

/// One report per epoch (`RegistryConfig::report_epoch`); QoS moves as an EWMA of
/// `qos_sample` (no commitment: proof score 0; uptime counts only as far as proofs support it).
///
/// Checks: signer is the node's operator (has_one, node PDA), node Active, one report per
/// epoch, uptime at most the epoch length.
pub fn handler(ctx: Context<SubmitReport>, args: ReportArgs) -> Result<()> {
    let config = &ctx.accounts.config;
    let node = &mut ctx.accounts.node;
    require!(node.status == NodeStatus::Active, RegistryError::NodeNotActive);
    let clock = Clock::get()?;
    let epoch = config.report_epoch(clock.unix_timestamp).ok_or(RegistryError::Overflow)?;
    require!(node.metrics.reports == 0 || epoch > node.last_report_epoch, RegistryError::AlreadyReported);
    require!(args.uptime_seconds <= config.report_epoch_seconds, RegistryError::InvalidUptime);

    let metrics = &mut node.metrics;
    metrics.bytes_transferred = metrics.bytes_transferred.checked_add(args.bytes_transferred).ok_or(RegistryError::Overflow)?;
    metrics.sessions_served = metrics.sessions_served.checked_add(args.sessions_served).ok_or(RegistryError::Overflow)?;
    metrics.uptime_seconds = metrics.uptime_seconds.checked_add(args.uptime_seconds).ok_or(RegistryError::Overflow)?;
    metrics.reports = metrics.reports.checked_add(1).ok_or(RegistryError::Overflow)?;
    let committed = node.commitment.size > 0;
    let metrics = &node.metrics;
    let sample = qos_sample(&config.qos, args.uptime_seconds, config.report_epoch_seconds, metrics, committed)
        .ok_or(RegistryError::Overflow)?;
    node.qos_bps = qos_ewma(node.qos_bps, sample, config.qos.ewma_alpha_bps).ok_or(RegistryError::Overflow)?;
    node.last_report_epoch = epoch;
    emit!(ReportSubmitted {
        node: node.key(),
        epoch,
        bytes_transferred: args.bytes_transferred,
        sessions_served: args.sessions_served,
        uptime_seconds: args.uptime_seconds,
        sample_bps: sample,
        qos_bps: node.qos_bps,
        slot: clock.slot,
    });
    Ok(())
}
