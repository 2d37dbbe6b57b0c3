/**
 * The operator side of a storage node (`--network`, docs/storage-node-network.md): joins the
 * registry with stake, commits snapshots of its real data, answers storage challenges, reports
 * the service it measured, cranks epochs and claims its rewards. Every chain action goes
 * through the SDK; the data service never waits on the chain (a chain outage only delays
 * these steps, which resume where they stopped).
 */
import { getAssociatedTokenAddressSync, createAssociatedTokenAccountIdempotentInstruction, getMint } from '@solana/spl-token';
import { LAMPORTS_PER_SOL, type PublicKey } from '@solana/web3.js';
import {
  DataModel,
  chainTime,
  formatTokenAmount,
  nodeStatusName,
  paymentsPda,
  registryPda,
  verifyChallengeProof,
  type KeypairWallet,
  type NodeAccount,
  type Sendable,
  type SynqClient,
} from '@synq/sdk';
import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import { METRIC_PREFIX, scrapedCounter, scrapedGauge, type Metrics } from '../server/metrics';
import { SnapshotStore, type SnapshotInfo } from './snapshot';
import { ReceiptBook } from './receipts';
import { Meter } from './meter';
import { StateFile, type NetworkState } from './state';

export interface NetworkAgentOptions {
  /** Signs as the node's operator (the `--keypair`). */
  client: SynqClient;
  engine: Engine;
  metrics: Metrics;
  log: Logger;
  dataDir: string;
  /** Public HTTP URL clients reach the node at (Node.endpoint). */
  endpoint: string;
  region: number;
  capacityBytes: bigint;
  /** Tokens (base units) the operator's own position should hold; staked up to it. */
  stake?: bigint;
  commissionBps: number;
  /** How often the chain is polled besides PubSub notifications (default 5 s). */
  pollMs?: number;
  /** Stored bytes changed since the commitment that make a new one due before the epoch ends. */
  recommitBytes?: number;
  /**
   * Meter wallet-signed usage (docs/paid-access.md): ask for a receipt every `receiptEvery`
   * credits; `onHeld` hears which accounts are refused service.
   */
  metering?: { receiptEvery: bigint; onHeld?: (namespaces: string[]) => void };
}

/** Why the node cannot take part in the network; the message says what to do. */
export class NetworkStartError extends Error {}

const MODELS = DataModel.Kv | DataModel.Documents | DataModel.Vectors | DataModel.TimeSeries;
/** Rough lamports to create the pool, vault, position and node accounts and pay fees. */
const JOIN_LAMPORTS = 0.05 * LAMPORTS_PER_SOL;

type Counter = 'challengesAnswered' | 'challengesMissed' | 'commitments' | 'reports' | 'settlements' | 'claims' | 'epochsAdvanced' | 'chainErrors';

export class NetworkAgent {
  readonly operator: PublicKey;
  readonly nodeAddress: PublicKey;
  private readonly snapshots: SnapshotStore;
  private readonly stateFile: StateFile;
  private receiptBook: ReceiptBook | null = null;
  /** Metering of paid access (with `metering`). */
  readonly meter: Meter | undefined;
  private state: NetworkState;
  private node: NodeAccount | null = null;
  private stakedTokens = 0n;
  private readonly counters: Record<Counter, number> = {
    challengesAnswered: 0,
    challengesMissed: 0,
    commitments: 0,
    reports: 0,
    settlements: 0,
    claims: 0,
    epochsAdvanced: 0,
    chainErrors: 0,
  };
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private subscription: number | undefined;
  private building: Promise<SnapshotInfo> | null = null;
  private buildRetryAt = 0;
  /** After the program refused a claim (e.g. the pool fell under the minimum stake), when to try again. */
  private claimRetryAt = 0;
  private built: SnapshotInfo | null = null;
  private infoSynced = false;
  private waitingSince: string | null = null;
  /** Last chain observation: [chain time, wall time] (uptime is chain time between close observations). */
  private lastSeen: [number, number] | null = null;
  private seenBytes = 0;
  private seenSessions = 0;
  private lastError: string | null = null;

