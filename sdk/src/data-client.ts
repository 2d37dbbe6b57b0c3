/**
 * `SynqDataClient`: a developer's access to a storage node's data (docs/paid-access.md) with
 * nothing but a wallet. It picks a node from the registry, signs every request with the wallet,
 * funds the payment channel to that node, and co-signs a cumulative receipt whenever the node
 * asks, after recomputing the credits from the node's signed usage statement and the on-chain
 * price table. It never signs for more than that, nor for more than the channel holds.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";

import type { SynqClient } from "./client";
import { paymentsPda, signReceipt, tierName, type PaymentConfigAccount } from "./payments";
import { DataModel, nodeStatusName } from "./registry";
import { signRequest } from "./signed-request";
import { USAGE_HEADER, decodeUsageStatement, periodCredits, verifyUsageStatement, type SignedUsageStatement } from "./usage-statement";
import { toBigInt, type Amount } from "./values";

export type DataModelName = "kv" | "documents" | "vectors" | "timeseries";
const MODEL_BITS: Record<DataModelName, number> = { kv: DataModel.Kv, documents: DataModel.Documents, vectors: DataModel.Vectors, timeseries: DataModel.TimeSeries };

export interface DataClientOptions {
  /** The node to use (its registry address); otherwise the best Active, committed node serving `models`. */
  node?: PublicKey;
  /** Data models the node must serve (default: all four). */
  models?: DataModelName[];
  /** Prefer nodes of this region code. */
  region?: number;
  /** Keep at least this many unspent credits locked for the node, funding the channel when less. */
  deposit?: Amount;
  /** Largest receipt step the client signs at once (default 1,000,000 credits). */
  maxReceiptCredits?: Amount;
  /**
   * Check each statement's query count against the requests this client sent (default true).
   * Turn it off when other clients (e.g. ioredis) use the same wallet on the node.
   */
  countQueries?: boolean;
}

/** The node refused service until the developer pays: the message says what to do. */
export class PaymentRequiredError extends Error {}
/** The node asked for a receipt the client cannot recompute: it was not signed. */
export class UsageDisputeError extends Error {}
/** A data request the node refused (status and its error body). */
export class DataRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export interface ChosenNode {
  address: PublicKey;
  operator: PublicKey;
  endpoint: string;
}

/** Picks a node: the one given, or the Active committed node with the best QoS (then stake) serving `models`. */
export async function chooseNode(client: SynqClient, options: Pick<DataClientOptions, "node" | "models" | "region"> = {}): Promise<ChosenNode> {
  const nodes = await client.registry.allNodes();
  const need = (options.models ?? (Object.keys(MODEL_BITS) as DataModelName[])).reduce((bits, m) => bits | MODEL_BITS[m], 0);
  if (options.node !== undefined) {
    const found = nodes.find((n) => n.publicKey.equals(options.node!));
    if (found === undefined) throw new Error(`no node ${options.node.toBase58()} in the registry`);
    return { address: found.publicKey, operator: found.account.operator, endpoint: found.account.endpoint };
  }
  const usable = nodes.filter(
    (n) => nodeStatusName(n.account.status) === "Active" && !n.account.commitment.size.isZero() && (n.account.models & need) === need && /^https?:\/\//.test(n.account.endpoint),
  );
  if (usable.length === 0) throw new Error("no Active node with a storage commitment serves these models: start one (npm start) or pass { node }");
  const pools = await Promise.all(usable.map((n) => client.staking.fetchPool(n.account.operator)));
  const ranked = usable
    .map((n, i) => ({ n, stake: toBigInt(pools[i]?.totalTokens ?? 0) }))
    .sort((a, b) => {
      const region = Number(b.n.account.region === options.region) - Number(a.n.account.region === options.region);
      if (region !== 0) return region;
      if (a.n.account.qosBps !== b.n.account.qosBps) return b.n.account.qosBps - a.n.account.qosBps;
      return a.stake === b.stake ? 0 : a.stake < b.stake ? 1 : -1;
    });
  const best = ranked[0].n;
  return { address: best.publicKey, operator: best.account.operator, endpoint: best.account.endpoint };
}

