use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, Token, TokenAccount, Transfer};

use crate::{
    constants::*,
    errors::PaymentError,
    events::CreditsPurchased,
    state::{Config, CreditAccount, Tier},
};

#[derive(Accounts)]
pub struct BuyCredits<'info> {
    #[account(mut)]
    pub buyer: Signer<'info>,
    // Writable: the lifetime totals are updated.
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = mint,
        has_one = treasury,
        has_one = reward_vault,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(
        init_if_needed,
        payer = buyer,
        space = 8 + CreditAccount::INIT_SPACE,
        seeds = [CREDIT_SEED, buyer.key().as_ref()],
        bump,
    )]
    pub credit_account: Box<Account<'info, CreditAccount>>,
    #[account(mut, token::mint = mint, token::authority = buyer)]
    pub buyer_tokens: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub mint: Box<Account<'info, Mint>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub reward_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Pays `amount` $SYNQ base units for `amount * credit_rate` credits and moves the account to
/// the paid `tier`. The fee split burns its share and pays the treasury at once; the operators'
/// share goes to the reward vault as this account's escrow and reaches an epoch's pool only
/// when the credits are consumed (`settle_usage`).
///
/// Checks: not paused; amount > 0; a paid tier; the credit account is the buyer's PDA; mint,
/// treasury and reward vault are the config's (has_one); the buyer owns the token account.
pub fn handler(ctx: Context<BuyCredits>, amount: u64, tier: Tier) -> Result<()> {
    let config = &ctx.accounts.config;
    require!(!config.paused, PaymentError::Paused);
    require!(amount > 0, PaymentError::ZeroAmount);
    require!(tier != Tier::Free, PaymentError::InvalidTier);
    let credits = amount.checked_mul(config.credit_rate).ok_or(PaymentError::Overflow)?;
    let split = config.fee_split.split(amount)?;

    let credit_account = &mut ctx.accounts.credit_account;
    if credit_account.owner == Pubkey::default() {
        credit_account.owner = ctx.accounts.buyer.key();
        credit_account.created_at = Clock::get()?.unix_timestamp;
        credit_account.bump = ctx.bumps.credit_account;
    }
    credit_account.tier = tier;
    credit_account.balance = credit_account.balance.checked_add(credits).ok_or(PaymentError::Overflow)?;
    credit_account.purchased = credit_account.purchased.checked_add(credits).ok_or(PaymentError::Overflow)?;
    credit_account.escrow = credit_account.escrow.checked_add(split.to_rewards).ok_or(PaymentError::Overflow)?;

    let config = &mut ctx.accounts.config;
    let add = |total: u128, part: u64| total.checked_add(u128::from(part)).ok_or(PaymentError::Overflow);
    config.total_paid = add(config.total_paid, amount)?;
    config.total_burned = add(config.total_burned, split.burned)?;
    config.total_to_treasury = add(config.total_to_treasury, split.to_treasury)?;
    config.total_to_rewards = add(config.total_to_rewards, split.to_rewards)?;

    let accounts = &ctx.accounts;
    transfer(accounts, accounts.reward_vault.to_account_info(), split.to_rewards)?;
    transfer(accounts, accounts.treasury.to_account_info(), split.to_treasury)?;
    if split.burned > 0 {
        token::burn(
            CpiContext::new(
                accounts.token_program.to_account_info(),
                Burn {
                    mint: accounts.mint.to_account_info(),
                    from: accounts.buyer_tokens.to_account_info(),
                    authority: accounts.buyer.to_account_info(),
                },
            ),
            split.burned,
        )?;
    }
    emit!(CreditsPurchased {
        owner: accounts.buyer.key(),
        credit_account: accounts.credit_account.key(),
        tier,
        amount,
        credits,
        burned: split.burned,
        to_treasury: split.to_treasury,
        to_rewards: split.to_rewards,
        balance: accounts.credit_account.balance,
        escrow: accounts.credit_account.escrow,
    });
    Ok(())
}

fn transfer<'info>(accounts: &BuyCredits<'info>, to: AccountInfo<'info>, amount: u64) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    token::transfer(
        CpiContext::new(
            accounts.token_program.to_account_info(),
            Transfer {
                from: accounts.buyer_tokens.to_account_info(),
                to,
                authority: accounts.buyer.to_account_info(),
            },
        ),
        amount,
    )
}