  private constructor(private readonly opts: NetworkAgentOptions) {
    this.operator = opts.client.provider.wallet.publicKey;
    this.nodeAddress = registryPda.node(this.operator);
    this.snapshots = new SnapshotStore(opts.dataDir);
    this.stateFile = new StateFile(opts.dataDir);
    this.state = this.stateFile.load(this.operator.toBase58(), opts.client.deployment?.mint.toBase58() ?? '');
    if (opts.client.deployment) this.receiptBook = new ReceiptBook(opts.dataDir, { node: this.nodeAddress, mint: opts.client.deployment.mint });
    if (opts.metering && opts.client.deployment) {
      this.meter = new Meter({
        client: opts.client,
        operator: (opts.client.provider.wallet as KeypairWallet).payer,
        node: this.nodeAddress,
        mint: opts.client.deployment.mint,
        dataDir: opts.dataDir,
        log: opts.log.child({ component: 'meter' }),
        usage: () => opts.engine.usage.snapshot(),
        receiptEvery: opts.metering.receiptEvery,
        onHeld: opts.metering.onHeld,
      });
    }
    this.registerMetrics(opts.metrics);
    this.meter?.registerMetrics(opts.metrics.registry);
  }

  /** Checks that the wallet can pay for joining, then works in the background. */
  static async start(opts: NetworkAgentOptions): Promise<NetworkAgent> {
    const agent = new NetworkAgent(opts);
    await agent.preflight();
    const { connection } = opts.client;
    // PubSub: a challenge (or any change) to the node account wakes the agent at once; the
    // poll is the fallback when notifications are lost.
    agent.subscription = connection.onAccountChange(agent.nodeAddress, () => agent.wake(), 'confirmed');
    agent.timer = setInterval(() => agent.wake(), opts.pollMs ?? 5000);
    agent.meter?.start();
    agent.wake();
    return agent;
  }

  private get client(): SynqClient {
    return this.opts.client;
  }

  private get log(): Logger {
    return this.opts.log;
  }

  private async preflight(): Promise<void> {
    const deployment = this.client.deployment;
    if (deployment === undefined) throw new NetworkStartError('no deployment file: set SYNQ_DEPLOYMENT or run `npm start` / `npm run deploy` first');
    const [lamports, node] = await Promise.all([this.client.connection.getBalance(this.operator, 'confirmed'), this.client.registry.fetchNode(this.operator)]);
    if (node !== null) {
      if (lamports < 0.001 * LAMPORTS_PER_SOL) throw new NetworkStartError(`the operator ${this.operator.toBase58()} holds ${lamports / LAMPORTS_PER_SOL} SOL: not enough for transaction fees`);
      return;
    }
    if (lamports < JOIN_LAMPORTS) {
      throw new NetworkStartError(`the operator ${this.operator.toBase58()} holds ${lamports / LAMPORTS_PER_SOL} SOL; registering needs about ${JOIN_LAMPORTS / LAMPORTS_PER_SOL} SOL for account rent and fees`);
    }
    const { minStake } = await this.client.registry.fetchConfig();
    const pool = await this.client.staking.fetchPool(this.operator);
    const position = await this.client.staking.fetchPosition(this.operator, this.operator);
    const have = BigInt((pool?.totalTokens ?? 0).toString()) + BigInt((pool?.warmingTokens ?? 0).toString());
    const want = this.opts.stake ?? 0n;
    const decimals = (await getMint(this.client.connection, deployment.mint, 'confirmed')).decimals;
    const fmt = (units: bigint): string => `${formatTokenAmount(units, decimals)} $SYNQ`;
    const needed = BigInt(minStake.toString());
    if (have + (want > have ? want - have : 0n) < needed) {
      throw new NetworkStartError(`registering needs ${fmt(needed)} staked; the pool holds ${fmt(have)}: pass --stake ${formatTokenAmount(needed, decimals)} (or more)`);
    }
    const own = position === null ? 0n : BigInt(position.warming.amount.toString()) + (await this.client.staking.positionValue(this.operator, this.operator));
    if (want > own) {
      const tokens = getAssociatedTokenAddressSync(deployment.mint, this.operator);
      const balance = await this.client.connection.getTokenAccountBalance(tokens, 'confirmed').then((b) => BigInt(b.value.amount), () => 0n);
      if (balance < want - own) throw new NetworkStartError(`--stake ${fmt(want)} needs ${fmt(want - own)} more; the operator's $SYNQ account holds ${fmt(balance)}`);
    }
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Finishes the transaction in flight and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.meter?.stop();
    if (this.subscription !== undefined) await this.client.connection.removeAccountChangeListener(this.subscription).catch(() => undefined);
    await this.running;
    await this.building?.catch(() => undefined);
    this.stateFile.save(this.state);
  }