export class SynqDataClient {
  readonly creditAccount: PublicKey;
  private config: PaymentConfigAccount | null = null;
  private lastStatement: SignedUsageStatement | null = null;
  private signedCredits = 0n;
  private nonce = 0n;
  private sentSinceStatement = 0;
  private paying: Promise<void> | null = null;

  readonly kv = {
    get: (key: string) => this.call<{ value: string | null }>("GET", `/v1/kv/${enc(key)}`).then((r) => r.value),
    set: (key: string, value: string, options: { ttlMs?: number } = {}) => this.call<Json>("PUT", `/v1/kv/${enc(key)}`, { value, ...options }),
    del: (key: string) => this.call<{ deleted: number }>("DELETE", `/v1/kv/${enc(key)}`).then((r) => r.deleted),
    keys: (pattern?: string) => this.call<{ keys: string[] }>("GET", pattern === undefined ? "/v1/kv" : `/v1/kv?pattern=${enc(pattern)}`).then((r) => r.keys),
  };

  readonly documents = {
    listCollections: () => this.call<Json>("GET", "/v1/collections"),
    createCollection: (collection: string, options: { schema?: Json; indexes?: Json[] } = {}) => this.call<Json>("PUT", `/v1/collections/${enc(collection)}`, options),
    dropCollection: (collection: string) => this.call<Json>("DELETE", `/v1/collections/${enc(collection)}`),
    insert: (collection: string, docs: Json[]) => this.call<{ insertedIds: string[] }>("POST", `/v1/collections/${enc(collection)}/docs`, { docs }),
    get: (collection: string, id: string) => this.call<Json>("GET", `/v1/collections/${enc(collection)}/docs/${enc(id)}`),
    find: (collection: string, filter: Json = {}, options: { projection?: Json; sort?: Json; skip?: number; limit?: number } = {}) =>
      this.call<{ docs: Json[] }>("POST", `/v1/collections/${enc(collection)}/find`, { filter, ...options }).then((r) => r.docs),
    count: (collection: string, filter: Json = {}) => this.call<{ count: number }>("POST", `/v1/collections/${enc(collection)}/count`, { filter }).then((r) => r.count),
    update: (collection: string, filter: Json, update: Json, options: { multi?: boolean; upsert?: boolean } = {}) =>
      this.call<Json>("POST", `/v1/collections/${enc(collection)}/update`, { filter, update, ...options }),
    delete: (collection: string, filter: Json, options: { multi?: boolean } = {}) =>
      this.call<{ deleted: number }>("POST", `/v1/collections/${enc(collection)}/delete`, { filter, ...options }).then((r) => r.deleted),
    aggregate: (collection: string, pipeline: Json[]) => this.call<{ docs: Json[] }>("POST", `/v1/collections/${enc(collection)}/aggregate`, { pipeline }).then((r) => r.docs),
  };

  readonly vectors = {
    listCollections: () => this.call<Json>("GET", "/v1/vectors"),
    createCollection: (collection: string, options: { dimension: number; metric?: "cosine" | "l2" | "dot" }) => this.call<Json>("PUT", `/v1/vectors/${enc(collection)}`, options),
    info: (collection: string) => this.call<Json>("GET", `/v1/vectors/${enc(collection)}`),
    dropCollection: (collection: string) => this.call<Json>("DELETE", `/v1/vectors/${enc(collection)}`),
    upsert: (collection: string, items: { id: string; vector: number[]; metadata?: Json }[]) => this.call<Json>("POST", `/v1/vectors/${enc(collection)}/upsert`, { items }),
    delete: (collection: string, ids: string[]) => this.call<Json>("POST", `/v1/vectors/${enc(collection)}/delete`, { ids }),
    search: (collection: string, vector: number[], options: { k?: number; filter?: Json; includeMetadata?: boolean } = {}) =>
      this.call<{ hits: { id: string; score: number; metadata?: Json }[] }>("POST", `/v1/vectors/${enc(collection)}/search`, { vector, ...options }).then((r) => r.hits),
  };

