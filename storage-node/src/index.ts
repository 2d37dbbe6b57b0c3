/** Programmatic entry: start a storage node (engine + RESP + HTTP servers) in this process. */
import type { Logger } from 'pino';
import { Engine } from './engine/engine';
import { EngineError } from './engine/errors';
import { HttpServer } from './server/http';
import { Metrics } from './server/metrics';
import { RespServer } from './server/resp';
import { createLogger } from './log';
import type { CommandEnv } from './server/resp-commands';
import { DEFAULT_FAIR_SHARE, FairShare, type FairShareLimits } from './server/fair-share';
import type { EvictionPolicy, KvLimits } from './engine/kv';
import { ClientSettings } from './server/resp-config';
import { NetworkAgent, type NetworkAgentOptions } from './network/agent';
import { RequestGate } from './server/request-gate';
import { PublicKey } from '@solana/web3.js';

export { Engine } from './engine/engine';
export { EngineError } from './engine/errors';
export { runQuery, MODELS } from './engine/query';
export type { Usage } from './engine/usage';
export { NetworkAgent, NetworkStartError, type NetworkAgentOptions } from './network/agent';
export { SnapshotStore, snapshotRecords, SNAPSHOT_TABLES } from './network/snapshot';
export { RequestGate } from './server/request-gate';

export const VERSION = '0.1.0';
export const DEFAULT_WORK_BUDGET_MS = 500;
/** Credits of unreceipted usage at which a wallet-auth node asks for a receipt (10,000 queries at the default Standard price). */
export const DEFAULT_RECEIPT_EVERY = 100_000n;

export interface StorageNodeOptions {
  dataDir: string;
  /** 0 picks a free port. Defaults: 6380 (RESP), 7070 (HTTP). */
  respPort?: number;
  httpPort?: number;
  host?: string;
  /** fsync every commit (survive power loss, not just process crashes). */
  fsync?: boolean;
  /** When set, clients must AUTH (RESP) / send a Bearer password (HTTP). */
  requireAuth?: boolean;
  /**
   * Checks credentials and returns the namespace to use, or null to refuse.
   * `user` is the RESP AUTH username or the HTTP X-Synq-Namespace header (null: none given).
   * The default accepts anyone into the namespace they name ("default" when none).
   */
  authenticate?: (user: string | null, password: string) => string | null;
  logger?: Logger;
  vectorSaveIntervalMs?: number;
  /**
   * Work budget of one request (HTTP query or RESP command) in ms: scans past it stop with an
   * `over_budget` error, so no request holds the node (default 500; 0 = unbounded).
   */
  workBudgetMs?: number;
  /** Stored bytes of the KV dataset (records plus keys, held in memory) the node keeps; 0 = none. */
  maxmemory?: number;
  /** What to evict past `maxmemory` or a namespace's quota (Redis's policies; default noeviction: refuse with OOM). */
  maxmemoryPolicy?: EvictionPolicy;
  /**
   * Stored bytes one namespace may hold: its KV data is held under it (evicting per the policy),
   * and document, vector and time-series writes are refused once its total reaches it; 0 = none.
   */
  namespaceQuota?: number;
  /**
   * Paid access (docs/paid-access.md): HTTP data requests must be signed by the developer's
   * wallet for `node` (this node's registry address), RESP sessions opened by the wallet's
   * signature over a challenge; both are served in the wallet's credit-account namespace.
   */
  walletAuth?: { node: PublicKey };
  /** With `walletAuth` and `network`: credits of unreceipted usage at which a receipt is asked for. */
  receiptEvery?: bigint;
  /** RESP connections node-wide and per namespace, HTTP requests in flight per namespace. */
  fairShare?: Partial<FairShareLimits>;
  /**
   * Take part in the network (docs/storage-node-network.md): join, commit, answer challenges,
   * report, claim. The endpoint defaults to this node's HTTP URL.
   */
  network?: Omit<NetworkAgentOptions, 'engine' | 'metrics' | 'log' | 'dataDir' | 'endpoint'> & { endpoint?: string };
}

export interface StorageNode {
  respPort: number;
  httpPort: number;
  engine: Engine;
  /** The network agent, with `network` set. */
  agent?: NetworkAgent;
  /** Stops accepting clients, saves derived state and closes the store. */
  close(): Promise<void>;
}

/** Accepts `password` for any namespace: what `--auth-token` configures. */
export function tokenAuthenticator(token: string): (user: string | null, password: string) => string | null {
  return (user, password) => (password === token ? user ?? 'default' : null);
}