  private async send(action: string, items: Sendable | readonly Sendable[], fields: Record<string, unknown> = {}): Promise<string> {
    const signature = await this.client.send(items, {
      retry: { onRetry: (err, attempt, delayMs) => this.log.warn({ action, attempt, delayMs, err: String(err) }, 'chain transaction failed; retrying') },
    });
    this.log.info({ action, signature, ...fields }, `chain: ${action}`);
    return signature;
  }

  private async pass(): Promise<void> {
    try {
      const now = await chainTime(this.client.connection);
      this.observe(now);
      this.node = await this.client.registry.fetchNode(this.operator);
      if (this.node === null) {
        await this.join(now);
        return;
      }
      const status = nodeStatusName(this.node.status);
      if (status === 'Deregistered') {
        this.waiting('the node is deregistered: nothing more to do on chain');
        return;
      }
      if (status === 'Jailed') this.waiting('the node is jailed after missed challenges: the registry authority can release it (set_status Paused)');
      else this.waitingSince = null;
      await this.syncInfo(this.node);
      await this.activateWarmStake(now);
      await this.answerChallenge(this.node);
      await this.commitIfDue(this.node);
      await this.reportIfDue(this.node, now);
      await this.settleReceipts(now);
      await this.advanceEpochIfDue(now);
      await this.claimRewards(now);
      this.lastError = null;
    } catch (err) {
      this.counters.chainErrors += 1;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.log.warn({ err: this.lastError }, 'network pass failed; the next one retries');
    } finally {
      this.stateFile.save(this.state);
    }
  }

  /** Logs a waiting condition once (not on every pass). */
  private waiting(why: string): void {
    if (this.waitingSince !== why) this.log.info({ why }, 'network: waiting');
    this.waitingSince = why;
  }

  /** Accumulates measured service: bytes and sessions from the servers, uptime from the chain clock. */
  private observe(now: number): void {
    const wall = Date.now();
    const poll = this.opts.pollMs ?? 5000;
    if (this.lastSeen !== null && wall - this.lastSeen[1] <= 3 * poll + 10_000 && now > this.lastSeen[0]) {
      this.state.pending.uptimeSeconds += now - this.lastSeen[0];
    }
    this.lastSeen = [now, wall];
    const { bytesServed, sessionsTotal } = this.opts.metrics;
    this.state.pending.bytes += bytesServed - this.seenBytes;
    this.state.pending.sessions += sessionsTotal - this.seenSessions;
    this.seenBytes = bytesServed;
    this.seenSessions = sessionsTotal;
  }

  // ------------------------------------------------------------------ joining

  private async join(now: number): Promise<void> {
    const { staking, registry } = this.client;
    const operator = this.operator;
    let pool = await staking.fetchPool(operator);
    if (pool === null) {
      await this.send('create_pool', await staking.createPool({ operator, commissionBps: this.opts.commissionBps }), { commissionBps: this.opts.commissionBps });
      pool = await staking.fetchPool(operator);
    }
    await this.stakeUpTo();
    await this.activateWarmStake(now);
    pool = await staking.fetchPool(operator);
    const { minStake } = await registry.fetchConfig();
    const active = BigInt((pool?.totalTokens ?? 0).toString());
    this.stakedTokens = active;
    if (active < BigInt(minStake.toString())) {
      const position = await staking.fetchPosition(operator, operator);
      const at = position?.warming.amount.gtn(0) ? new Date(position.warming.activeAt.toNumber() * 1000).toISOString() : null;
      this.waiting(at ? `stake warming up until ${at} (chain time)` : `the pool holds ${active} of the ${minStake.toString()} base units of stake registering needs`);
      return;
    }
    const info = { endpoint: this.opts.endpoint, region: this.opts.region, capacityBytes: this.opts.capacityBytes, models: MODELS };
    await this.send('register_node', await registry.registerNode(operator, info), { node: this.nodeAddress.toBase58(), endpoint: info.endpoint });
    this.infoSynced = true;
    // No usage, so no reward, before the epoch it registered in.
    this.state.claimScanFrom = Number((await this.client.payments.fetchConfig()).currentEpoch.toString());
    this.wake();
  }