  readonly timeseries = {
    listSeries: (tags: Record<string, string> = {}) =>
      this.call<Json>("GET", `/v1/series${Object.keys(tags).length === 0 ? "" : `?${Object.entries(tags).map(([k, v]) => `tag.${enc(k)}=${enc(v)}`).join("&")}`}`),
    createSeries: (series: string, options: { tags?: Record<string, string>; retentionMs?: number } = {}) => this.call<Json>("PUT", `/v1/series/${enc(series)}`, options),
    dropSeries: (series: string) => this.call<Json>("DELETE", `/v1/series/${enc(series)}`),
    ingest: (series: string, points: [number, number][]) => this.call<{ written: number }>("POST", `/v1/series/${enc(series)}/points`, { points }).then((r) => r.written),
    range: (series: string, options: { from?: number; to?: number; limit?: number } = {}) =>
      this.call<{ points: [number, number][] }>("POST", `/v1/series/${enc(series)}/range`, options).then((r) => r.points),
    downsample: (series: string, options: { from?: number; to?: number; bucketMs: number; aggs: string[] }) => this.call<Json>("POST", `/v1/series/${enc(series)}/downsample`, options),
  };

  private constructor(
    private readonly client: SynqClient,
    private readonly wallet: Keypair,
    readonly node: ChosenNode,
    private readonly options: DataClientOptions,
  ) {
    this.creditAccount = paymentsPda.creditAccount(wallet.publicKey);
  }

  /** Chooses the node, reads where the channel stands and funds it up to `deposit`. */
  static async open(client: SynqClient, wallet: Keypair, options: DataClientOptions = {}): Promise<SynqDataClient> {
    const db = new SynqDataClient(client, wallet, await chooseNode(client, options), options);
    const metering = (await db.usage()).metering as { receiptNonce?: string; receipted?: string } | undefined;
    db.nonce = BigInt(metering?.receiptNonce ?? "0");
    db.signedCredits = BigInt(metering?.receipted ?? "0");
    if (options.deposit !== undefined) await db.ensureDeposit(toBigInt(options.deposit));
    return db;
  }

  /** Any executor request (`{model, op, ...}`), as `POST /v1/query`. */
  query<T = Json>(request: Json): Promise<T> {
    return this.call<T>("POST", "/v1/query", request);
  }

  /** The node's metering of this wallet (`GET /v1/usage`). */
  usage(): Promise<Json> {
    return this.call<Json>("GET", "/v1/usage", undefined, false);
  }

  /** Credits locked for the node and not yet spent, as the chain and the node's last statement say. */
  async unspent(): Promise<bigint> {
    const channel = await this.client.payments.fetchChannel(this.creditAccount, this.node.address);
    const funded = channel === null ? 0n : toBigInt(channel.deposit) + toBigInt(channel.settledCredits);
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
    if (balance < amount) throw new PaymentRequiredError(`the credit account holds ${balance} credits; ${amount} more are needed for the node: buy credits (buy_credits)`);
    await this.client.send(await this.client.payments.fundChannel({ owner: this.wallet.publicKey, node: this.node.address, amount }), { signers: [this.wallet] });
  }

  /** Co-signs a receipt for everything the node's fresh statement shows (e.g. after RESP use). */
  async payUsage(): Promise<bigint> {
    const metering = (await this.usage()).metering as { statement?: string } | undefined;
    if (metering?.statement === undefined) return this.signedCredits;
    await this.coSign(decodeUsageStatement(metering.statement));
    return this.signedCredits;
  }

