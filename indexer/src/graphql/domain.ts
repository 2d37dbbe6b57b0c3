/**
 * Domain queries, written against IDL names and tolerant of programs still being built: when
 * an account type (or a field they join on) is not in the IDL yet, the query answers empty or
 * null instead of failing.
 *
 * - topNodes: registry Nodes ranked by qos_bps, then by their staking pool's total_tokens.
 * - proposal: a governance Proposal with its VoteRecords and a tally.
 * - epoch: a payment_config Epoch with its ClaimStatus and NodeUsage accounts.
 * - developer: a developer's CreditAccount, payment channels and usage events.
 */
import type { Pool } from "pg";

import type { Indexer } from "../indexer";
import type { AccountLayout, Column } from "../layout";
import { quoteIdent } from "../store";
import type { GraphQLContext } from "./schema";
import { checkFirst, eventObject, rowToObject } from "./sql";

type Row = Record<string, unknown>;

export const DOMAIN_SDL = (indexer: Indexer): string => {
  const node = find(indexer, "registry", "Node");
  const pool = find(indexer, "staking", "StakePool");
  return `
type RankedNode {
  rank: Int!
  address: String!
  qosBps: Int
  status: String
  "The pool's active stake (total_tokens), 0 without a pool"
  stake: BigInt!
  ${node !== undefined ? `node: ${node.typeName}!` : "node: JSON"}
  ${pool !== undefined ? `pool: ${pool.typeName}` : "pool: JSON"}
}
type Tally { yes: BigInt!, no: BigInt!, abstain: BigInt!, voters: Int!, "where the figures come from: proposal fields or vote records" source: String! }
type ProposalView { account: AccountView!, votes: [AccountView!]!, tally: Tally! }
type EpochView { account: AccountView!, claims: [AccountView!]!, claimCount: Int!, "per-node usage settled in the epoch (NodeUsage)" usage: [AccountView!]! }
type DeveloperView {
  owner: String!
  credits: AccountView
  channels: [AccountView!]!
  "payment_config events naming this owner or their credit account"
  usage: [Event!]!
}
`;
};

function find(indexer: Indexer, program: string, account: string): AccountLayout | undefined {
  return indexer.layouts.find((p) => p.program.name === program)?.accounts.find((a) => a.account === account);
}

function column(layout: AccountLayout | undefined, ...names: string[]): Column | undefined {
  if (layout === undefined) return undefined;
  for (const name of names) {
    const c = layout.columns.find((col) => col.name === name);
    if (c !== undefined) return c;
  }
  return undefined;
}

function view(layout: AccountLayout, row: Row): Row {
  return { program: layout.program.name, type: layout.account, address: row.address, slot: row.slot, closed: row.closed, data: row.data };
}

async function rowsWhere(pool: Pool, layout: AccountLayout, col: Column, value: unknown): Promise<Row[]> {
  const cast = col.kind === "text" ? "text" : "numeric";
  const { rows } = await pool.query<Row>(
    `SELECT * FROM ${quoteIdent(layout.table)} WHERE ${quoteIdent(col.name)}${cast === "numeric" ? "::numeric" : ""} = $1::${cast} ORDER BY address LIMIT 10000`,
    [value],
  );
  return rows;
}

function sumColumns(layout: AccountLayout, row: Row, pattern: RegExp): bigint | undefined {
  const cols = layout.columns.filter((c) => (c.kind === "numeric" || c.kind === "bigint" || c.kind === "int") && pattern.test(c.name));
  if (cols.length === 0) return undefined;
  return cols.reduce((sum, c) => sum + BigInt(String(row[c.name] ?? 0)), 0n);
}

