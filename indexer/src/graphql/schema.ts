/**
 * The GraphQL schema, generated from the account layouts (hence from the IDLs): per account
 * type a connection query with `where` / `orderBy` / `first` / `after` and a lookup by address;
 * events; domain queries (domain.ts); `_meta`; subscriptions for events and account changes.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { createPubSub, createSchema, filter, pipe, type YogaSchemaDefinition } from "graphql-yoga";
import type { Pool } from "pg";

import type { AccountChange, Indexer } from "../indexer";
import type { AccountLayout, Column } from "../layout";
import { camel, pascal } from "../layout";
import type { EventRow } from "../store";
import { domainResolvers, DOMAIN_SDL } from "./domain";
import { checkFirst, COMPARISONS, encodeCursor, eventObject, filterableColumns, isOrdered, orderableColumns, pageQuery, rowToObject, SqlBuilder, type PageArgs } from "./sql";

export interface GraphQLContext {
  pool: Pool;
}

type Row = Record<string, unknown>;
type Args = Record<string, unknown>;

function gqlType(column: Column): string {
  switch (column.kind) {
    case "boolean": return "Boolean";
    case "int": return "Int";
    case "bigint": case "numeric": return "BigInt";
    case "float": return "Float";
    case "text": return "String";
    case "json": return "JSON";
  }
}

/** Plural query name, e.g. registryNodes, stakingStakePools. */
export function listQueryName(layout: AccountLayout): string {
  const single = singleQueryName(layout);
  return single.endsWith("s") ? `${single}List` : `${single}s`;
}

export function singleQueryName(layout: AccountLayout): string {
  return camel(layout.program.name) + pascal(layout.account);
}

function parseBigInt(value: unknown): string {
  const text = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^-?\d+$/.test(text)) throw new GraphQLError(`BigInt must be an integer (as a string), got ${JSON.stringify(value)}`);
  return text;
}

const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  description: "An integer of any size, as a decimal string (u64/i64/u128 values)",
  serialize: (value) => (typeof value === "bigint" ? value.toString() : String(value)),
  parseValue: parseBigInt,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return parseBigInt(ast.value);
    throw new GraphQLError("BigInt must be an integer literal or a string");
  },
});

function literalJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING: case Kind.ENUM: return ast.value;
    case Kind.BOOLEAN: return ast.value;
    case Kind.INT: case Kind.FLOAT: return Number(ast.value);
    case Kind.NULL: return null;
    case Kind.LIST: return ast.values.map(literalJson);
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalJson(f.value)]));
    default: throw new GraphQLError("variables are not supported inside JSON literals");
  }
}

const JsonScalar = new GraphQLScalarType({
  name: "JSON",
  description: "Decoded account or event data (u64 and wider as decimal strings, pubkeys base58, bytes hex)",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalJson,
});

function accountTypeSdl(layout: AccountLayout): string {
  const t = layout.typeName;
  const fields = layout.columns.map((c) => `  ${c.field}: ${gqlType(c)}${c.nullable ? "" : "!"}`).join("\n");
  const filters = filterableColumns(layout)
    .flatMap((c) => {
      const type = gqlType(c);
      const list = [`  ${c.field}: ${type}`, `  ${c.field}_not: ${type}`];
      if (c.kind !== "boolean") list.push(`  ${c.field}_in: [${type}!]`);
      if (isOrdered(c)) for (const op of COMPARISONS) list.push(`  ${c.field}_${op}: ${type}`);
      return list;
    })
    .join("\n");
  const orderFields = orderableColumns(layout).map((c) => c.field).join(" ");
  return `
"""${layout.program.name} account ${layout.account} (table ${layout.table})"""
type ${t} {
  address: String!
  "Slot of the newest data written for this account"
  slot: BigInt!
  closed: Boolean!
  closedSlot: BigInt
  lamports: BigInt!
  "The whole decoded account"
  data: JSON!
${fields}
}
input ${t}Where {
  "Default: only accounts that are not closed"
  closed: Boolean
${filters}
}
enum ${t}OrderField { ${orderFields} }
input ${t}OrderBy { field: ${t}OrderField!, direction: OrderDirection = ASC }
type ${t}Edge { cursor: String!, node: ${t}! }
type ${t}Connection { nodes: [${t}!]!, edges: [${t}Edge!]!, pageInfo: PageInfo!, totalCount: Int! }
`;
}

const BASE_SDL = `
scalar BigInt
scalar JSON
enum OrderDirection { ASC DESC }
type PageInfo { hasNextPage: Boolean!, endCursor: String }

type Event {
  signature: String!
  "Position among the transaction's event log lines"
  index: Int!
  program: String!
  name: String!
  slot: BigInt!
  blockTime: BigInt
  data: JSON!
}
input EventWhere { program: String, name: String, signature: String, slot_gte: BigInt, slot_lte: BigInt }
type EventEdge { cursor: String!, node: Event! }
type EventConnection { nodes: [Event!]!, edges: [EventEdge!]!, pageInfo: PageInfo! }

"Any indexed account, for views that span account types"
type AccountView {
  program: String!
  type: String!
  address: String!
  slot: BigInt!
  closed: Boolean!
  data: JSON!
}
type AccountChange {
  program: String!
  type: String!
  address: String!
  slot: BigInt!
  closed: Boolean!
  data: JSON
}
type Meta {
  "Slot up to which the index is complete"
  slot: BigInt!
  "Newest slot heard from the cluster"
  chainSlot: BigInt!
  lagSlots: Int!
  live: Boolean!
}
`;