  private async stakeUpTo(): Promise<void> {
    const want = this.opts.stake;
    if (want === undefined) return;
    const { staking } = this.client;
    const position = await staking.fetchPosition(this.operator, this.operator);
    const own = (position === null ? 0n : BigInt(position.warming.amount.toString())) + (await staking.positionValue(this.operator, this.operator));
    if (own >= want) return;
    const { mint } = this.client.requireDeployment();
    const ownerTokens = getAssociatedTokenAddressSync(mint, this.operator);
    await this.send('stake', await staking.stake({ owner: this.operator, operator: this.operator, ownerTokens, amount: want - own }), { amount: (want - own).toString() });
  }

  private async activateWarmStake(now: number): Promise<void> {
    const position = await this.client.staking.fetchPosition(this.operator, this.operator);
    if (position === null || position.warming.amount.isZero() || position.warming.activeAt.toNumber() > now) return;
    await this.send('activate_stake', await this.client.staking.activateStake({ owner: this.operator, operator: this.operator }), { amount: position.warming.amount.toString() });
  }

  /** Keeps the registered endpoint and capacity current (once per start). */
  private async syncInfo(node: NodeAccount): Promise<void> {
    if (this.infoSynced) return;
    // A higher --stake than last time: stake the difference (it warms up, then counts).
    await this.stakeUpTo().catch((err: unknown) => this.log.warn({ err: String(err), stake: this.opts.stake?.toString() }, 'could not stake up to --stake; serving with the stake there is'));
    const pool = await this.client.staking.fetchPool(this.operator);
    this.stakedTokens = BigInt((pool?.totalTokens ?? 0).toString());
    const changes: { endpoint?: string; region?: number; capacityBytes?: bigint; models?: number } = {};
    if (node.endpoint !== this.opts.endpoint) changes.endpoint = this.opts.endpoint;
    if (node.region !== this.opts.region) changes.region = this.opts.region;
    if (BigInt(node.capacityBytes.toString()) !== this.opts.capacityBytes) changes.capacityBytes = this.opts.capacityBytes;
    if (node.models !== MODELS) changes.models = MODELS;
    if (Object.keys(changes).length > 0) await this.send('update_node', await this.client.registry.updateNode(this.operator, changes), { ...changes, capacityBytes: changes.capacityBytes?.toString() });
    this.infoSynced = true;
  }

  // ------------------------------------------------------------------ storage proofs

  private async answerChallenge(node: NodeAccount): Promise<void> {
    if (node.openChallenges === 0) return;
    const sequence = BigInt(node.challengeSequence.toString()) - 1n;
    if (this.state.missedSequences.includes(Number(sequence))) return;
    const challenge = await this.client.registry.fetchChallenge(this.nodeAddress, sequence);
    if (challenge === null) return;
    const root = Buffer.from(challenge.root);
    const miss = (why: string): void => {
      this.counters.challengesMissed += 1;
      this.state.missedSequences = [...this.state.missedSequences.slice(-99), Number(sequence)];
      this.log.error({ sequence: sequence.toString(), root: root.toString('hex'), why }, 'challenge cannot be answered');
    };
    const slot = await this.client.connection.getSlot('confirmed');
    if (slot > challenge.deadlineSlot.toNumber()) return miss('its response window has closed');
    if (!this.snapshots.has(root)) return miss('the snapshot of the challenged root is not on this node');
    const target = await this.client.registry.waitChallengeTarget(this.operator, sequence);
    const proof = this.snapshots.prove(root, target.chunkIndex, target.segmentIndex);
    // A proof the program would refuse costs a fee and proves nothing: the snapshot changed on disk.
    if (!verifyChallengeProof(root, target.chunkIndex, target.segmentIndex, proof)) {
      return miss(`the snapshot no longer proves its root at chunk ${target.chunkIndex} (damaged on disk)`);
    }
    const signature = await this.send('respond_challenge', await this.client.registry.respondChallenge(this.operator, sequence, proof), {
      sequence: sequence.toString(),
      chunk: target.chunkIndex.toString(),
      segment: target.segmentIndex.toString(),
    });
    this.counters.challengesAnswered += 1;
    this.state.lastChallenge = { sequence: Number(sequence), signature, at: new Date().toISOString() };
  }

