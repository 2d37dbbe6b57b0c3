/**
 * A developer's session with one storage node (docs/paid-access.md): signed requests, the
 * payment channel to the node, and co-signing receipts for the node's usage statements after
 * recomputing them from the on-chain price table. `SynqDataClient` holds one per node it uses.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";

import type { SynqClient } from "./client";
import { channelFunded, paymentsPda, signReceipt, tierName, type PaymentConfigAccount } from "./payments";
import { signRequest } from "./signed-request";
import { USAGE_HEADER, decodeUsageStatement, periodCredits, verifyUsageStatement, type SignedUsageStatement } from "./usage-statement";
import { toBigInt } from "./values";

export type Json = Record<string, unknown>;

/** The node refused service until the developer pays: the message says what to do. */
export class PaymentRequiredError extends Error {}
/** The node asked for a receipt the client cannot recompute: it was not signed. */
export class UsageDisputeError extends Error {}
/** A data request the node refused (status and its error body). */
export class DataRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
/** The node could not be reached (connection refused or reset, or it answered 5xx). */
export class NodeUnavailableError extends Error {}

export interface ChosenNode {
  address: PublicKey;
  operator: PublicKey;
  endpoint: string;
}

export interface SessionLimits {
  /** Largest receipt step signed at once. */
  maxReceiptCredits: bigint;
  /** Check each statement's query count against the requests sent. */
  countQueries: boolean;
}

export class NodeSession {
  private config: PaymentConfigAccount | null = null;
  private lastStatement: SignedUsageStatement | null = null;
  private signedCredits = 0n;
  private nonce = 0n;
  private sentSinceStatement = 0;
  private paying: Promise<void> | null = null;
  readonly creditAccount: PublicKey;

  constructor(
    private readonly client: SynqClient,
    private readonly wallet: Keypair,
    readonly node: ChosenNode,
    private readonly limits: SessionLimits,
  ) {
    this.creditAccount = paymentsPda.creditAccount(wallet.publicKey);
  }

  /** Reads where the channel stands on the node (its newest receipt), to sign after it. */
  async open(): Promise<void> {
    const metering = (await this.usage()).metering as { receiptNonce?: string; receipted?: string } | undefined;
    this.nonce = BigInt(metering?.receiptNonce ?? "0");
    this.signedCredits = BigInt(metering?.receipted ?? "0");
  }

  /** The node's metering of this wallet (`GET /v1/usage`). */
  usage(): Promise<Json> {
    return this.call<Json>("GET", "/v1/usage", undefined, false);
  }

  /** Credits locked for the node and not yet spent, as the chain and the node's last statement say. */
  async unspent(): Promise<bigint> {
    const channel = await this.client.payments.fetchChannel(this.creditAccount, this.node.address);
    const funded = channelFunded(channel);
    const owed = this.lastStatement?.credits ?? this.signedCredits;
    return funded > owed ? funded - owed : 0n;
  }

  /** Locks more credits for the node (`fund_channel`) when fewer than `target` are unspent. */
  async ensureDeposit(target: bigint): Promise<void> {
    const unspent = await this.unspent();
    if (unspent >= target) return;
    const credit = await this.client.payments.fetchCreditAccount(this.wallet.publicKey);
    const balance = credit === null ? 0n : toBigInt(credit.balance);
    const amount = target - unspent;
    if (balance < amount) throw new PaymentRequiredError(`the credit account holds ${balance} credits; ${amount} more are needed for node ${this.node.address.toBase58()}: buy credits (buy_credits)`);
    await this.client.send(await this.client.payments.fundChannel({ owner: this.wallet.publicKey, node: this.node.address, amount }), { signers: [this.wallet] });
  }

  /** Co-signs a receipt for everything the node's fresh statement shows (e.g. after RESP use). */
  async payUsage(): Promise<bigint> {
    const metering = (await this.usage()).metering as { statement?: string } | undefined;
    if (metering?.statement !== undefined) await this.coSign(decodeUsageStatement(metering.statement));
    return this.signedCredits;
  }