interface ConnectionResult {
  nodes: Row[];
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

async function accountPage(pool: Pool, layout: AccountLayout, args: PageArgs): Promise<ConnectionResult> {
  const q = pageQuery(layout, args);
  const { rows } = await pool.query<Row>(q.sql, q.params);
  const hasNextPage = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(row[q.order.name], String(row.address)), node: rowToObject(layout, row) }));
  return {
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null },
    totalCount: async () => (await pool.query<{ n: number }>(q.countSql, q.countParams)).rows[0]!.n,
  };
}

async function eventPage(pool: Pool, args: Args): Promise<Omit<ConnectionResult, "totalCount">> {
  const where = (args.where ?? {}) as Record<string, string | undefined>;
  const sql = new SqlBuilder();
  const conditions: string[] = ["true"];
  for (const key of ["program", "name", "signature"] as const) {
    if (where[key] !== undefined && where[key] !== null) conditions.push(`${key} = ${sql.param(where[key], "text")}`);
  }
  if (where.slot_gte != null) conditions.push(`slot >= ${sql.param(where.slot_gte, "bigint")}`);
  if (where.slot_lte != null) conditions.push(`slot <= ${sql.param(where.slot_lte, "bigint")}`);
  const desc = args.orderBy === "SLOT_DESC";
  if (typeof args.after === "string") {
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(args.after, "base64url").toString("utf8"));
    } catch {
      throw new GraphQLError("invalid cursor");
    }
    if (!Array.isArray(key) || key.length !== 3) throw new GraphQLError("invalid cursor");
    conditions.push(
      `(slot, signature, idx) ${desc ? "<" : ">"} (${sql.param(key[0], "bigint")}, ${sql.param(key[1], "text")}, ${sql.param(key[2], "int")})`,
    );
  }
  const limit = checkFirst(args.first as number | undefined, 50);
  const dir = desc ? "DESC" : "ASC";
  const { rows } = await pool.query<Row>(
    `SELECT * FROM events WHERE ${conditions.join(" AND ")} ORDER BY slot ${dir}, signature ${dir}, idx ${dir} LIMIT ${limit + 1}`,
    sql.params,
  );
  const edges = rows.slice(0, limit).map((row) => ({
    cursor: Buffer.from(JSON.stringify([row.slot, row.signature, row.idx])).toString("base64url"),
    node: eventObject(row),
  }));
  return {
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null },
  };
}

export function buildSchema(indexer: Indexer): YogaSchemaDefinition<object, GraphQLContext> {
  const layouts = indexer.layouts.flatMap((p) => p.accounts);
  const pubsub = createPubSub<{ event: [Row]; account: [AccountChange] }>();
  indexer.addListener({
    onEvents: (rows: EventRow[]) => {
      for (const row of rows) pubsub.publish("event", { ...row, index: row.idx });
    },
    onAccounts: (changes) => {
      for (const change of changes) pubsub.publish("account", change);
    },
  });

  const query: Record<string, unknown> = {
    _meta: () => ({
      slot: indexer.indexedSlot,
      chainSlot: indexer.chainSlot,
      lagSlots: indexer.lagSlots,
      live: indexer.connected && indexer.ready,
    }),
    events: (_: unknown, args: Args, ctx: GraphQLContext) => eventPage(ctx.pool, args),
  };
  const queryFields: string[] = [
    "  _meta: Meta!",
    "  events(where: EventWhere, orderBy: EventOrder = SLOT_ASC, first: Int = 50, after: String): EventConnection!",
  ];
  const types: string[] = [];
  for (const layout of layouts) {
    types.push(accountTypeSdl(layout));
    const list = listQueryName(layout);
    const single = singleQueryName(layout);
    queryFields.push(
      `  ${list}(where: ${layout.typeName}Where, orderBy: ${layout.typeName}OrderBy, first: Int = 50, after: String): ${layout.typeName}Connection!`,
      `  ${single}(address: String!): ${layout.typeName}`,
    );
    query[list] = (_: unknown, args: PageArgs, ctx: GraphQLContext) => accountPage(ctx.pool, layout, args);
    query[single] = async (_: unknown, args: { address: string }, ctx: GraphQLContext) => {
      const { rows } = await ctx.pool.query<Row>(`SELECT * FROM "${layout.table}" WHERE address = $1`, [args.address]);
      return rows[0] === undefined ? null : rowToObject(layout, rows[0]);
    };
  }
  const domain = domainResolvers(indexer);
  Object.assign(query, domain.Query);

  const typeDefs = `${BASE_SDL}
enum EventOrder { SLOT_ASC SLOT_DESC }
${types.join("\n")}
${DOMAIN_SDL(indexer)}
type Query {
${queryFields.join("\n")}
${domain.fields.join("\n")}
}
type Subscription {
  "New events, optionally of one program and/or event name"
  eventEmitted(program: String, name: String): Event!
  "Account writes and closures, optionally of one program, account type or address"
  accountChanged(program: String, type: String, address: String): AccountChange!
}
`;
  return createSchema<GraphQLContext>({
    typeDefs,
    resolvers: {
      BigInt: BigIntScalar,
      JSON: JsonScalar,
      Query: query,
      Subscription: {
        eventEmitted: {
          subscribe: (_: unknown, args: { program?: string | null; name?: string | null }) =>
            pipe(
              pubsub.subscribe("event"),
              filter((e: Row) => (args.program == null || e.program === args.program) && (args.name == null || e.name === args.name)),
            ),
          resolve: (payload: Row) => payload,
        },
        accountChanged: {
          subscribe: (_: unknown, args: { program?: string | null; type?: string | null; address?: string | null }) =>
            pipe(
              pubsub.subscribe("account"),
              filter(
                (c: AccountChange) =>
                  (args.program == null || c.program === args.program) &&
                  (args.type == null || c.type === args.type) &&
                  (args.address == null || c.address === args.address),
              ),
            ),
          resolve: (payload: AccountChange) => payload,
        },
      },
    },
  });
}