  private storedBytes(): number {
    return Object.values(this.opts.engine.usage.snapshot()).reduce((sum, u) => sum + u.storedBytes, 0);
  }

  /**
   * A new commitment once per report epoch, and sooner when the stored bytes moved by more than
   * `recommitBytes`. The snapshot is built in the background (challenges keep being answered
   * from the committed one) and sent when no challenge is open.
   */
  private async commitIfDue(node: NodeAccount): Promise<void> {
    const status = nodeStatusName(node.status);
    if (status !== 'Active' && status !== 'Paused') return;
    const config = await this.client.registry.fetchConfig();
    const now = await chainTime(this.client.connection);
    const epoch = BigInt(Math.floor(now / config.reportEpochSeconds.toNumber())) + BigInt(config.epochOffset.toString());
    const committed = node.commitment;
    const threshold = this.opts.recommitBytes ?? 64 * 1024 * 1024;
    const due =
      committed.size.isZero() ||
      BigInt(committed.epoch.toString()) < epoch ||
      !this.snapshots.has(committed.root) ||
      Math.abs(this.storedBytes() - this.state.committedStoredBytes) > threshold;
    if (!due && this.built === null) return;
    if (this.built === null) {
      if (this.building === null && Date.now() >= this.buildRetryAt) {
        const storedBytes = this.storedBytes();
        const started = Date.now();
        this.building = this.snapshots.build(this.opts.engine);
        this.building.then(
          (info) => {
            this.built = info;
            this.state.committedStoredBytes = storedBytes;
            this.log.info({ root: info.rootHex, size: info.size, chunks: info.chunkCount, ms: Date.now() - started }, 'snapshot built');
            this.building = null;
            this.wake();
          },
          (err: unknown) => {
            this.building = null;
            // Not again at every pass: a node over the commitment limit stays over it for a while.
            this.buildRetryAt = Date.now() + 10 * 60_000;
            this.log.error({ err: String(err), retryAt: new Date(this.buildRetryAt).toISOString() }, 'snapshot build failed');
          },
        );
      }
      return;
    }
    if (node.openChallenges > 0) return; // commit_storage refuses while one is open
    const info = this.built;
    await this.send('commit_storage', await this.client.registry.commitStorage(this.operator, info.root, info.size), { root: info.rootHex, size: info.size, chunks: info.chunkCount });
    this.built = null;
    this.counters.commitments += 1;
    // /health shows the commitment now, not after the next pass.
    this.node = (await this.client.registry.fetchNode(this.operator)) ?? this.node;
    // The old root can no longer be challenged (the program refuses a commit while a challenge
    // is open, and new ones name the new root); keep it one more round for a late reader.
    const removed = this.snapshots.prune([info.root, committed.root]);
    if (removed.length) this.log.info({ removed }, 'snapshots no challenge can target removed');
  }

  // ------------------------------------------------------------------ reports

  /**
   * In each report epoch, one report of the service measured since the previous one (so a
   * report lands one epoch after the service it describes; uptime capped at an epoch).
   */
  private async reportIfDue(node: NodeAccount, now: number): Promise<void> {
    if (nodeStatusName(node.status) !== 'Active') return;
    const config = await this.client.registry.fetchConfig();
    const seconds = config.reportEpochSeconds.toNumber();
    const epochOf = (t: number): number => Math.floor(t / seconds) + config.epochOffset.toNumber();
    const epoch = epochOf(now);
    const reported = node.metrics.reports.gtn(0);
    if (reported ? node.lastReportEpoch.toNumber() >= epoch : epochOf(node.registeredAt.toNumber()) >= epoch) return;
    const { pending } = this.state;
    const report = { bytesTransferred: BigInt(Math.max(0, pending.bytes)), sessionsServed: BigInt(Math.max(0, pending.sessions)), uptimeSeconds: BigInt(Math.min(pending.uptimeSeconds, seconds)) };
    await this.send('submit_report', await this.client.registry.submitReport(this.operator, report), {
      epoch,
      bytes: report.bytesTransferred.toString(),
      sessions: report.sessionsServed.toString(),
      uptimeSeconds: report.uptimeSeconds.toString(),
    });
    this.state.pending = { bytes: 0, sessions: 0, uptimeSeconds: 0 };
    this.counters.reports += 1;
  }

