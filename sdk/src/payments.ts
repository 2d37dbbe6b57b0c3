/**
 * The payments section of the SDK (payment_config, docs/payments.md): credits, the payment
 * channel (developers sign cumulative receipts, nodes settle the newest one with an Ed25519
 * instruction in front of `settle_usage`), the cost estimator over the on-chain price table,
 * and the epoch reward instructions. The settlement job lives in `settlement.ts`.
 */
import { BN } from "@coral-xyz/anchor";
import { ed25519 } from "@noble/curves/ed25519";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import {
  Ed25519Program,
  PublicKey,
  SystemProgram,
  SYSVAR_INSTRUCTIONS_PUBKEY,
  type Keypair,
  type TransactionInstruction,
} from "@solana/web3.js";

import { integerConstant } from "./idl";
import { pda, pdaOf, seedConstant } from "./pda";
import type { SynqPrograms } from "./programs";
import { registryPda } from "./registry";
import { stakingPda } from "./staking";
import { enumVariant, toBn as bn, toBigInt as big, u64le, type Amount } from "./values";

type PaymentProgram = SynqPrograms["paymentConfig"];
export type PaymentConfigAccount = Awaited<ReturnType<PaymentProgram["account"]["config"]["fetch"]>>;
export type CreditAccountAccount = Awaited<ReturnType<PaymentProgram["account"]["creditAccount"]["fetch"]>>;
export type ChannelStateAccount = Awaited<ReturnType<PaymentProgram["account"]["channelState"]["fetch"]>>;
export type EpochAccount = Awaited<ReturnType<PaymentProgram["account"]["epoch"]["fetch"]>>;
export type NodeUsageAccount = Awaited<ReturnType<PaymentProgram["account"]["nodeUsage"]["fetch"]>>;
export type ClaimStatusAccount = Awaited<ReturnType<PaymentProgram["account"]["claimStatus"]["fetch"]>>;
export type PriceTable = PaymentConfigAccount["prices"];
export type TierPricing = PriceTable["free"];
export type FeeSplit = PaymentConfigAccount["feeSplit"];


/** Paid tiers (what `buy_credits` accepts) and the free one. */
const TIERS = ["free", "standard", "premium"] as const;
export type TierName = (typeof TIERS)[number];
const tierArg = (tier: TierName) =>
  ({ free: { free: {} }, standard: { standard: {} }, premium: { premium: {} } })[tier];

/** The tier name of a decoded `Tier` enum value. */
export function tierName(tier: object): TierName {
  return enumVariant(tier, TIERS, "tier");
}

const EPOCH_STATES = ["open", "ended", "closed"] as const;

/** The state name of a decoded `EpochState` enum value. */
export function epochStateName(state: object): (typeof EPOCH_STATES)[number] {
  return enumVariant(state, EPOCH_STATES, "epoch state");
}

export const RECEIPT_DOMAIN = seedConstant("paymentConfig", "RECEIPT_DOMAIN");
export const RECEIPT_MESSAGE_LEN = Number(integerConstant("paymentConfig", "RECEIPT_MESSAGE_LEN"));
export const BPS_DENOMINATOR = integerConstant("paymentConfig", "BPS_DENOMINATOR");


export const paymentsPda = {
  config: pda.paymentConfig,
  treasury: (): PublicKey => pda.treasury(),
  rewardVault: (): PublicKey => pdaOf("paymentConfig", "REWARD_VAULT_SEED", paymentsPda.config()),
  creditAccount: (owner: PublicKey): PublicKey => pdaOf("paymentConfig", "CREDIT_SEED", owner),
  channel: (creditAccount: PublicKey, node: PublicKey): PublicKey =>
    pdaOf("paymentConfig", "CHANNEL_SEED", creditAccount, node),
  epoch: (epoch: Amount): PublicKey => pdaOf("paymentConfig", "EPOCH_SEED", u64le(epoch)),
  nodeUsage: (epoch: Amount, node: PublicKey): PublicKey =>
    pdaOf("paymentConfig", "USAGE_SEED", paymentsPda.epoch(epoch), node),
  claimStatus: (epoch: Amount, node: PublicKey): PublicKey =>
    pdaOf("paymentConfig", "CLAIM_SEED", paymentsPda.epoch(epoch), node),
};

// ------------------------------------------------------------------ receipts (the channel)

/** A cumulative usage receipt: what the developer owes `node` in total so far. */
export interface Receipt {
  /** The deployment's $SYNQ mint (the payment config's `mint`): binds the receipt to it. */
  mint: PublicKey;
  /** The registry `Node` account of the serving node. */
  node: PublicKey;
  creditAccount: PublicKey;
  cumulativeCredits: bigint;
  nonce: bigint;
}

