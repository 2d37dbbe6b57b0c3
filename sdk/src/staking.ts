/**
 * The staking section of the SDK: PDAs, typed account fetchers, instruction builders and the
 * program's share math (docs/registry-staking.md), mirrored with bigints.
 */
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, SystemProgram, type TransactionInstruction } from "@solana/web3.js";

import { integerConstant } from "./idl";
import { pdaOf } from "./pda";
import type { SynqPrograms } from "./programs";
import { toBn as bn, toBigInt as big, type Amount } from "./values";

type StakingProgram = SynqPrograms["staking"];
export type StakeConfigAccount = Awaited<ReturnType<StakingProgram["account"]["stakeConfig"]["fetch"]>>;
export type StakePoolAccount = Awaited<ReturnType<StakingProgram["account"]["stakePool"]["fetch"]>>;
export type StakePositionAccount = Awaited<ReturnType<StakingProgram["account"]["stakePosition"]["fetch"]>>;


export const VIRTUAL_SHARES = integerConstant("staking", "VIRTUAL_SHARES");
export const VIRTUAL_TOKENS = integerConstant("staking", "VIRTUAL_TOKENS");

/** Shares minted for `amount` into a class of `tokens` / `shares` (rounded down, as on chain). */
export function sharesForTokens(amount: Amount, tokens: Amount, shares: Amount): bigint {
  return (big(amount) * (big(shares) + VIRTUAL_SHARES)) / (big(tokens) + VIRTUAL_TOKENS);
}

/** Tokens `burn` shares are worth (rounded down, capped at the class's tokens). */
export function tokensForShares(burn: Amount, tokens: Amount, shares: Amount): bigint {
  const value = (big(burn) * (big(tokens) + VIRTUAL_TOKENS)) / (big(shares) + VIRTUAL_SHARES);
  return value < big(tokens) ? value : big(tokens);
}

export const stakingPda = {
  config: (): PublicKey => pdaOf("staking", "CONFIG_SEED"),
  pool: (operator: PublicKey): PublicKey => pdaOf("staking", "POOL_SEED", operator),
  vault: (pool: PublicKey): PublicKey => pdaOf("staking", "VAULT_SEED", pool),
  position: (pool: PublicKey, owner: PublicKey): PublicKey => pdaOf("staking", "POSITION_SEED", pool, owner),
};

export interface StakeParams {
  cooldownSeconds?: Amount;
  warmupSeconds?: Amount;
  slasher?: PublicKey;
  governance?: PublicKey;
  authority?: PublicKey;
}

export class StakingSection {
  readonly pda = stakingPda;

  constructor(private readonly programs: SynqPrograms) {}

  private get program(): StakingProgram {
    return this.programs.staking;
  }

  // ---------------------------------------------------------------- accounts

  fetchConfig(): Promise<StakeConfigAccount> {
    return this.program.account.stakeConfig.fetch(stakingPda.config());
  }

  fetchPool(operator: PublicKey): Promise<StakePoolAccount | null> {
    return this.program.account.stakePool.fetchNullable(stakingPda.pool(operator));
  }

  fetchPosition(operator: PublicKey, owner: PublicKey): Promise<StakePositionAccount | null> {
    return this.program.account.stakePosition.fetchNullable(stakingPda.position(stakingPda.pool(operator), owner));
  }

  /** Every position of a pool (memcmp on `pool`, right after the discriminator). */
  async positionsOf(operator: PublicKey): Promise<{ publicKey: PublicKey; account: StakePositionAccount }[]> {
    return this.program.account.stakePosition.all([{ memcmp: { offset: 8, bytes: stakingPda.pool(operator).toBase58() } }]);
  }

  /** Tokens a position's active shares are worth now (0 for a wiped-out generation; stake
   * still warming up is not counted: see `fetchPosition(...).warming`). */
  async positionValue(operator: PublicKey, owner: PublicKey): Promise<bigint> {
    const [pool, position] = await Promise.all([this.fetchPool(operator), this.fetchPosition(operator, owner)]);
    if (pool === null || position === null || position.generation !== pool.generation) return 0n;
    return tokensForShares(position.shares, pool.totalTokens, pool.totalShares);
  }

