/**
 * `SynqDataClient`: a developer's access to a storage node's data (docs/paid-access.md) with
 * nothing but a wallet. It picks a node from the registry, signs every request with the wallet,
 * funds the payment channel to that node, and co-signs a cumulative receipt whenever the node
 * asks, after recomputing the credits from the node's signed usage statement and the on-chain
 * price table. It never signs for more than that, nor for more than the channel holds.
 *
 * With `replicas: n` it uses the n best nodes: every write goes to all of them (each paid
 * through its own channel), reads go to the first that answers, failing over to the next.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";

import type { SynqClient } from "./client";
import { NodeSession, NodeUnavailableError, type ChosenNode, type Json } from "./node-session";
import { DataModel, nodeStatusName } from "./registry";
import { toBigInt, type Amount } from "./values";

export { DataRequestError, NodeUnavailableError, PaymentRequiredError, UsageDisputeError, type ChosenNode, type NodeSession } from "./node-session";

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
   * Nodes to keep the data on (default 1; not with `node`): writes go to all of them, reads to
   * the first that answers in rank order. Nodes do not replicate between themselves: the client does.
   */
  replicas?: number;
  /**
   * Check each statement's query count against the requests this client sent (default true).
   * Turn it off when other clients (e.g. ioredis) use the same wallet on the node.
   */
  countQueries?: boolean;
}

/**
 * Picks nodes: the one given, or the `count` Active committed nodes serving `models` with the
 * best QoS, then stake (those of `region` first).
 */
export async function chooseNodes(client: SynqClient, options: Pick<DataClientOptions, "node" | "models" | "region"> = {}, count = 1): Promise<ChosenNode[]> {
  const nodes = await client.registry.allNodes();
  const need = (options.models ?? (Object.keys(MODEL_BITS) as DataModelName[])).reduce((bits, m) => bits | MODEL_BITS[m], 0);
  if (options.node !== undefined) {
    if (count !== 1) throw new RangeError("a node given by address is one replica: drop `node` to choose several");
    const found = nodes.find((n) => n.publicKey.equals(options.node!));
    if (found === undefined) throw new Error(`no node ${options.node.toBase58()} in the registry`);
    return [{ address: found.publicKey, operator: found.account.operator, endpoint: found.account.endpoint }];
  }
  const usable = nodes.filter(
    (n) => nodeStatusName(n.account.status) === "Active" && !n.account.commitment.size.isZero() && (n.account.models & need) === need && /^https?:\/\//.test(n.account.endpoint),
  );
  if (usable.length < count) throw new Error(`${usable.length} Active node(s) with a storage commitment serve these models; ${count} wanted: start one (npm start) or pass { node }`);
  const pools = await Promise.all(usable.map((n) => client.staking.fetchPool(n.account.operator)));
  return usable
    .map((n, i) => ({ n, stake: toBigInt(pools[i]?.totalTokens ?? 0) }))
    .sort((a, b) => {
      const region = Number(b.n.account.region === options.region) - Number(a.n.account.region === options.region);
      if (region !== 0) return region;
      if (a.n.account.qosBps !== b.n.account.qosBps) return b.n.account.qosBps - a.n.account.qosBps;
      return a.stake === b.stake ? 0 : a.stake < b.stake ? 1 : -1;
    })
    .slice(0, count)
    .map(({ n }) => ({ address: n.publicKey, operator: n.account.operator, endpoint: n.account.endpoint }));
}

export class SynqDataClient {
  /** One session per node, in rank order: the first is where reads go first. */
  readonly sessions: NodeSession[];

  readonly kv = {
    get: (key: string) => this.read<{ value: string | null }>("GET", `/v1/kv/${enc(key)}`).then((r) => r.value),
    set: (key: string, value: string, options: { ttlMs?: number } = {}) => this.write<Json>("PUT", `/v1/kv/${enc(key)}`, { value, ...options }),
    del: (key: string) => this.write<{ deleted: number }>("DELETE", `/v1/kv/${enc(key)}`).then((r) => r.deleted),
    keys: (pattern?: string) => this.read<{ keys: string[] }>("GET", pattern === undefined ? "/v1/kv" : `/v1/kv?pattern=${enc(pattern)}`).then((r) => r.keys),
  };