  private async call<T>(method: string, path: string, body?: Json, count = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const bytes = body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body));
      const headers = await signRequest(this.wallet, { node: this.node.address, method, path, body: bytes });
      const res = await fetch(`${this.node.endpoint}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : bytes,
      });
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
      throw new DataRequestError(res.status, json.error?.code ?? "error", message);
    }
  }

  /** Checks a statement against the chain's prices and this client's own count, then signs. */
  private coSign(statement: SignedUsageStatement): Promise<void> {
    const run = async (): Promise<void> => {
      const deployment = this.client.requireDeployment();
      if (!verifyUsageStatement(statement, this.node.operator)) throw new UsageDisputeError("the usage statement is not signed by the node's operator");
      if (!statement.mint.equals(deployment.mint) || !statement.node.equals(this.node.address) || !statement.creditAccount.equals(this.creditAccount)) {
        throw new UsageDisputeError("the usage statement is for another network, node or account");
      }
      if (statement.credits <= this.signedCredits) return;
      const last = this.lastStatement;
      if (last !== null && (statement.period < last.period || statement.credits < last.credits)) throw new UsageDisputeError("the usage statement goes back on an earlier one");
      // (The first statement this client sees may count usage from before it opened.)
      if (this.options.countQueries !== false && last !== null) {
        const before = last.period === statement.period ? last.queries : 0n;
        if (statement.queries - before > BigInt(this.sentSinceStatement)) {
          throw new UsageDisputeError(`the node counts ${statement.queries - before} queries since its last statement; this client sent ${this.sentSinceStatement}`);
        }
      }
      const credit = await this.client.payments.fetchCreditAccount(this.wallet.publicKey);
      const tier = credit === null ? "free" : tierName(credit.tier);
      const expected = async (fresh: boolean): Promise<bigint> => {
        if (fresh || this.config === null) this.config = await this.client.payments.fetchConfig();
        return statement.priorCredits + periodCredits(this.config.prices[statement.tier], this.config.creditRate, statement);
      };
      if (statement.tier !== tier) throw new UsageDisputeError(`the statement prices the ${statement.tier} tier; the account is on ${tier}`);
      if ((await expected(false)) !== statement.credits && (await expected(true)) !== statement.credits) {
        throw new UsageDisputeError(`the statement asks ${statement.credits} credits; its counts at the table's prices come to ${await expected(false)}`);
      }
      if (last !== null && statement.priorCredits < (last.period < statement.period ? last.credits : last.priorCredits)) throw new UsageDisputeError("the statement's earlier periods shrank");
      const step = statement.credits - this.signedCredits;
      const max = toBigInt(this.options.maxReceiptCredits ?? 1_000_000n);
      if (step > max) throw new UsageDisputeError(`the node asks a receipt for ${step} more credits at once; this client signs at most ${max}`);
      const channel = await this.client.payments.fetchChannel(this.creditAccount, this.node.address);
      const funded = channel === null ? 0n : toBigInt(channel.deposit) + toBigInt(channel.settledCredits);
      const credits = statement.credits < funded ? statement.credits : funded;
      this.lastStatement = statement;
      this.sentSinceStatement = 0;
      if (credits > this.signedCredits) {
        const now = BigInt(Date.now());
        this.nonce = now > this.nonce ? now : this.nonce + 1n;
        const receipt = signReceipt(this.wallet, { node: this.node.address, mint: deployment.mint, cumulativeCredits: credits, nonce: this.nonce });
        const res = await fetch(`${this.node.endpoint}/v1/receipts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ creditAccount: receipt.creditAccount.toBase58(), signer: receipt.signer.toBase58(), cumulativeCredits: credits.toString(), nonce: this.nonce.toString(), signature: Buffer.from(receipt.signature).toString("base64") }),
        });
        const outcome = (await res.json().catch(() => ({}))) as { accepted?: boolean; error?: { message?: string } };
        if (!res.ok || outcome.accepted !== true) throw new Error(`the node did not take the receipt: ${outcome.error?.message ?? JSON.stringify(outcome)}`);
        this.signedCredits = credits;
      }
      if (statement.credits > funded) {
        throw new PaymentRequiredError(`the channel to node ${this.node.address.toBase58()} is spent (${statement.credits} credits used, ${funded} locked): fund it (ensureDeposit / fund_channel)`);
      }
    };
    // One co-signing at a time: concurrent requests see the same statement.
    const next = (this.paying ?? Promise.resolve()).catch(() => undefined).then(run);
    this.paying = next;
    return next;
  }
}

function enc(part: string): string {
  return encodeURIComponent(part);
}