export interface SignedReceipt extends Receipt {
  /** The credit account's owner (the developer's wallet). */
  signer: PublicKey;
  signature: Uint8Array;
}

/** The exact bytes signed: RECEIPT_DOMAIN || mint || node || credit_account || cumulative u64 LE || nonce u64 LE. */
export function receiptMessage(receipt: Receipt): Buffer {
  if (receipt.cumulativeCredits < 0n || receipt.nonce < 0n) throw new RangeError("receipt amounts must be unsigned");
  const message = Buffer.concat([
    RECEIPT_DOMAIN,
    receipt.mint.toBuffer(),
    receipt.node.toBuffer(),
    receipt.creditAccount.toBuffer(),
    u64le(receipt.cumulativeCredits),
    u64le(receipt.nonce),
  ]);
  if (message.length !== RECEIPT_MESSAGE_LEN) throw new Error(`receipt message is ${message.length} bytes`);
  return message;
}

/** The developer side of the channel: sign a cumulative receipt with the wallet key. */
export function signReceipt(developer: Keypair, receipt: Omit<Receipt, "creditAccount"> & { creditAccount?: PublicKey }): SignedReceipt {
  const full: Receipt = { ...receipt, creditAccount: receipt.creditAccount ?? paymentsPda.creditAccount(developer.publicKey) };
  const signature = ed25519.sign(receiptMessage(full), developer.secretKey.subarray(0, 32));
  return { ...full, signer: developer.publicKey, signature };
}

/** What a node checks before serving more: the signature is the owner's over this receipt. */
export function verifyReceipt(receipt: SignedReceipt): boolean {
  try {
    return ed25519.verify(receipt.signature, receiptMessage(receipt), receipt.signer.toBytes());
  } catch {
    return false;
  }
}

/**
 * Credits ever locked in a channel and not withdrawn (`deposit + settled_credits`): a receipt's
 * cumulative credits can never exceed it (`settle_usage` fails with ChannelUnderfunded).
 */
export function channelFunded(channel: Pick<ChannelStateAccount, "deposit" | "settledCredits"> | null): bigint {
  return channel === null ? 0n : big(channel.deposit) + big(channel.settledCredits);
}

// ------------------------------------------------------------------ cost estimation

export interface UsageEstimate {
  /** Bytes stored for `months` months. */
  storageBytes?: bigint | number;
  months?: number;
  queries?: bigint | number;
  vectors?: bigint | number;
}

export interface CostEstimate {
  /** $SYNQ base units. */
  baseUnits: bigint;
  credits: bigint;
}

const GB = 1_000_000_000n;
const MILLION = 1_000_000n;
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
const positive = (value: bigint): bigint => (value > 0n ? value : 0n);

/**
 * Cost of `usage` on `tier` under `prices` (the on-chain price table): usage above the tier's
 * free quota, priced per GB-month / per million, rounded up; credits = base units x rate.
 * Storage is prorated per month in thousandths (`months` may be fractional). The Free tier sells
 * nothing above its quotas: usage beyond them is a RangeError.
 */
export function estimateCost(prices: PriceTable, creditRate: Amount, tier: TierName, usage: UsageEstimate): CostEstimate {
  const row: TierPricing = prices[tier];
  if (tier === "free") {
    const over =
      BigInt(usage.storageBytes ?? 0) > big(row.freeStorageBytes) ||
      BigInt(usage.queries ?? 0) > big(row.freeQueries) ||
      BigInt(usage.vectors ?? 0) > big(row.freeVectors);
    if (over) throw new RangeError("usage exceeds the Free tier's quota: buy credits for a paid tier");
    return { baseUnits: 0n, credits: 0n };
  }
  const storage = positive(BigInt(usage.storageBytes ?? 0) - big(row.freeStorageBytes));
  const queries = positive(BigInt(usage.queries ?? 0) - big(row.freeQueries));
  const vectors = positive(BigInt(usage.vectors ?? 0) - big(row.freeVectors));
  const milliMonths = BigInt(Math.round((usage.months ?? 1) * 1000));
  const baseUnits =
    ceilDiv(storage * big(row.storagePerGbMonth) * milliMonths, GB * 1000n) +
    ceilDiv(queries * big(row.perMillionQueries), MILLION) +
    ceilDiv(vectors * big(row.perMillionVectors), MILLION);
  return { baseUnits, credits: baseUnits * big(creditRate) };
}

/** The split of a payment as `buy_credits` computes it (operators get the rounding remainder). */
export function splitPayment(amount: Amount, split: FeeSplit): { burned: bigint; toTreasury: bigint; toRewards: bigint } {
  const value = big(amount);
  const burned = (value * BigInt(split.burnBps)) / BPS_DENOMINATOR;
  const toTreasury = (value * BigInt(split.treasuryBps)) / BPS_DENOMINATOR;
  return { burned, toTreasury, toRewards: value - burned - toTreasury };
}

