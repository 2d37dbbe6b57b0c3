/**
 * An indexed event's fields in words and units: $SYNQ amounts (the SDK's token formatting),
 * credits, QoS as %, times, sizes, addresses shortened (full on hover, copied on click). The
 * programs' events are listed here field by field (their meaning is not in the IDL: a u64 may
 * be $SYNQ base units, credits or bytes); any other event shows compact `key: value` pairs.
 */
import { address, count, h, percentBps, synq, unixTime } from "./dom";

type Kind = "synq" | "credits" | "percent" | "address" | "time" | "count" | "number" | "bytes" | "duration" | "bool" | "text";

/** [field, kind, label]: the fields worth reading, in reading order. */
type Field = readonly [string, Kind, string];

const EVENTS: Record<string, readonly Field[]> = {
  // registry
  NodeRegistered: [["operator", "address", "operator"], ["endpoint", "text", "endpoint"], ["region", "count", "region"], ["capacity_bytes", "bytes", "capacity"], ["models", "count", "models"], ["stake", "synq", "stake"]],
  NodeUpdated: [["endpoint", "text", "endpoint"], ["region", "count", "region"], ["capacity_bytes", "bytes", "capacity"], ["models", "count", "models"]],
  NodeStatusChanged: [["from", "text", "from"], ["to", "text", "to"], ["by", "address", "by"]],
  NodeDeregistered: [["operator", "address", "operator"]],
  ReportSubmitted: [["epoch", "count", "report epoch"], ["qos_bps", "percent", "QoS"], ["bytes_transferred", "bytes", "transferred"], ["sessions_served", "count", "sessions"], ["uptime_seconds", "duration", "uptime"], ["sample_bps", "percent", "sampled"]],
  StorageCommitted: [["size", "bytes", "size"], ["chunk_count", "count", "chunks"], ["epoch", "count", "epoch"]],
  ChallengeIssued: [["sequence", "number", "challenge"], ["challenger", "address", "by"], ["chunk_count", "count", "chunks"], ["deadline_slot", "count", "answer by slot"]],
  ChallengeResponded: [["sequence", "number", "challenge"], ["chunk_index", "count", "chunk"], ["proofs_passed", "count", "proofs passed"]],
  ChallengeExpired: [["sequence", "number", "challenge"], ["qos_bps", "percent", "QoS now"], ["proofs_failed", "count", "proofs failed"], ["slashed", "synq", "slashed"], ["jailed", "bool", "jailed"]],
  // staking
  PoolCreated: [["operator", "address", "operator"], ["commission_bps", "percent", "commission"]],
  Staked: [["owner", "address", "owner"], ["amount", "synq", "staked"], ["active_at", "time", "active from"]],
  StakeActivated: [["owner", "address", "owner"], ["amount", "synq", "activated"], ["pool_tokens", "synq", "pool now"]],
  UnstakeRequested: [["owner", "address", "owner"], ["tokens", "synq", "unstaking"], ["available_at", "time", "withdrawable from"]],
  Withdrawn: [["owner", "address", "owner"], ["amount", "synq", "withdrawn"]],
  RewardsDeposited: [["pool", "address", "pool"], ["amount", "synq", "reward"], ["commission", "synq", "commission"], ["to_stakers", "synq", "to stakers"]],
  PoolSlashed: [["pool", "address", "pool"], ["requested", "synq", "slash"], ["from_active", "synq", "from active"], ["from_unbonding", "synq", "from unbonding"]],
  StakeSynced: [["pool", "address", "pool"], ["pool_tokens", "synq", "pool"], ["total_staked", "synq", "total staked"]],
  // payment_config
  CreditsPurchased: [["owner", "address", "buyer"], ["tier", "text", "tier"], ["amount", "synq", "paid"], ["credits", "credits", "bought"], ["burned", "synq", "burned"], ["to_treasury", "synq", "to treasury"], ["to_rewards", "synq", "to rewards"], ["balance", "credits", "balance"]],
  ChannelFunded: [["node", "address", "node"], ["amount", "credits", "locked"], ["escrow", "synq", "escrow"], ["deposit", "credits", "channel holds"]],
  ChannelCloseRequested: [["channel", "address", "channel"], ["deposit", "credits", "deposit"], ["withdrawable_at", "time", "withdrawable from"]],
  ChannelWithdrawn: [["channel", "address", "channel"], ["credits", "credits", "returned"], ["escrow", "synq", "escrow"]],
  UsageSettled: [["node", "address", "node"], ["epoch", "count", "epoch"], ["delta", "credits", "settled"], ["cumulative_credits", "credits", "cumulative"], ["released", "synq", "to the epoch's pool"], ["epoch_pool", "synq", "pool now"]],
  EpochAdvanced: [["ended", "number", "epoch ended"], ["pool", "synq", "pool"], ["usage_total", "credits", "usage"], ["node_count", "count", "nodes"], ["claim_expires_at", "time", "claims until"]],
  RewardClaimed: [["epoch", "count", "epoch"], ["node", "address", "node"], ["amount", "synq", "reward"]],
  RewardsClawedBack: [["epoch", "count", "epoch"], ["amount", "synq", "clawed back"]],
  TreasurySpent: [["destination", "address", "to"], ["amount", "synq", "amount"]],
  PauseChanged: [["paused", "bool", "paused"], ["by", "address", "by"]],
  // governance
  ProposalCreated: [["index", "number", "proposal"], ["title", "text", "title"], ["proposer", "address", "by"]],
  VotingStarted: [["voting_ends_at", "time", "voting ends"], ["total_stake_snapshot", "synq", "stake snapshot"]],
  VoteCast: [["voter", "address", "voter"], ["choice", "text", "vote"], ["weight", "synq", "weight"], ["yes_weight", "synq", "yes now"], ["no_weight", "synq", "no now"]],
  ProposalFinalized: [["state", "text", "now"], ["quorum_reached", "bool", "quorum"], ["approved", "bool", "approved"], ["eta", "time", "executable from"]],
  ProposalExecuted: [["proposal", "address", "proposal"], ["actions", "count", "actions"]],
  ProposalCancelled: [["proposal", "address", "proposal"], ["by", "address", "by"]],
};