  readonly documents = {
    listCollections: () => this.read<Json>("GET", "/v1/collections"),
    createCollection: (collection: string, options: { schema?: Json; indexes?: Json[] } = {}) => this.write<Json>("PUT", `/v1/collections/${enc(collection)}`, options),
    dropCollection: (collection: string) => this.write<Json>("DELETE", `/v1/collections/${enc(collection)}`),
    insert: (collection: string, docs: Json[]) => this.write<{ insertedIds: string[] }>("POST", `/v1/collections/${enc(collection)}/docs`, { docs }),
    get: (collection: string, id: string) => this.read<Json>("GET", `/v1/collections/${enc(collection)}/docs/${enc(id)}`),
    find: (collection: string, filter: Json = {}, options: { projection?: Json; sort?: Json; skip?: number; limit?: number } = {}) =>
      this.read<{ docs: Json[] }>("POST", `/v1/collections/${enc(collection)}/find`, { filter, ...options }).then((r) => r.docs),
    count: (collection: string, filter: Json = {}) => this.read<{ count: number }>("POST", `/v1/collections/${enc(collection)}/count`, { filter }).then((r) => r.count),
    update: (collection: string, filter: Json, update: Json, options: { multi?: boolean; upsert?: boolean } = {}) =>
      this.write<Json>("POST", `/v1/collections/${enc(collection)}/update`, { filter, update, ...options }),
    delete: (collection: string, filter: Json, options: { multi?: boolean } = {}) =>
      this.write<{ deleted: number }>("POST", `/v1/collections/${enc(collection)}/delete`, { filter, ...options }).then((r) => r.deleted),
    aggregate: (collection: string, pipeline: Json[]) => this.read<{ docs: Json[] }>("POST", `/v1/collections/${enc(collection)}/aggregate`, { pipeline }).then((r) => r.docs),
  };

  readonly vectors = {
    listCollections: () => this.read<Json>("GET", "/v1/vectors"),
    createCollection: (collection: string, options: { dimension: number; metric?: "cosine" | "l2" | "dot" }) => this.write<Json>("PUT", `/v1/vectors/${enc(collection)}`, options),
    info: (collection: string) => this.read<Json>("GET", `/v1/vectors/${enc(collection)}`),
    dropCollection: (collection: string) => this.write<Json>("DELETE", `/v1/vectors/${enc(collection)}`),
    upsert: (collection: string, items: { id: string; vector: number[]; metadata?: Json }[]) => this.write<Json>("POST", `/v1/vectors/${enc(collection)}/upsert`, { items }),
    delete: (collection: string, ids: string[]) => this.write<Json>("POST", `/v1/vectors/${enc(collection)}/delete`, { ids }),
    search: (collection: string, vector: number[], options: { k?: number; filter?: Json; includeMetadata?: boolean } = {}) =>
      this.read<{ hits: { id: string; score: number; metadata?: Json }[] }>("POST", `/v1/vectors/${enc(collection)}/search`, { vector, ...options }).then((r) => r.hits),
  };

  readonly timeseries = {
    listSeries: (tags: Record<string, string> = {}) =>
      this.read<Json>("GET", `/v1/series${Object.keys(tags).length === 0 ? "" : `?${Object.entries(tags).map(([k, v]) => `tag.${enc(k)}=${enc(v)}`).join("&")}`}`),
    createSeries: (series: string, options: { tags?: Record<string, string>; retentionMs?: number } = {}) => this.write<Json>("PUT", `/v1/series/${enc(series)}`, options),
    dropSeries: (series: string) => this.write<Json>("DELETE", `/v1/series/${enc(series)}`),
    ingest: (series: string, points: [number, number][]) => this.write<{ written: number }>("POST", `/v1/series/${enc(series)}/points`, { points }).then((r) => r.written),
    range: (series: string, options: { from?: number; to?: number; limit?: number } = {}) =>
      this.read<{ points: [number, number][] }>("POST", `/v1/series/${enc(series)}/range`, options).then((r) => r.points),
    downsample: (series: string, options: { from?: number; to?: number; bucketMs: number; aggs: string[] }) => this.read<Json>("POST", `/v1/series/${enc(series)}/downsample`, options),
  };