export interface PaymentParams {
  feeSplit?: FeeSplit;
  creditRate?: Amount;
  prices?: PriceTable;
  epochLengthSeconds?: Amount;
  claimWindowSeconds?: Amount;
  channelCloseSeconds?: Amount;
  guardian?: PublicKey;
  authority?: PublicKey;
}

const optionalBn = (value: Amount | undefined): BN | null => (value === undefined ? null : bn(value));

export class PaymentsSection {
  readonly pda = paymentsPda;

  constructor(private readonly programs: SynqPrograms) {}

  private get program(): PaymentProgram {
    return this.programs.paymentConfig;
  }

  // ---------------------------------------------------------------- accounts

  fetchConfig(): Promise<PaymentConfigAccount> {
    return this.program.account.config.fetch(paymentsPda.config());
  }

  fetchCreditAccount(owner: PublicKey): Promise<CreditAccountAccount | null> {
    return this.program.account.creditAccount.fetchNullable(paymentsPda.creditAccount(owner));
  }

  fetchChannel(creditAccount: PublicKey, node: PublicKey): Promise<ChannelStateAccount | null> {
    return this.program.account.channelState.fetchNullable(paymentsPda.channel(creditAccount, node));
  }

  fetchEpoch(epoch: Amount): Promise<EpochAccount | null> {
    return this.program.account.epoch.fetchNullable(paymentsPda.epoch(epoch));
  }

  async currentEpoch(): Promise<bigint> {
    return big((await this.fetchConfig()).currentEpoch);
  }

  /** Every node's settled usage in `epoch` (memcmp on `epoch`, right after the discriminator). */
  usageOf(epoch: Amount): Promise<{ publicKey: PublicKey; account: NodeUsageAccount }[]> {
    return this.program.account.nodeUsage.all([{ memcmp: { offset: 8, bytes: paymentsPda.epoch(epoch).toBase58() } }]);
  }

  fetchClaimStatus(epoch: Amount, node: PublicKey): Promise<ClaimStatusAccount | null> {
    return this.program.account.claimStatus.fetchNullable(paymentsPda.claimStatus(epoch, node));
  }

  /** Cost of `usage` on `tier` (default Standard) under the price table now on chain. */
  async estimate(usage: UsageEstimate, tier?: TierName): Promise<CostEstimate> {
    const config = await this.fetchConfig();
    return estimateCost(config.prices, config.creditRate, tier ?? "standard", usage);
  }

  // ---------------------------------------------------------------- instructions

  setParams(authority: PublicKey, params: PaymentParams): Promise<TransactionInstruction> {
    return this.program.methods
      .setParams({
        feeSplit: params.feeSplit ?? null,
        creditRate: optionalBn(params.creditRate),
        prices: params.prices ?? null,
        epochLengthSeconds: optionalBn(params.epochLengthSeconds),
        claimWindowSeconds: optionalBn(params.claimWindowSeconds),
        channelCloseSeconds: optionalBn(params.channelCloseSeconds),
        guardian: params.guardian ?? null,
        authority: params.authority ?? null,
      })
      .accountsPartial({ authority, config: paymentsPda.config() })
      .instruction();
  }

  pause(signer: PublicKey): Promise<TransactionInstruction> {
    return this.program.methods.pause().accountsPartial({ signer, config: paymentsPda.config() }).instruction();
  }

  unpause(signer: PublicKey): Promise<TransactionInstruction> {
    return this.program.methods.unpause().accountsPartial({ signer, config: paymentsPda.config() }).instruction();
  }