export async function startStorageNode(options: StorageNodeOptions): Promise<StorageNode> {
  const log = options.logger ?? createLogger();
  const host = options.host ?? '127.0.0.1';
  const workBudgetMs = options.workBudgetMs ?? DEFAULT_WORK_BUDGET_MS;
  // (A flag not given arrives as undefined: it must not override the default.)
  const fairShare = new FairShare({ ...DEFAULT_FAIR_SHARE, ...Object.fromEntries(Object.entries(options.fairShare ?? {}).filter(([, v]) => v !== undefined)) });
  const limits: KvLimits = { maxmemory: options.maxmemory ?? 0, namespaceQuota: options.namespaceQuota ?? 0, policy: options.maxmemoryPolicy ?? 'noeviction' };
  const engine = new Engine({ dataDir: options.dataDir, fsync: options.fsync, log, vectorSaveIntervalMs: options.vectorSaveIntervalMs });
  const metrics = new Metrics(() => engine.usage.snapshot());
  engine.kv.setLimits(limits);
  engine.namespaceQuota = limits.namespaceQuota;
  const gate = options.walletAuth ? new RequestGate(options.walletAuth.node) : undefined;
  const requireAuth = gate !== undefined || (options.requireAuth ?? false);
  let agent: NetworkAgent | undefined;
  const authenticate =
    gate !== undefined
      ? (user: string | null, password: string) => {
          const ns = gate.admitSession(user, password);
          // Metering starts reading the wallet's credit account as its session opens.
          if (ns !== null && user !== null) agent?.meter?.opened(ns, new PublicKey(user));
          return ns;
        }
      : options.authenticate ?? ((user: string | null) => user ?? 'default');
  const metered = gate !== undefined && options.network !== undefined;
  const env: CommandEnv = {
    kv: engine.kv,
    requireAuth,
    authenticate,
    challenge: gate ? () => gate.issueChallenge() : undefined,
    paymentRefusal: metered ? (base) => (agent?.meter ? agent.meter.refusal(base) : 'ERR the node is joining the network: retry shortly') : undefined,
    usageOf: (ns) => engine.usage.of(ns),
    version: VERSION,
    workBudgetMs,
    fairShare,
    settings: new ClientSettings({ maxmemory: limits.maxmemory, 'maxmemory-policy': limits.policy }),
    info: () => ({
      Server: { redis_version: '7.0.0', synq_version: VERSION, redis_mode: 'standalone', process_id: process.pid, uptime_in_seconds: Math.round((Date.now() - metrics.startedAt) / 1000) },
      Clients: { connected_clients: metrics.respConnections },
      Memory: { used_memory: engine.kv.usedBytes(), maxmemory: limits.maxmemory, maxmemory_policy: limits.policy, synq_namespace_quota: limits.namespaceQuota },
      Persistence: { loading: 0, aof_enabled: 0, synq_store: 'lmdb' },
      Stats: { total_commands_processed: metrics.respCommandsTotal, synq_fast_path_commands: metrics.respFastCommands() },
    }),
  };
  const resp = new RespServer({ host, port: options.respPort ?? 6380, env, store: engine.store, log, metrics });
  const httpServer = new HttpServer({
    host,
    port: options.httpPort ?? 7070,
    engine,
    log,
    metrics,
    requireAuth,
    workBudgetMs,
    fairShare,
    authenticate,
    version: VERSION,
    walletAuth: gate,
    payment: metered ? () => agent?.meter : undefined,
    health: () => ({ respPort, ...(gate ? { auth: 'wallet', node: gate.node.toBase58() } : {}), ...(agent ? { network: agent.health() } : {}) }),
    receipts: options.network ? (body) => {
      if (agent === undefined) throw new EngineError('unavailable', 'the network agent is starting');
      return agent.acceptReceipt(body);
    } : undefined,
  });
  let respPort: number;
  let httpPort: number;
  try {
    respPort = await resp.listen();
    httpPort = await httpServer.listen();
  } catch (e) {
    await resp.close().catch(() => undefined);
    await engine.close();
    throw e;
  }
  if (options.network) {
    try {
      agent = await NetworkAgent.start({
        ...options.network,
        endpoint: options.network.endpoint ?? `http://${host}:${httpPort}`,
        engine,
        metrics,
        log: log.child({ component: 'network' }),
        dataDir: options.dataDir,
        metering: metered ? { receiptEvery: options.receiptEvery ?? DEFAULT_RECEIPT_EVERY, onHeld: (held) => resp.holdNamespaces(held) } : undefined,
      });
    } catch (e) {
      await Promise.all([resp.close(), httpServer.close()]);
      await engine.close();
      throw e;
    }
  }
  log.info(
    { resp: `redis://${host}:${respPort}`, http: `http://${host}:${httpPort}`, respPort, httpPort, dataDir: options.dataDir, version: VERSION, network: agent?.nodeAddress.toBase58() },
    'storage node listening',
  );
  let closing: Promise<void> | undefined;
  return {
    respPort,
    httpPort,
    engine,
    agent,
    close: () =>
      (closing ??= (async () => {
        // The chain transaction in flight finishes first; data service stops after it.
        await agent?.stop();
        await Promise.all([resp.close(), httpServer.close()]);
        await engine.close();
        log.info('storage node stopped');
      })()),
  };
}