  private constructor(sessions: NodeSession[]) {
    this.sessions = sessions;
  }

  /** The first-ranked node. */
  get node(): ChosenNode {
    return this.sessions[0].node;
  }

  /** Chooses the nodes, reads where each channel stands and funds each up to `deposit`. */
  static async open(client: SynqClient, wallet: Keypair, options: DataClientOptions = {}): Promise<SynqDataClient> {
    const replicas = options.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new RangeError("replicas must be a positive integer");
    const limits = { maxReceiptCredits: toBigInt(options.maxReceiptCredits ?? 1_000_000n), countQueries: options.countQueries !== false };
    const nodes = await chooseNodes(client, options, replicas);
    const db = new SynqDataClient(nodes.map((node) => new NodeSession(client, wallet, node, limits)));
    for (const session of db.sessions) {
      await session.open();
      if (options.deposit !== undefined) await session.ensureDeposit(toBigInt(options.deposit));
    }
    return db;
  }

  /** Any executor request (`{model, op, ...}`), as `POST /v1/query`: sent to every node (it may write). */
  query<T = Json>(request: Json): Promise<T> {
    return this.write<T>("POST", "/v1/query", request);
  }

  /** The first node's metering of this wallet (`GET /v1/usage`); `sessions[i].usage()` for another. */
  usage(): Promise<Json> {
    return this.sessions[0].usage();
  }

  /** Credits locked for the first node and not yet spent. */
  unspent(): Promise<bigint> {
    return this.sessions[0].unspent();
  }

  /** Locks more credits for every node whose channel has fewer than `target` unspent. */
  async ensureDeposit(target: bigint): Promise<void> {
    for (const session of this.sessions) await session.ensureDeposit(target);
  }

  /** Co-signs each node's fresh statement (e.g. after RESP use); the credits signed for the first. */
  async payUsage(): Promise<bigint> {
    const signed = await Promise.all(this.sessions.map((s) => s.payUsage()));
    return signed[0];
  }

  /** A read: from the first node that answers, in rank order. */
  private async read<T>(method: string, path: string, body?: Json): Promise<T> {
    let unavailable: NodeUnavailableError | undefined;
    for (const session of this.sessions) {
      try {
        return await session.call<T>(method, path, body);
      } catch (err) {
        if (!(err instanceof NodeUnavailableError)) throw err;
        unavailable = err;
      }
    }
    throw unavailable!;
  }

  /** A write: to every node; it fails (naming the nodes) unless all took it. */
  private async write<T>(method: string, path: string, body?: Json): Promise<T> {
    const outcomes = await Promise.allSettled(this.sessions.map((s) => s.call<T>(method, path, body)));
    const failed = outcomes.flatMap((o, i) => (o.status === "rejected" ? [{ node: this.sessions[i].node.address.toBase58(), err: o.reason as Error }] : []));
    if (failed.length === 0) return (outcomes[0] as PromiseFulfilledResult<T>).value;
    if (failed.length === outcomes.length && failed.length === 1) throw failed[0].err;
    throw new ReplicaWriteError(failed.length, outcomes.length, failed.map((f) => `${f.node}: ${f.err.message}`).join("; "));
  }
}

/** A write some replicas did not take: they now differ until it is repeated. */
export class ReplicaWriteError extends Error {
  constructor(
    readonly failed: number,
    readonly of: number,
    detail: string,
  ) {
    super(`${failed} of ${of} nodes did not take the write: ${detail}`);
  }
}

function enc(part: string): string {
  return encodeURIComponent(part);
}