  /** Pays `amount` base units from `buyerTokens` for credits on a paid tier (default Standard). */
  async buyCredits(args: {
    buyer: PublicKey;
    buyerTokens: PublicKey;
    amount: Amount;
    tier?: Exclude<TierName, "free">;
    config?: PaymentConfigAccount;
  }): Promise<TransactionInstruction> {
    const config = args.config ?? (await this.fetchConfig());
    return this.program.methods
      .buyCredits(bn(args.amount), tierArg(args.tier ?? "standard"))
      .accountsPartial({
        buyer: args.buyer,
        config: paymentsPda.config(),
        creditAccount: paymentsPda.creditAccount(args.buyer),
        buyerTokens: args.buyerTokens,
        mint: config.mint,
        treasury: config.treasury,
        rewardVault: config.rewardVault,
        tokenProgram: TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /** The developer locks `amount` credits of its balance for `node` (a registry Node account). */
  fundChannel(args: { owner: PublicKey; node: PublicKey; amount: Amount }): Promise<TransactionInstruction> {
    const creditAccount = paymentsPda.creditAccount(args.owner);
    return this.program.methods
      .fundChannel(bn(args.amount))
      .accountsPartial({
        owner: args.owner,
        config: paymentsPda.config(),
        creditAccount,
        node: args.node,
        channel: paymentsPda.channel(creditAccount, args.node),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /**
   * The developer asks for a channel's unused deposit back (`close: "request"`), then takes it
   * once the settlement window has passed (`close: "withdraw"`).
   */
  closeChannel(args: { owner: PublicKey; node: PublicKey; close: "request" | "withdraw" }): Promise<TransactionInstruction> {
    const creditAccount = paymentsPda.creditAccount(args.owner);
    const accounts = { owner: args.owner, config: paymentsPda.config(), creditAccount, channel: paymentsPda.channel(creditAccount, args.node) };
    const builder = args.close === "request" ? this.program.methods.requestChannelClose() : this.program.methods.withdrawChannel();
    return builder.accountsPartial(accounts).instruction();
  }

  /**
   * The node side of the channel: the Ed25519 instruction carrying the developer's signature
   * and `settle_usage` right after it. Send both in one transaction, in this order.
   */
  async settleUsage(args: { operator: PublicKey; receipt: SignedReceipt; epoch?: Amount }): Promise<TransactionInstruction[]> {
    const { receipt } = args;
    const epoch = args.epoch ?? (await this.currentEpoch());
    const verify = Ed25519Program.createInstructionWithPublicKey({
      publicKey: receipt.signer.toBytes(),
      message: receiptMessage(receipt),
      signature: receipt.signature,
    });
    const settle = await this.program.methods
      .settleUsage(bn(receipt.cumulativeCredits), bn(receipt.nonce))
      .accountsPartial({
        operator: args.operator,
        config: paymentsPda.config(),
        node: receipt.node,
        registryConfig: pda.registryConfig(),
        pool: stakingPda.pool(args.operator),
        creditAccount: receipt.creditAccount,
        channel: paymentsPda.channel(receipt.creditAccount, receipt.node),
        epoch: paymentsPda.epoch(epoch),
        nodeUsage: paymentsPda.nodeUsage(epoch, receipt.node),
        instructions: SYSVAR_INSTRUCTIONS_PUBKEY,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    return [verify, settle];
  }

  /** The permissionless crank that ends the open epoch `current` and opens the next. */
  async advanceEpoch(payer: PublicKey, current?: Amount): Promise<TransactionInstruction> {
    const epoch = current ?? (await this.currentEpoch());
    return this.program.methods
      .advanceEpoch()
      .accountsPartial({
        payer,
        config: paymentsPda.config(),
        current: paymentsPda.epoch(epoch),
        next: paymentsPda.epoch(big(epoch) + 1n),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /**
   * Claims a node's reward of an ended `epoch` into its staking pool (permissionless; the
   * program computes the amount: `rewardShare`). `operator` is the node's operator (its pool
   * and node PDAs derive from it); `operatorTokens` receives the commission.
   */
  claim(args: { payer: PublicKey; epoch: Amount; operator: PublicKey; operatorTokens: PublicKey }): Promise<TransactionInstruction> {
    const node = registryPda.node(args.operator);
    const pool = stakingPda.pool(args.operator);
    return this.program.methods
      .claim()
      .accountsPartial({
        payer: args.payer,
        config: paymentsPda.config(),
        epoch: paymentsPda.epoch(args.epoch),
        node,
        registryConfig: pda.registryConfig(),
        nodeUsage: paymentsPda.nodeUsage(args.epoch, node),
        claimStatus: paymentsPda.claimStatus(args.epoch, node),
        rewardVault: paymentsPda.rewardVault(),
        stakeConfig: stakingPda.config(),
        pool,
        poolVault: stakingPda.vault(pool),
        operatorTokens: args.operatorTokens,
        stakingProgram: this.programs.staking.programId,
        tokenProgram: TOKEN_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  clawback(epoch: Amount): Promise<TransactionInstruction> {
    return this.program.methods
      .clawback()
      .accountsPartial({
        config: paymentsPda.config(),
        epoch: paymentsPda.epoch(epoch),
        rewardVault: paymentsPda.rewardVault(),
        treasury: paymentsPda.treasury(),
        tokenProgram: TOKEN_PROGRAM_ID,
      })
      .instruction();
  }

  /** The config authority (after the handover: governance, so a proposal's action) pays `amount` out of the treasury. */
  spendTreasury(args: { authority: PublicKey; destination: PublicKey; amount: Amount }): Promise<TransactionInstruction> {
    return this.program.methods
      .spendTreasury(bn(args.amount))
      .accountsPartial({
        authority: args.authority,
        config: paymentsPda.config(),
        treasury: paymentsPda.treasury(),
        destination: args.destination,
        tokenProgram: TOKEN_PROGRAM_ID,
      })
      .instruction();
  }
}