  // ---------------------------------------------------------------- instructions

  setParams(authority: PublicKey, params: StakeParams): Promise<TransactionInstruction> {
    return this.program.methods
      .setParams({
        cooldownSeconds: params.cooldownSeconds === undefined ? null : bn(params.cooldownSeconds),
        warmupSeconds: params.warmupSeconds === undefined ? null : bn(params.warmupSeconds),
        slasher: params.slasher ?? null,
        governance: params.governance ?? null,
        authority: params.authority ?? null,
      })
      .accountsPartial({ authority, config: stakingPda.config() })
      .instruction();
  }

  async createPool(args: { operator: PublicKey; commissionBps: number; payer?: PublicKey; mint?: PublicKey }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    const mint = args.mint ?? (await this.fetchConfig()).mint;
    return this.program.methods
      .createPool(args.commissionBps)
      .accountsPartial({
        payer: args.payer ?? args.operator,
        operator: args.operator,
        config: stakingPda.config(),
        mint,
        pool,
        vault: stakingPda.vault(pool),
        tokenProgram: TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  stake(args: { owner: PublicKey; operator: PublicKey; ownerTokens: PublicKey; amount: Amount }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    return this.program.methods
      .stake(bn(args.amount))
      .accountsPartial({
        owner: args.owner,
        config: stakingPda.config(),
        pool,
        vault: stakingPda.vault(pool),
        position: stakingPda.position(pool, args.owner),
        ownerTokens: args.ownerTokens,
        tokenProgram: TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /** Permissionless: the position's warmed-up stake joins the pool's active class. */
  activateStake(args: { owner: PublicKey; operator: PublicKey }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    return this.program.methods
      .activateStake()
      .accountsPartial({ config: stakingPda.config(), pool, position: stakingPda.position(pool, args.owner) })
      .instruction();
  }

  requestUnstake(args: { owner: PublicKey; operator: PublicKey; shares: Amount }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    return this.program.methods
      .requestUnstake(bn(args.shares))
      .accountsPartial({ owner: args.owner, config: stakingPda.config(), pool, position: stakingPda.position(pool, args.owner) })
      .instruction();
  }

  withdraw(args: { owner: PublicKey; operator: PublicKey; destination: PublicKey }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    return this.program.methods
      .withdraw()
      .accountsPartial({
        owner: args.owner,
        config: stakingPda.config(),
        pool,
        vault: stakingPda.vault(pool),
        position: stakingPda.position(pool, args.owner),
        destination: args.destination,
        tokenProgram: TOKEN_PROGRAM_ID,
      })
      .instruction();
  }

  async slash(args: { slasher: PublicKey; operator: PublicKey; amount: Amount; mint?: PublicKey }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    const mint = args.mint ?? (await this.fetchConfig()).mint;
    return this.program.methods
      .slash(bn(args.amount))
      .accountsPartial({
        slasher: args.slasher,
        config: stakingPda.config(),
        pool,
        vault: stakingPda.vault(pool),
        mint,
        tokenProgram: TOKEN_PROGRAM_ID,
      })
      .instruction();
  }

  depositRewards(args: {
    depositor: PublicKey;
    operator: PublicKey;
    source: PublicKey;
    operatorTokens: PublicKey;
    amount: Amount;
  }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    return this.program.methods
      .depositRewards(bn(args.amount))
      .accountsPartial({
        depositor: args.depositor,
        config: stakingPda.config(),
        pool,
        vault: stakingPda.vault(pool),
        source: args.source,
        operatorTokens: args.operatorTokens,
        tokenProgram: TOKEN_PROGRAM_ID,
      })
      .instruction();
  }

  /** Governance only (`StakeConfig.governance`): open / close a vote on a position. */
  voteLock(args: { governance: PublicKey; position: PublicKey; lock: boolean }): Promise<TransactionInstruction> {
    const accounts = { governance: args.governance, config: stakingPda.config(), position: args.position };
    const builder = args.lock ? this.program.methods.lockVote() : this.program.methods.unlockVote();
    return builder.accountsPartial(accounts).instruction();
  }
}
