use anchor_lang::prelude::*;

use crate::{
    constants::*,
    events::PaymentParamsUpdated,
    state::{Config, FeeSplit, PriceTable},
};

/// Every field is optional: `None` keeps the current value.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Default)]
pub struct SetPaymentParamsArgs {
    pub fee_split: Option<FeeSplit>,
    pub credit_rate: Option<u64>,
    pub prices: Option<PriceTable>,
    pub epoch_length_seconds: Option<u64>,
    pub claim_window_seconds: Option<u64>,
    pub channel_close_seconds: Option<u64>,
    pub guardian: Option<Pubkey>,
    pub authority: Option<Pubkey>,
}

#[derive(Accounts)]
pub struct SetParams<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

pub fn handler(ctx: Context<SetParams>, args: SetPaymentParamsArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    if let Some(fee_split) = args.fee_split {
        config.fee_split = fee_split;
    }
    if let Some(rate) = args.credit_rate {
        config.credit_rate = rate;
    }
    if let Some(prices) = args.prices {
        config.prices = prices;
    }
    if let Some(length) = args.epoch_length_seconds {
        config.epoch_length_seconds = length;
    }
    if let Some(window) = args.claim_window_seconds {
        config.claim_window_seconds = window;
    }
    if let Some(window) = args.channel_close_seconds {
        config.channel_close_seconds = window;
    }
    if let Some(guardian) = args.guardian {
        config.guardian = guardian;
    }
    if let Some(authority) = args.authority {
        config.authority = authority;
    }
    config.validate()?;
    emit!(PaymentParamsUpdated {
        config: config.key(),
        authority: config.authority,
        fee_split: config.fee_split,
        credit_rate: config.credit_rate,
        prices: config.prices,
        epoch_length_seconds: config.epoch_length_seconds,
        claim_window_seconds: config.claim_window_seconds,
        channel_close_seconds: config.channel_close_seconds,
        guardian: config.guardian,
    });
    Ok(())
}
