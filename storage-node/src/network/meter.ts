/**
 * Metering of paid access (docs/paid-access.md, "Metering"): every wallet's usage on this node,
 * priced by the on-chain price table at the tier of its credit account, against the credits
 * locked for this node in its payment channel and the newest receipt the developer co-signed.
 *
 * Per credit account, one record (saved in `<data dir>/meter.json`): the counts of the current
 * period (queries, vectors added, byte-seconds stored above the free storage) and the credits of
 * the periods before. A period ends when the payment epoch, the tier or the tier's prices change,
 * so every period is priced by one line of the table (`periodCredits`, shared with the client).
 * Counts come from the engine's usage counters (`<account>` and its `<account>/<n>` databases),
 * read every tick (250 ms); between ticks a decision can lag by one tick of traffic.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Keypair, PublicKey } from '@solana/web3.js';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import {
  channelFunded,
  encodeUsageStatement,
  periodCredits,
  signUsageStatement,
  tierName,
  toBigInt,
  type PaymentConfigAccount,
  type SignedUsageStatement,
  type SynqClient,
  type TierName,
  type TierPricing,
} from '@synq/sdk';
import { PublicKey as Key } from '@solana/web3.js';
import { EngineError } from '../engine/errors';
import type { Usage } from '../engine/usage';
import { METRIC_PREFIX, scrapedCounter, scrapedGauge } from '../server/metrics';

export interface MeterOptions {
  client: SynqClient;
  operator: Keypair;
  node: PublicKey;
  mint: PublicKey;
  dataDir: string;
  log: Logger;
  /** All namespaces' usage counters (the engine's). */
  usage: () => Record<string, Usage>;
  /** Credits of unreceipted usage at which the node asks for a receipt (N); it refuses at 2N. */
  receiptEvery: bigint;
  /** How often chain state (config, credit accounts, channels) is re-read. */
  refreshMs?: number;
  /** Called with the accounts refused service whenever that set changes. */
  onHeld?: (namespaces: string[]) => void;
}

/** What the chain says about one developer: its tier and the channel to this node. */
interface ChainView {
  tier: TierName;
  /** Credits ever locked for this node and not withdrawn: deposit + settled. */
  funded: bigint;
  settled: bigint;
  settledNonce: bigint;
  fetchedAt: number;
}

interface Pricing {
  epoch: string;
  tier: TierName;
  rate: string;
  row: Record<keyof TierPricing, string>;
}

/** One account's metering record, as saved. Big numbers as decimal strings. */
interface Account {
  wallet: string;
  period: number;
  pricing: Pricing | null;
  queries: string;
  vectors: string;
  /** Byte-milliseconds (the statement shows whole byte-seconds). */
  storageByteMs: string;
  priorCredits: string;
  /** Engine counters at the last accrual. */
  lastQueries: number;
  vectorHigh: number;
  vectorsStored: number;
  storedBytes: number;
  accruedAt: number;
  receipted: string;
  receiptNonce: string;
  lastActive: number;
}

const ZERO_USAGE: Usage = { storedBytes: 0, queries: 0, vectors: 0, writes: 0 };
const ACTIVE_MS = 120_000;

