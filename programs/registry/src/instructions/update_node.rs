use anchor_lang::prelude::*;

use crate::{constants::*, events::NodeUpdated, instructions::register_node::validate_endpoint, state::Node};

/// Every field is optional: `None` keeps the current value.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Default)]
pub struct UpdateNodeArgs {
    pub endpoint: Option<String>,
    pub region: Option<u16>,
    pub capacity_bytes: Option<u64>,
    pub models: Option<u32>,
}

#[derive(Accounts)]
pub struct UpdateNode<'info> {
    pub operator: Signer<'info>,
    #[account(mut, has_one = operator, seeds = [NODE_SEED, operator.key().as_ref()], bump = node.bump)]
    pub node: Box<Account<'info, Node>>,
}

pub fn handler(ctx: Context<UpdateNode>, args: UpdateNodeArgs) -> Result<()> {
    let node = &mut ctx.accounts.node;
    if let Some(endpoint) = args.endpoint {
        validate_endpoint(&endpoint)?;
        node.endpoint = endpoint;
    }
    if let Some(region) = args.region {
        node.region = region;
    }
    if let Some(capacity) = args.capacity_bytes {
        node.capacity_bytes = capacity;
    }
    if let Some(models) = args.models {
        node.models = models;
    }
    emit!(NodeUpdated {
        node: node.key(),
        endpoint: node.endpoint.clone(),
        region: node.region,
        capacity_bytes: node.capacity_bytes,
        models: node.models,
        slot: Clock::get()?.slot,
    });
    Ok(())
}