  /** One signed request; co-signs the statement a response carries. */
  async call<T>(method: string, path: string, body?: Json, count = true): Promise<T> {
    let moved = false;
    for (let attempt = 0; ; attempt++) {
      const bytes = body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body));
      const headers = await signRequest(this.wallet, { node: this.node.address, method, path, body: bytes });
      let res: Response;
      try {
        res = await fetch(`${this.node.endpoint}${path}`, {
          method,
          headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          body: body === undefined ? undefined : bytes,
        });
      } catch (err) {
        // A node that restarted may listen elsewhere now: its registry entry says where.
        if (!moved && (await this.refreshEndpoint())) {
          moved = true;
          continue;
        }
        throw new NodeUnavailableError(`node ${this.node.address.toBase58()} at ${this.node.endpoint}: ${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}`);
      }
      if (count) this.sentSinceStatement++;
      const statement = res.headers.get(USAGE_HEADER);
      const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } } & Json;
      if (statement !== null) await this.coSign(decodeUsageStatement(statement));
      if (res.ok) return json as T;
      const message = json.error?.message ?? `HTTP ${res.status}`;
      if (res.status === 402) {
        // A receipt may be what it waited for (one retry after signing it), or a deposit just
        // made that the node had not read yet (one retry a moment later).
        if (attempt === 0) {
          if (statement === null) await new Promise((resolve) => setTimeout(resolve, 300));
          continue;
        }
        throw new PaymentRequiredError(message);
      }
      if (res.status >= 500) throw new NodeUnavailableError(`node ${this.node.address.toBase58()}: ${message}`);
      throw new DataRequestError(res.status, json.error?.code ?? "error", message);
    }
  }

  /** Re-reads the node's endpoint from the registry; true when it changed. */
  private async refreshEndpoint(): Promise<boolean> {
    const account = await this.client.registry.fetchNode(this.node.operator).catch(() => null);
    if (account === null || account.endpoint === this.node.endpoint) return false;
    this.node.endpoint = account.endpoint;
    return true;
  }

  /** Checks a statement against the chain's prices and this session's own count, then signs. */
  private coSign(statement: SignedUsageStatement): Promise<void> {
    // One co-signing at a time: concurrent requests see the same statement.
    const next = (this.paying ?? Promise.resolve()).catch(() => undefined).then(() => this.check(statement));
    this.paying = next;
    return next;
  }

  private async check(statement: SignedUsageStatement): Promise<void> {
    const deployment = this.client.requireDeployment();
    if (!verifyUsageStatement(statement, this.node.operator)) throw new UsageDisputeError("the usage statement is not signed by the node's operator");
    if (!statement.mint.equals(deployment.mint) || !statement.node.equals(this.node.address) || !statement.creditAccount.equals(this.creditAccount)) {
      throw new UsageDisputeError("the usage statement is for another network, node or account");
    }
    if (statement.credits <= this.signedCredits) return;
    const last = this.lastStatement;
    if (last !== null && (statement.period < last.period || statement.credits < last.credits)) throw new UsageDisputeError("the usage statement goes back on an earlier one");
    if (last !== null && statement.priorCredits < (last.period < statement.period ? last.credits : last.priorCredits)) throw new UsageDisputeError("the statement's earlier periods shrank");
    // (The first statement a session sees may count usage from before it opened.)
    if (this.limits.countQueries && last !== null) {
      const before = last.period === statement.period ? last.queries : 0n;
      if (statement.queries - before > BigInt(this.sentSinceStatement)) {
        throw new UsageDisputeError(`the node counts ${statement.queries - before} queries since its last statement; this client sent ${this.sentSinceStatement}`);
      }
    }
    const credit = await this.client.payments.fetchCreditAccount(this.wallet.publicKey);
    const tier = credit === null ? "free" : tierName(credit.tier);
    if (statement.tier !== tier) throw new UsageDisputeError(`the statement prices the ${statement.tier} tier; the account is on ${tier}`);
    const priced = async (fresh: boolean): Promise<bigint> => {
      if (fresh || this.config === null) this.config = await this.client.payments.fetchConfig();
      return statement.priorCredits + periodCredits(this.config.prices[statement.tier], this.config.creditRate, statement);
    };
    // (A governance change of the table may be newer than the copy held: read it again once.)
    if ((await priced(false)) !== statement.credits && (await priced(true)) !== statement.credits) {
      throw new UsageDisputeError(`the statement asks ${statement.credits} credits; its counts at the table's prices come to ${await priced(false)}`);
    }
    const step = statement.credits - this.signedCredits;
    if (step > this.limits.maxReceiptCredits) throw new UsageDisputeError(`the node asks a receipt for ${step} more credits at once; this client signs at most ${this.limits.maxReceiptCredits}`);
    const channel = await this.client.payments.fetchChannel(this.creditAccount, this.node.address);
    const funded = channelFunded(channel);
    const credits = statement.credits < funded ? statement.credits : funded;
    this.lastStatement = statement;
    this.sentSinceStatement = 0;
    if (credits > this.signedCredits) await this.sendReceipt(credits);
    if (statement.credits > funded) {
      throw new PaymentRequiredError(`the channel to node ${this.node.address.toBase58()} is spent (${statement.credits} credits used, ${funded} locked): fund it (ensureDeposit / fund_channel)`);
    }
  }

  private async sendReceipt(credits: bigint): Promise<void> {
    const now = BigInt(Date.now());
    this.nonce = now > this.nonce ? now : this.nonce + 1n;
    const receipt = signReceipt(this.wallet, { node: this.node.address, mint: this.client.requireDeployment().mint, cumulativeCredits: credits, nonce: this.nonce });
    const res = await fetch(`${this.node.endpoint}/v1/receipts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        creditAccount: receipt.creditAccount.toBase58(),
        signer: receipt.signer.toBase58(),
        cumulativeCredits: credits.toString(),
        nonce: this.nonce.toString(),
        signature: Buffer.from(receipt.signature).toString("base64"),
      }),
    });
    const outcome = (await res.json().catch(() => ({}))) as { accepted?: boolean; error?: { message?: string } };
    if (!res.ok || outcome.accepted !== true) throw new Error(`the node did not take the receipt: ${outcome.error?.message ?? JSON.stringify(outcome)}`);
    this.signedCredits = credits;
  }
}