  // ------------------------------------------------------------------ receipts

  /**
   * `POST /v1/receipts`: a developer's signed cumulative receipt for this node, kept until
   * settled. With metering, one the channel cannot pay is refused (settling it would fail whole).
   */
  async acceptReceipt(body: Record<string, unknown>): Promise<{ accepted: boolean; reason?: string }> {
    if (this.receiptBook === null) throw new NetworkStartError('no deployment: receipts cannot be checked');
    const receipt = this.receiptBook.check(body);
    const ns = receipt.creditAccount.toBase58();
    if (this.meter !== undefined) await this.meter.checkReceipt(ns, receipt.signer, receipt.cumulativeCredits);
    const outcome = this.receiptBook.keep(receipt);
    if (outcome.accepted) this.meter?.receipted(ns, receipt.cumulativeCredits, receipt.nonce);
    this.log.info({ creditAccount: body.creditAccount, nonce: body.nonce, cumulativeCredits: body.cumulativeCredits, ...outcome }, 'receipt received');
    return outcome;
  }

  /**
   * Settles the held receipts once the payment epoch is in its last twentieth (or over: before
   * advancing it), so one transaction per channel and epoch carries the newest usage; at once
   * for a channel whose close was requested.
   */
  private async settleReceipts(now: number): Promise<void> {
    const receipts = this.receiptBook?.pending() ?? [];
    if (receipts.length === 0 || this.node === null || nodeStatusName(this.node.status) !== 'Active') return;
    const { payments } = this.client;
    const config = await payments.fetchConfig();
    const current = BigInt(config.currentEpoch.toString());
    const epoch = await payments.fetchEpoch(current);
    if (config.paused || epoch === null) return;
    const length = config.epochLengthSeconds.toNumber();
    const inWindow = epoch.startedAt.toNumber() + length - Math.ceil(length / 20) <= now;
    // Before the window only channels whose developer asked for the deposit back are settled:
    // after the close delay (an hour at the least) the deposit can be withdrawn.
    const channels = await this.client.programs.paymentConfig.account.channelState.fetchMultiple(receipts.map((r) => paymentsPda.channel(r.creditAccount, this.nodeAddress)));
    for (const [i, receipt] of receipts.entries()) {
      const channel = channels[i];
      if (!inWindow && (channel === null || channel.closeRequestedAt.isZero())) continue;
      if (channel !== null && BigInt(channel.nonce.toString()) >= receipt.nonce) {
        this.receiptBook?.settled(receipt);
        continue;
      }
      try {
        await this.send('settle_usage', await payments.settleUsage({ operator: this.operator, receipt, epoch: current }), {
          epoch: current.toString(),
          creditAccount: receipt.creditAccount.toBase58(),
          cumulativeCredits: receipt.cumulativeCredits.toString(),
          nonce: receipt.nonce.toString(),
        });
        this.counters.settlements += 1;
        this.receiptBook?.settled(receipt);
      } catch (err) {
        const name = /ChannelUnderfunded|CumulativeDecreased|ReceiptReplayed|ReceiptSignerMismatch|ReceiptMessageMismatch|AccountNotInitialized/.exec(String(err));
        if (name === null) throw err;
        this.receiptBook?.failed(receipt, name[0]);
        this.log.error({ creditAccount: receipt.creditAccount.toBase58(), nonce: receipt.nonce.toString(), reason: name[0] }, 'receipt cannot be settled; dropped');
      }
    }
  }

  // ------------------------------------------------------------------ epochs and rewards

  private async advanceEpochIfDue(now: number): Promise<void> {
    const { payments } = this.client;
    const config = await payments.fetchConfig();
    if (config.paused) return;
    const current = BigInt(config.currentEpoch.toString());
    const epoch = await payments.fetchEpoch(current);
    if (epoch === null || epoch.startedAt.toNumber() + config.epochLengthSeconds.toNumber() > now) return;
    try {
      await this.send('advance_epoch', await payments.advanceEpoch(this.operator, current), { epoch: current.toString() });
      this.counters.epochsAdvanced += 1;
    } catch (err) {
      // Another crank was first.
      if (!/EpochNotOver|InvalidEpochState|already in use/.test(String(err))) throw err;
    }
  }

