use anchor_lang::prelude::*;

use crate::{
    constants::{VIRTUAL_SHARES, VIRTUAL_TOKENS},
    errors::StakingError,
    state::{StakePosition, Warming},
};

/// One node operator's stake pool. Two share classes live in it: active stake (earns rewards,
/// counts for the registry's minimum stake) and unbonding stake (waits out the cooldown).
/// Both are slashable; slashing lowers the value of a share, never a position's share count.
#[account]
#[derive(InitSpace)]
pub struct StakePool {
    pub config: Pubkey,
    pub operator: Pubkey,
    /// Token account (PDA `[VAULT_SEED, pool]`) owned by this pool PDA.
    pub vault: Pubkey,
    /// Active tokens backing `total_shares`.
    pub total_tokens: u64,
    pub total_shares: u128,
    /// Tokens backing `unbonding_shares` (requested, not yet withdrawn).
    pub unbonding_tokens: u64,
    pub unbonding_shares: u128,
    /// Tokens of positions still warming up (`StakePosition::warming`): in the vault, in no class.
    pub warming_tokens: u64,
    pub commission_bps: u16,
    /// Bumped when a slash empties the pool completely: positions from an older generation
    /// hold nothing (their shares are zeroed when next touched), so share counts restart.
    pub generation: u32,
    pub total_slashed: u64,
    pub total_rewards: u64,
    /// This pool's `total_tokens` as last added into `StakeConfig::total_staked`.
    pub counted_tokens: u64,
    pub created_at: i64,
    pub bump: u8,
    pub vault_bump: u8,
}

/// Shares minted for `amount` tokens into a class holding `tokens` / `shares`, rounded down.
pub fn shares_for_tokens(amount: u64, tokens: u64, shares: u128) -> Result<u128> {
    let numerator = u128::from(amount)
        .checked_mul(shares.checked_add(u128::from(VIRTUAL_SHARES)).ok_or(StakingError::Overflow)?)
        .ok_or(StakingError::Overflow)?;
    let denominator = u128::from(tokens).checked_add(u128::from(VIRTUAL_TOKENS)).ok_or(StakingError::Overflow)?;
    Ok(numerator / denominator)
}

/// Tokens `burn` shares of a class holding `tokens` / `shares` are worth, rounded down and never
/// more than the class holds.
pub fn tokens_for_shares(burn: u128, tokens: u64, shares: u128) -> Result<u64> {
    let numerator = burn
        .checked_mul(u128::from(tokens).checked_add(u128::from(VIRTUAL_TOKENS)).ok_or(StakingError::Overflow)?)
        .ok_or(StakingError::Overflow)?;
    let denominator = shares.checked_add(u128::from(VIRTUAL_SHARES)).ok_or(StakingError::Overflow)?;
    let value = u64::try_from(numerator / denominator).map_err(|_| StakingError::Overflow)?;
    Ok(value.min(tokens))
}

/// `value * bps / 10_000`, rounded down.
pub fn bps_of(value: u64, bps: u16) -> Result<u64> {
    let product = u128::from(value).checked_mul(u128::from(bps)).ok_or(StakingError::Overflow)?;
    u64::try_from(product / 10_000).map_err(|_| error!(StakingError::Overflow))
}

impl StakePool {
    /// Active plus unbonding tokens: everything a slash can reach.
    pub fn slashable_tokens(&self) -> Result<u64> {
        self.total_tokens.checked_add(self.unbonding_tokens).ok_or_else(|| error!(StakingError::Overflow))
    }

    /// Brings `config_total` (the config's `total_staked`) up to date with this pool's active
    /// tokens: replaces the pool's last counted contribution with `total_tokens`.
    pub fn sync_total(&mut self, config_total: u64) -> Result<u64> {
        let total = config_total
            .checked_sub(self.counted_tokens)
            .and_then(|rest| rest.checked_add(self.total_tokens))
            .ok_or(StakingError::Overflow)?;
        self.counted_tokens = self.total_tokens;
        Ok(total)
    }

    /// Moves `position`'s warming stake into the active class if its warm-up is over; returns
    /// the tokens and shares it bought (zero when nothing was due). Stake worth less than one
    /// share at the current price stays in the class as dust, like any rounding.
    pub fn activate_due(&mut self, position: &mut StakePosition, now: i64) -> Result<(u64, u128)> {
        let warming = position.warming;
        if warming.amount == 0 || now < warming.active_at {
            return Ok((0, 0));
        }
        let shares = shares_for_tokens(warming.amount, self.total_tokens, self.total_shares)?;
        self.warming_tokens = self.warming_tokens.checked_sub(warming.amount).ok_or(StakingError::Overflow)?;
        self.total_tokens = self.total_tokens.checked_add(warming.amount).ok_or(StakingError::Overflow)?;
        self.total_shares = self.total_shares.checked_add(shares).ok_or(StakingError::Overflow)?;
        position.shares = position.shares.checked_add(shares).ok_or(StakingError::Overflow)?;
        position.warming = Warming::default();
        Ok((warming.amount, shares))
    }

    /// Value of `shares` active shares in tokens (rounded down).
    pub fn active_value(&self, shares: u128) -> Result<u64> {
        tokens_for_shares(shares, self.total_tokens, self.total_shares)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_deposit_and_rounding() {
        assert_eq!(shares_for_tokens(100, 0, 0).unwrap(), 100_000);
        // 1 token deposited then 1_000_000 donated as rewards: a victim's 1_000_000 still mints shares.
        let shares = shares_for_tokens(1, 0, 0).unwrap();
        let minted = shares_for_tokens(1_000_000, 1_000_001, shares).unwrap();
        assert!(minted > 0);
        // Redemption never returns more than was put in.
        let value = tokens_for_shares(minted, 2_000_001, shares + minted).unwrap();
        assert!(value <= 1_000_000);
    }

    #[test]
    fn sync_total_replaces_the_pools_contribution() {
        let mut pool = StakePool {
            config: Pubkey::default(),
            operator: Pubkey::default(),
            vault: Pubkey::default(),
            total_tokens: 70,
            total_shares: 0,
            unbonding_tokens: 0,
            unbonding_shares: 0,
            warming_tokens: 0,
            commission_bps: 0,
            generation: 0,
            total_slashed: 0,
            total_rewards: 0,
            counted_tokens: 50,
            created_at: 0,
            bump: 0,
            vault_bump: 0,
        };
        // Another pool contributes 100: 150 counted, the pool grew to 70.
        assert_eq!(pool.sync_total(150).unwrap(), 170);
        assert_eq!(pool.counted_tokens, 70);
        assert_eq!(pool.sync_total(170).unwrap(), 170, "idempotent");
        pool.total_tokens = 10; // slashed
        assert_eq!(pool.sync_total(170).unwrap(), 110);
        // A total below the pool's counted share is inconsistent: refused, not wrapped.
        assert!(pool.sync_total(5).is_err());
        pool.total_tokens = u64::MAX;
        assert!(pool.sync_total(u64::MAX).is_err());
    }

    #[test]
    fn empty_class_never_divides_by_zero() {
        assert_eq!(tokens_for_shares(5_000, 0, 5_000).unwrap(), 0);
        assert!(shares_for_tokens(10, 0, 5_000).unwrap() > 0);
        assert!(shares_for_tokens(u64::MAX, 0, u128::MAX).is_err());
    }
}