export function domainResolvers(indexer: Indexer): { fields: string[]; Query: Record<string, unknown> } {
  const fields = [
    '  "Registry nodes ranked by QoS (then stake), with their staking pool"',
    "  topNodes(first: Int = 10, status: String): [RankedNode!]!",
    '  "A governance proposal with its votes and tally (null until governance defines Proposal)"',
    "  proposal(address: String!): ProposalView",
    '  "A payment epoch by number with its claims (null until payment_config defines Epoch)"',
    "  epoch(number: BigInt!): EpochView",
    '  "A developer\'s credits, channels and usage"',
    "  developer(owner: String!): DeveloperView!",
  ];

  const topNodes = async (_: unknown, args: { first?: number; status?: string | null }, ctx: GraphQLContext): Promise<Row[]> => {
    const node = find(indexer, "registry", "Node");
    const pool = find(indexer, "staking", "StakePool");
    const qos = column(node, "qos_bps");
    if (node === undefined || qos === undefined) return [];
    const poolRef = column(node, "pool");
    const stakeCol = column(pool, "total_tokens");
    const status = column(node, "status");
    const joinable = pool !== undefined && poolRef !== undefined && stakeCol !== undefined;
    const params: unknown[] = [checkFirst(args.first, 10)];
    let statusSql = "";
    if (args.status != null && status !== undefined) {
      params.push(args.status);
      statusSql = ` AND n.${quoteIdent(status.name)} = $2`;
    }
    const stakeSql = joinable ? `COALESCE(p.${quoteIdent(stakeCol.name)}, 0)` : "0";
    const { rows } = await ctx.pool.query<Row>(
      `SELECT to_jsonb(n) AS n, ${joinable ? "to_jsonb(p)" : "NULL::jsonb"} AS p, ${stakeSql}::text AS stake
       FROM ${quoteIdent(node.table)} n
       ${joinable ? `LEFT JOIN ${quoteIdent(pool.table)} p ON p.address = n.${quoteIdent(poolRef.name)} AND NOT p.closed` : ""}
       WHERE NOT n.closed${statusSql}
       ORDER BY n.${quoteIdent(qos.name)} DESC, ${stakeSql} DESC, n.address ASC
       LIMIT $1`,
      params,
    );
    return rows.map((r, i) => {
      const n = r.n as Row;
      const p = r.p as Row | null;
      return {
        rank: i + 1,
        address: n.address,
        qosBps: n[qos.name],
        status: status === undefined ? null : n[status.name],
        stake: r.stake,
        node: rowToObject(node, n),
        pool: p === null || pool === undefined ? null : rowToObject(pool, p),
      };
    });
  };

  const proposal = async (_: unknown, args: { address: string }, ctx: GraphQLContext): Promise<Row | null> => {
    const layout = find(indexer, "governance", "Proposal");
    if (layout === undefined) return null;
    const { rows } = await ctx.pool.query<Row>(`SELECT * FROM ${quoteIdent(layout.table)} WHERE address = $1`, [args.address]);
    const row = rows[0];
    if (row === undefined) return null;
    const votesLayout = find(indexer, "governance", "VoteRecord");
    const ref = column(votesLayout, "proposal");
    const votes = votesLayout !== undefined && ref !== undefined ? await rowsWhere(ctx.pool, votesLayout, ref, args.address) : [];
    const yes = sumColumns(layout, row, /^(yes|for)(_|$)/);
    const no = sumColumns(layout, row, /^(no|against)(_|$)/);
    const abstain = sumColumns(layout, row, /^abstain(_|$)/);
    let tally: Row;
    if (yes !== undefined && no !== undefined) {
      tally = { yes: yes.toString(), no: no.toString(), abstain: (abstain ?? 0n).toString(), voters: votes.length, source: "proposal" };
    } else {
      // From the vote records: a side column and a weight column.
      const side = votesLayout?.columns.find((c) => c.kind === "text" && /side|choice|vote|support/.test(c.name));
      const weight = votesLayout?.columns.find((c) => (c.kind === "numeric" || c.kind === "bigint") && /weight|power|stake|amount/.test(c.name));
      const sums = { yes: 0n, no: 0n, abstain: 0n };
      for (const v of votes) {
        const s = String(side === undefined ? "" : v[side.name]).toLowerCase();
        const w = weight === undefined ? 0n : BigInt(String(v[weight.name] ?? 0));
        if (/yes|for|approve/.test(s)) sums.yes += w;
        else if (/no|against|reject/.test(s)) sums.no += w;
        else if (/abstain/.test(s)) sums.abstain += w;
      }
      tally = { yes: sums.yes.toString(), no: sums.no.toString(), abstain: sums.abstain.toString(), voters: votes.length, source: "votes" };
    }
    return { account: view(layout, row), votes: votes.map((v) => view(votesLayout!, v)), tally };
  };

  const epoch = async (_: unknown, args: { number: string }, ctx: GraphQLContext): Promise<Row | null> => {
    const layout = find(indexer, "payment_config", "Epoch");
    const numberCol = column(layout, "epoch", "number", "index", "id");
    if (layout === undefined || numberCol === undefined) return null;
    const rows = await rowsWhere(ctx.pool, layout, numberCol, args.number);
    const row = rows[0];
    if (row === undefined) return null;
    const claimLayout = find(indexer, "payment_config", "ClaimStatus");
    const ref = column(claimLayout, "epoch", "epoch_number");
    let claims: Row[] = [];
    if (claimLayout !== undefined && ref !== undefined) {
      claims = await rowsWhere(ctx.pool, claimLayout, ref, ref.kind === "text" ? row.address : args.number);
    }
    const usageLayout = find(indexer, "payment_config", "NodeUsage");
    const usageRef = column(usageLayout, "epoch", "epoch_number");
    let usage: Row[] = [];
    if (usageLayout !== undefined && usageRef !== undefined) {
      usage = await rowsWhere(ctx.pool, usageLayout, usageRef, usageRef.kind === "text" ? row.address : args.number);
    }
    return {
      account: view(layout, row),
      claims: claims.map((c) => view(claimLayout!, c)),
      claimCount: claims.length,
      usage: usage.map((u) => view(usageLayout!, u)),
    };
  };

  const developer = async (_: unknown, args: { owner: string }, ctx: GraphQLContext): Promise<Row> => {
    const credit = find(indexer, "payment_config", "CreditAccount");
    const ownerCol = column(credit, "owner", "developer", "authority");
    const creditRows = credit !== undefined && ownerCol !== undefined ? await rowsWhere(ctx.pool, credit, ownerCol, args.owner) : [];
    const creditRow = creditRows[0];
    const channelLayout = find(indexer, "payment_config", "ChannelState");
    let channels: Row[] = [];
    const byCredit = column(channelLayout, "credit_account");
    const byOwner = column(channelLayout, "owner", "developer");
    if (channelLayout !== undefined && byCredit !== undefined && creditRow !== undefined) {
      channels = await rowsWhere(ctx.pool, channelLayout, byCredit, creditRow.address);
    } else if (channelLayout !== undefined && byOwner !== undefined) {
      channels = await rowsWhere(ctx.pool, channelLayout, byOwner, args.owner);
    }
    const names = [args.owner, ...(creditRow === undefined ? [] : [String(creditRow.address)])];
    const { rows: usage } = await ctx.pool.query<Row>(
      `SELECT * FROM events WHERE program = 'payment_config'
         AND (data->>'owner' = ANY($1) OR data->>'developer' = ANY($1) OR data->>'credit_account' = ANY($1))
       ORDER BY slot, signature, idx LIMIT 1000`,
      [names],
    );
    return {
      owner: args.owner,
      credits: credit !== undefined && creditRow !== undefined ? view(credit, creditRow) : null,
      channels: channels.map((c) => view(channelLayout!, c)),
      usage: usage.map(eventObject),
    };
  };

  return { fields, Query: { topNodes, proposal, epoch, developer } };
}