  /** Claims every ended epoch's reward the node has not claimed yet (while its window is open). */
  private async claimRewards(now: number): Promise<void> {
    if (Date.now() < this.claimRetryAt) return;
    const { payments } = this.client;
    const current = Number((await payments.fetchConfig()).currentEpoch.toString());
    const { mint } = this.client.requireDeployment();
    for (let e = this.state.claimScanFrom; e < current; e += 1) {
      const [epoch, usage, claimed] = await Promise.all([
        payments.fetchEpoch(e),
        this.client.programs.paymentConfig.account.nodeUsage.fetchNullable(paymentsPda.nodeUsage(e, this.nodeAddress)),
        payments.fetchClaimStatus(e, this.nodeAddress),
      ]);
      const open = epoch !== null && epoch.claimExpiresAt.toNumber() > now;
      if (usage !== null && !usage.weight.isZero() && claimed === null && open) {
        const operatorTokens = getAssociatedTokenAddressSync(mint, this.operator);
        try {
          await this.send(
            'claim',
            [createAssociatedTokenAccountIdempotentInstruction(this.operator, operatorTokens, this.operator, mint), await payments.claim({ payer: this.operator, epoch: e, operator: this.operator, operatorTokens })],
            { epoch: e },
          );
        } catch (err) {
          // The node may not earn now (understaked, paused, uncommitted): its window is open for
          // a while, so try again later rather than at every pass.
          const refusal = /NodeUnderstaked|NodeNotActive|NodeUncommitted|Paused/.exec(String(err));
          if (refusal === null) throw err;
          this.claimRetryAt = Date.now() + 60_000;
          this.log.warn({ epoch: e, reason: refusal[0] }, 'claim refused for now; retrying in a minute');
          return;
        }
        this.counters.claims += 1;
      }
      this.state.claimScanFrom = e + 1;
    }
  }

  // ------------------------------------------------------------------ status

  /** What `/health` shows under `network`. */
  health(): Record<string, unknown> {
    const node = this.node;
    return {
      operator: this.operator.toBase58(),
      node: this.nodeAddress.toBase58(),
      registered: node !== null,
      status: node === null ? null : nodeStatusName(node.status),
      staked: this.stakedTokens.toString(),
      committed:
        node === null || node.commitment.size.isZero()
          ? null
          : { root: Buffer.from(node.commitment.root).toString('hex'), size: node.commitment.size.toString(), epoch: node.commitment.epoch.toString() },
      qosBps: node?.qosBps ?? null,
      lastChallengeAnswered: this.state.lastChallenge,
      waitingFor: node === null ? this.waitingSince : null,
      lastError: this.lastError,
    };
  }

  /** The node's network metrics (`synq_storage_network_*`), read at each scrape. */
  private registerMetrics(metrics: Metrics): void {
    const r = metrics.registry;
    const p = `${METRIC_PREFIX}network_`;
    const c = this.counters;
    scrapedGauge(r, `${p}registered`, 'Whether the node is registered on chain (1) or not (0).', () => (this.node === null ? 0 : 1));
    // (Prometheus values are float64: exact up to 2^53 base units.)
    scrapedGauge(r, `${p}stake_tokens`, "Active stake of the node's pool, in $SYNQ base units.", () => Number(this.stakedTokens));
    scrapedGauge(r, `${p}qos_bps`, "The node's on-chain QoS in basis points.", () => this.node?.qosBps ?? 0);
    const counters: [string, Counter, string][] = [
      ['challenges_answered_total', 'challengesAnswered', 'Storage challenges answered.'],
      ['challenges_missed_total', 'challengesMissed', 'Storage challenges the node could not answer.'],
      ['commitments_total', 'commitments', 'Storage commitments sent.'],
      ['reports_total', 'reports', 'Epoch reports sent.'],
      ['settlements_total', 'settlements', 'Usage receipts settled.'],
      ['claims_total', 'claims', 'Epoch rewards claimed.'],
      ['epochs_advanced_total', 'epochsAdvanced', 'Payment epochs this node advanced.'],
      ['chain_errors_total', 'chainErrors', 'Network passes that failed (retried at the next).'],
    ];
    for (const [name, key, help] of counters) scrapedCounter(r, p + name, help, () => c[key]);
  }
}
