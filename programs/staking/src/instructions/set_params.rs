use anchor_lang::prelude::*;

use crate::{constants::*, events::StakeParamsUpdated, state::StakeConfig};

/// Every field is optional: `None` keeps the current value.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Default)]
pub struct SetStakeParamsArgs {
    pub cooldown_seconds: Option<u64>,
    pub warmup_seconds: Option<u64>,
    pub slasher: Option<Pubkey>,
    pub governance: Option<Pubkey>,
    pub authority: Option<Pubkey>,
}

#[derive(Accounts)]
pub struct SetParams<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, StakeConfig>,
}

pub fn handler(ctx: Context<SetParams>, args: SetStakeParamsArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    if let Some(cooldown) = args.cooldown_seconds {
        config.cooldown_seconds = cooldown;
    }
    if let Some(warmup) = args.warmup_seconds {
        config.warmup_seconds = warmup;
    }
    if let Some(slasher) = args.slasher {
        config.slasher = slasher;
    }
    if let Some(governance) = args.governance {
        config.governance = governance;
    }
    if let Some(authority) = args.authority {
        config.authority = authority;
    }
    config.validate()?;
    emit!(StakeParamsUpdated {
        config: config.key(),
        authority: config.authority,
        slasher: config.slasher,
        governance: config.governance,
        cooldown_seconds: config.cooldown_seconds,
        warmup_seconds: config.warmup_seconds,
    });
    Ok(())
}