export class Meter {
  private readonly file: string;
  private readonly accounts = new Map<string, Account>();
  private readonly views = new Map<string, ChainView>();
  private readonly loading = new Map<string, Promise<ChainView>>();
  /** Why each refused account is refused. */
  private readonly refusals = new Map<string, string>();
  private readonly statements = new Map<string, string>();
  private config: PaymentConfigAccount | null = null;
  private configAt = 0;
  private dirty = false;
  private savedAt = 0;
  private receiptsAccepted = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: MeterOptions) {
    this.file = path.join(opts.dataDir, 'meter.json');
    if (fs.existsSync(this.file)) {
      for (const [ns, a] of Object.entries(JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, Account>)) this.accounts.set(ns, a);
    }
  }

  start(tickMs = 250): void {
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.accrue(Date.now());
    this.save();
  }

  /** `synq_storage_meter_*`: accounts metered and refused, credits owed and receipted, receipts taken. */
  registerMetrics(registry: Registry): void {
    const p = `${METRIC_PREFIX}meter_`;
    // (Prometheus values are float64: credits are exact up to 2^53.)
    const credits = (of: (a: Account) => bigint) => (): number => {
      let sum = 0n;
      for (const a of this.accounts.values()) sum += of(a);
      return Number(sum);
    };
    scrapedGauge(registry, `${p}accounts`, 'Credit accounts this node meters.', () => this.accounts.size);
    scrapedGauge(registry, `${p}refused_accounts`, 'Accounts refused service until they pay (Free quota, channel spent, unreceipted usage).', () => this.refusals.size);
    scrapedGauge(registry, `${p}credits_owed`, 'Credits owed by all metered accounts, cumulative over their channels.', credits((a) => this.credits(a)));
    scrapedGauge(registry, `${p}credits_receipted`, 'Credits covered by the newest receipt of each account.', credits((a) => BigInt(a.receipted)));
    scrapedCounter(registry, `${p}receipts_accepted_total`, 'Receipts taken over POST /v1/receipts.', () => this.receiptsAccepted);
  }

  // ------------------------------------------------------------------ the gate's questions

  /**
   * Before serving `ns` (a credit account) for `wallet`: reads its chain state the first time
   * (503 when the chain cannot be read), then refuses (402) when it must pay first.
   */
  async admit(ns: string, wallet: PublicKey): Promise<void> {
    const account = this.account(ns, wallet.toBase58());
    account.lastActive = Date.now();
    const view = this.views.get(ns);
    // First contact, or refused on a view over 200 ms old (the developer may just have funded
    // the channel or bought credits): read the chain now (one read in flight per account).
    if (view === undefined || (this.refusals.has(ns) && Date.now() - view.fetchedAt > 200)) {
      await this.view(ns, wallet, true);
      this.accrue(Date.now(), ns);
      this.decide(ns, Date.now());
    }
    const refusal = this.refusals.get(ns);
    if (refusal !== undefined) throw new EngineError('payment_required', refusal);
  }

  /** Synchronous form for RESP commands: the reason `ns` is refused, or null. */
  refusal(ns: string): string | null {
    if (!this.accounts.has(ns)) return 'ERR this session opened before the node joined the network: reconnect with a fresh AUTH';
    if (!this.views.has(ns)) return 'ERR the node is reading your credit account from the chain: retry in a moment';
    const refusal = this.refusals.get(ns);
    return refusal === undefined ? null : `PAYMENT ${refusal}`;
  }

  /** A RESP session opened for `wallet`: start reading its chain state. */
  opened(ns: string, wallet: PublicKey): void {
    const account = this.account(ns, wallet.toBase58());
    account.lastActive = Date.now();
    if (!this.views.has(ns)) {
      this.view(ns, wallet)
        .then(() => this.decide(ns, Date.now()))
        .catch((e: unknown) => this.opts.log.warn({ ns, err: String(e) }, 'credit account not readable'));
    }
  }

  /** The `x-synq-usage` header when a receipt is due for `ns`. */
  statementHeader(ns: string): string | undefined {
    return this.statements.get(ns);
  }

  /** `GET /v1/usage`: the account's metering, a fresh signed statement and the receipt held. */
  async usage(ns: string, wallet: PublicKey): Promise<Record<string, unknown>> {
    this.account(ns, wallet.toBase58());
    await this.view(ns, wallet);
    const now = Date.now();
    this.accrue(now, ns);
    this.decide(ns, now);
    const a = this.accounts.get(ns)!;
    const view = this.views.get(ns)!;
    const statement = this.statement(ns, now);
    return {
      tier: view.tier,
      period: a.period,
      queries: a.queries,
      vectors: a.vectors,
      storageByteSeconds: (BigInt(a.storageByteMs) / 1000n).toString(),
      priorCredits: a.priorCredits,
      credits: statement.credits.toString(),
      receipted: a.receipted,
      receiptNonce: a.receiptNonce,
      channel: { funded: view.funded.toString(), settled: view.settled.toString(), settledNonce: view.settledNonce.toString() },
      receiptEvery: this.opts.receiptEvery.toString(),
      unreceiptedLimit: (2n * this.opts.receiptEvery).toString(),
      refused: this.refusals.get(ns) ?? null,
      statement: encodeUsageStatement(statement),
    };
  }

  /**
   * A receipt for `ns` up to `cumulative`: refused when the channel (re-read now) cannot pay it,
   * since a receipt over the deposit fails settlement whole and would supersede a good one.
   */
  async checkReceipt(ns: string, wallet: PublicKey, cumulative: bigint): Promise<void> {
    const view = await this.view(ns, wallet, true);
    if (cumulative > view.funded) throw new EngineError('bad_request', `the receipt is for ${cumulative} credits but the channel to this node holds ${view.funded}`, 'cumulativeCredits');
  }

  /** A receipt was accepted: usage up to `cumulative` is paid for. */
  receipted(ns: string, cumulative: bigint, nonce: bigint): void {
    const a = this.accounts.get(ns);
    if (a === undefined) return;
    this.receiptsAccepted += 1;
    if (cumulative > BigInt(a.receipted)) a.receipted = cumulative.toString();
    if (nonce > BigInt(a.receiptNonce)) a.receiptNonce = nonce.toString();
    this.dirty = true;
    this.decide(ns, Date.now());
  }

  // ------------------------------------------------------------------ metering

  private account(ns: string, wallet: string): Account {
    let a = this.accounts.get(ns);
    if (a === undefined) {
      const u = this.usageByAccount(ns).get(ns) ?? ZERO_USAGE;
      a = {
        wallet,
        period: 0,
        pricing: null,
        queries: '0',
        vectors: '0',
        storageByteMs: '0',
        priorCredits: '0',
        lastQueries: u.queries,
        vectorHigh: u.vectors,
        vectorsStored: u.vectors,
        storedBytes: u.storedBytes,
        accruedAt: Date.now(),
        receipted: '0',
        receiptNonce: '0',
        lastActive: Date.now(),
      };
      this.accounts.set(ns, a);
      this.dirty = true;
    }
    return a;
  }

  /** The account's chain state, read when missing or stale. */
  private view(ns: string, wallet: PublicKey, force = false): Promise<ChainView> {
    const have = this.views.get(ns);
    if (!force && have !== undefined && Date.now() - have.fetchedAt < (this.opts.refreshMs ?? 5000)) return Promise.resolve(have);
    let pending = this.loading.get(ns);
    if (pending === undefined) {
      pending = this.readView(ns, wallet).finally(() => this.loading.delete(ns));
      this.loading.set(ns, pending);
    }
    return pending.catch((e: unknown) => {
      if (have !== undefined) return have; // the chain is down: keep the last view
      this.opts.log.warn({ ns, err: String(e) }, 'credit account not readable');
      throw new EngineError('unavailable', 'the node cannot read your credit account from the chain right now: retry shortly');
    });
  }

  private async readView(ns: string, wallet: PublicKey): Promise<ChainView> {
    const payments = this.opts.client.payments;
    // An account's first view is priced by the config as it is now (the epoch may just have moved).
    await this.refreshConfig(this.views.has(ns) ? (this.opts.refreshMs ?? 5000) : 0);
    const [credit, channel] = await Promise.all([payments.fetchCreditAccount(wallet), payments.fetchChannel(new Key(ns), this.opts.node)]);
    const settled = channel === null ? 0n : toBigInt(channel.settledCredits);
    const view: ChainView = {
      tier: credit === null ? 'free' : tierName(credit.tier),
      funded: channelFunded(channel),
      settled,
      settledNonce: channel === null ? 0n : toBigInt(channel.nonce),
      fetchedAt: Date.now(),
    };
    this.views.set(ns, view);
    // A node that lost its records starts where the chain is: receipts are cumulative.
    const a = this.accounts.get(ns);
    if (a !== undefined) {
      if (a.period === 0 && a.priorCredits === '0' && a.queries === '0' && settled > 0n) a.priorCredits = settled.toString();
      if (settled > BigInt(a.receipted)) a.receipted = settled.toString();
      if (view.settledNonce > BigInt(a.receiptNonce)) a.receiptNonce = view.settledNonce.toString();
    }
    return view;
  }

  private async refreshConfig(maxAgeMs = this.opts.refreshMs ?? 5000): Promise<PaymentConfigAccount> {
    if (this.config === null || Date.now() - this.configAt >= maxAgeMs) {
      this.config = await this.opts.client.payments.fetchConfig();
      this.configAt = Date.now();
    }
    return this.config;
  }

  private pricingOf(tier: TierName): Pricing | null {
    const config = this.config;
    if (config === null) return null;
    const row = config.prices[tier];
    return {
      epoch: config.currentEpoch.toString(),
      tier,
      rate: config.creditRate.toString(),
      row: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])) as Pricing['row'],
    };
  }

  /**
   * Each account's usage: its namespace and its Redis databases (`<account>/<n>`) summed, in one
   * pass over the engine's namespaces (`only`: that account's alone).
   */
  private usageByAccount(only?: string): Map<string, Usage> {
    const sums = new Map<string, Usage>();
    for (const [name, u] of Object.entries(this.opts.usage())) {
      const slash = name.indexOf('/');
      const base = slash < 0 ? name : name.slice(0, slash);
      if (only !== undefined ? base !== only : !this.accounts.has(base)) continue;
      const sum = sums.get(base) ?? { ...ZERO_USAGE };
      sum.storedBytes += u.storedBytes;
      sum.queries += u.queries;
      sum.vectors += u.vectors;
      sums.set(base, sum);
    }
    return sums;
  }

  /** Adds the usage since the last accrual (of `only`, or every account). */
  private accrue(now: number, only?: string): void {
    const usage = this.usageByAccount(only);
    for (const [ns, a] of only === undefined ? this.accounts : [[only, this.accounts.get(only)!] as const]) {
      const view = this.views.get(ns);
      const u = usage.get(ns) ?? ZERO_USAGE;
      const pricing = view === undefined ? a.pricing : this.pricingOf(view.tier);
      if (pricing !== null && a.pricing !== null && !samePricing(pricing, a.pricing)) {
        this.opts.log.info({ ns, period: a.period, was: a.pricing, now: pricing }, 'metering period ended (epoch, tier or prices changed)');
        this.closePeriod(a);
      }
      if (a.pricing === null && pricing !== null) a.pricing = pricing;
      const freeStorage = a.pricing === null ? 0n : BigInt(a.pricing.row.freeStorageBytes);
      const queries = u.queries >= a.lastQueries ? u.queries - a.lastQueries : u.queries;
      const vectors = u.vectors > a.vectorHigh ? u.vectors - a.vectorHigh : 0;
      const stored = BigInt(Math.max(0, Math.round(a.storedBytes)));
      const byteMs = (stored > freeStorage ? stored - freeStorage : 0n) * BigInt(Math.max(0, now - a.accruedAt));
      if (queries > 0 || vectors > 0 || byteMs > 0n) this.dirty = true;
      a.queries = (BigInt(a.queries) + BigInt(Math.round(queries))).toString();
      a.vectors = (BigInt(a.vectors) + BigInt(vectors)).toString();
      a.storageByteMs = (BigInt(a.storageByteMs) + byteMs).toString();
      a.lastQueries = u.queries;
      a.vectorHigh = Math.max(a.vectorHigh, u.vectors);
      a.vectorsStored = u.vectors;
      a.storedBytes = u.storedBytes;
      a.accruedAt = now;
    }
  }

  private closePeriod(a: Account): void {
    a.priorCredits = this.credits(a).toString();
    a.period += 1;
    a.queries = '0';
    a.vectors = '0';
    a.storageByteMs = '0';
    a.pricing = null;
    this.dirty = true;
  }

  /** Cumulative credits owed: the periods before and this one at its prices. */
  private credits(a: Account): bigint {
    return BigInt(a.priorCredits) + (a.pricing === null ? 0n : periodCredits(rowOf(a.pricing), a.pricing.rate, this.counts(a)));
  }

  private counts(a: Account): { queries: bigint; vectors: bigint; storageByteSeconds: bigint } {
    return { queries: BigInt(a.queries), vectors: BigInt(a.vectors), storageByteSeconds: BigInt(a.storageByteMs) / 1000n };
  }

  private statement(ns: string, now: number): SignedUsageStatement {
    const a = this.accounts.get(ns)!;
    return signUsageStatement(this.opts.operator, {
      mint: this.opts.mint,
      node: this.opts.node,
      creditAccount: new Key(ns),
      tier: a.pricing?.tier ?? this.views.get(ns)?.tier ?? 'free',
      period: BigInt(a.period),
      ...this.counts(a),
      priorCredits: BigInt(a.priorCredits),
      credits: this.credits(a),
      issuedAt: BigInt(now),
    });
  }

  /** Whether `ns` is served, and whether a receipt is due (then its statement is ready). */
  private decide(ns: string, now: number): void {
    const a = this.accounts.get(ns);
    const view = this.views.get(ns);
    if (a === undefined || view === undefined || a.pricing === null) return;
    const row = rowOf(a.pricing);
    const owed = this.credits(a);
    const unreceipted = owed - BigInt(a.receipted);
    let refusal: string | undefined;
    if (view.tier === 'free') {
      const over: string[] = [];
      if (BigInt(a.queries) >= BigInt(row.freeQueries)) over.push(`${a.queries} of ${row.freeQueries} queries this epoch`);
      if (a.vectorsStored > Number(row.freeVectors)) over.push(`${a.vectorsStored} of ${row.freeVectors} vectors`);
      if (a.storedBytes > Number(row.freeStorageBytes)) over.push(`${a.storedBytes} of ${row.freeStorageBytes} bytes stored`);
      if (over.length > 0) refusal = `the Free tier's quota is used up (${over.join(', ')}): buy credits for a paid tier (buy_credits) and fund a channel to this node (fund_channel)`;
    }
    if (refusal === undefined && (view.tier !== 'free' || owed > 0n)) {
      const nextQuery = BigInt(a.queries) >= BigInt(row.freeQueries) ? periodCredits(row, a.pricing.rate, { queries: 1n, vectors: 0n, storageByteSeconds: 0n }) - periodCredits(row, a.pricing.rate, { queries: 0n, vectors: 0n, storageByteSeconds: 0n }) : 0n;
      if (view.funded === 0n && nextQuery > 0n) refusal = `no credits are locked for this node: fund a channel to it (fund_channel, node ${this.opts.node.toBase58()})`;
      else if (owed + nextQuery > view.funded) refusal = `the channel to this node is spent (${owed} of ${view.funded} credits used): fund it again (fund_channel, node ${this.opts.node.toBase58()})`;
      else if (unreceipted > 2n * this.opts.receiptEvery) refusal = `${unreceipted} credits of usage are unreceipted (limit ${2n * this.opts.receiptEvery}): co-sign a receipt for the statement in the x-synq-usage header or GET /v1/usage (the SDK's data client does it)`;
    }
    const was = this.refusals.get(ns);
    if (refusal === undefined) this.refusals.delete(ns);
    else this.refusals.set(ns, refusal);
    if ((was === undefined) !== (refusal === undefined)) this.opts.onHeld?.([...this.refusals.keys()]);
    if (unreceipted >= this.opts.receiptEvery || (refusal !== undefined && unreceipted > 0n)) this.statements.set(ns, encodeUsageStatement(this.statement(ns, now)));
    else this.statements.delete(ns);
  }

  private tick(): void {
    try {
      const now = Date.now();
      // Chain state of active accounts, re-read in the background when stale (the chain being
      // down keeps the last); decisions do not wait for it.
      const refresh = this.opts.refreshMs ?? 5000;
      for (const [ns, a] of this.accounts) {
        if (now - a.lastActive < ACTIVE_MS && now - (this.views.get(ns)?.fetchedAt ?? 0) >= refresh && !this.loading.has(ns)) {
          this.view(ns, new Key(a.wallet)).catch(() => undefined);
        }
      }
      if (now - this.configAt >= refresh) this.refreshConfig().catch(() => undefined);
      this.accrue(now);
      for (const ns of this.accounts.keys()) this.decide(ns, now);
      if (this.dirty && now - this.savedAt >= 1000) this.save();
    } catch (e) {
      this.opts.log.error({ err: e }, 'metering tick failed');
    }
  }

  private save(): void {
    this.dirty = false;
    this.savedAt = Date.now();
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.accounts)));
    fs.renameSync(tmp, this.file);
  }
}

function rowOf(pricing: Pricing): TierPricing {
  return Object.fromEntries(Object.entries(pricing.row).map(([k, v]) => [k, BigInt(v)])) as unknown as TierPricing;
}

function samePricing(a: Pricing, b: Pricing): boolean {
  return a.epoch === b.epoch && a.tier === b.tier && a.rate === b.rate && Object.entries(a.row).every(([k, v]) => b.row[k as keyof TierPricing] === v);
}