const BASE58_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const UNITS = ["bytes", "kB", "MB", "GB", "TB"];

function bytes(value: string): string {
  let n = Number(value);
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${count(value)} bytes` : `${n.toFixed(n < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

function duration(value: string): string {
  const s = Number(value);
  const [d, hr, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60)];
  return d > 0 ? `${d}d ${hr}h` : hr > 0 ? `${hr}h ${m}m` : m > 0 ? `${m}m ${s % 60}s` : `${s}s`;
}

/** An enum as the indexer writes it: a unit variant's name, else `{ Variant: fields }`. */
const words = (value: unknown): string => (typeof value === "object" && value !== null ? (Object.keys(value)[0] ?? "") : String(value));

function rendered(kind: Kind, value: unknown, decimals: number): Node | string {
  const text = String(value);
  switch (kind) {
    case "synq":
      return `${synq(text, decimals)} $SYNQ`;
    case "credits":
      return `${count(text)} credits`;
    case "percent":
      return percentBps(text);
    case "address":
      return address(text);
    case "time":
      return unixTime(text);
    case "count":
      return /^\d+$/.test(text) ? count(text) : text;
    case "number":
      return `#${text}`;
    case "bytes":
      return bytes(text);
    case "duration":
      return duration(text);
    case "bool":
      return value === true ? "yes" : "no";
    case "text":
      return words(value);
  }
}

/** Nested structs as `outer.inner` keys (e.g. a params event's QoS weights). */
function flatten(data: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 1) Object.assign(out, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function guessKind(field: string, value: unknown): Kind {
  if (typeof value === "string" && BASE58_ADDRESS.test(value)) return "address";
  if (field.endsWith("_bps")) return "percent";
  if (field.endsWith("_at")) return "time";
  if (field.endsWith("_seconds")) return "duration";
  // Params events' token thresholds (min_stake, proposal_threshold) are $SYNQ base units.
  if (/(^|_)(stake|threshold)$/.test(field) && typeof value === "string") return "synq";
  if (typeof value === "boolean") return "bool";
  return (typeof value === "string" && /^\d+$/.test(value)) || Number.isInteger(value) ? "count" : "text";
}

/** What to leave out: fields the page already shows (the node on its own page; the slot is the time column's). */
export interface DetailsOptions {
  omit?: readonly string[];
}

export function eventDetails(name: string, data: Record<string, unknown>, decimals: number, options: DetailsOptions = {}): HTMLElement {
  const omit = new Set(["slot", ...(options.omit ?? [])]);
  const known = EVENTS[name];
  const flat = known === undefined ? flatten(data) : data;
  const fields: Field[] =
    known?.filter(([field]) => field in data) ??
    // Unknown: every field (nested ones flattened), addresses shortened, basis points as %.
    Object.keys(flat).map((field): Field => [field, guessKind(field, flat[field]), field.replace(/_(bps|seconds)$/, "").replace(/[_.]/g, " ")]);
  const parts = fields
    .filter(([field]) => !omit.has(field))
    .map(([field, kind, label]) => h("span", { class: "field" }, h("span", { class: "label" }, `${label} `), rendered(kind, flat[field], decimals)));
  return h("span", { class: "event-details" }, parts);
}
