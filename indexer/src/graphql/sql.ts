/** SQL for the generated account queries: filters, ordering and keyset (cursor) pagination. */
import { GraphQLError } from "graphql";

import type { AccountLayout, Column } from "../layout";
import { SQL_TYPES, quoteIdent } from "../store";

export const MAX_PAGE = 1000;

/** The columns every account table has, as filterable/orderable columns. */
export function metaColumns(): Column[] {
  return [
    { name: "address", field: "address", kind: "text", idlType: "pubkey", nullable: false, path: [] },
    { name: "slot", field: "slot", kind: "bigint", idlType: "u64", nullable: false, path: [] },
    { name: "lamports", field: "lamports", kind: "bigint", idlType: "u64", nullable: false, path: [] },
  ];
}

export function filterableColumns(layout: AccountLayout): Column[] {
  return [...metaColumns(), ...layout.columns.filter((c) => c.kind !== "json")];
}

export function orderableColumns(layout: AccountLayout): Column[] {
  return [...metaColumns(), ...layout.columns.filter((c) => c.kind !== "json" && !c.nullable)];
}

export const COMPARISONS = ["gt", "gte", "lt", "lte"] as const;
const OPERATORS: Record<string, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

export function isOrdered(column: Column): boolean {
  return column.kind !== "boolean" && column.kind !== "json";
}

export class SqlBuilder {
  readonly params: unknown[] = [];
  param(value: unknown, type: string): string {
    this.params.push(value);
    return `$${this.params.length}::${type}`;
  }
}

/** WHERE conditions of `where` (the generated `<Type>Where` input). */
export function whereConditions(layout: AccountLayout, where: Record<string, unknown> | undefined, sql: SqlBuilder): string[] {
  const conditions: string[] = [];
  const input = where ?? {};
  if (input.closed === undefined || input.closed === null) conditions.push("NOT closed");
  else conditions.push(`closed = ${sql.param(input.closed, "boolean")}`);
  for (const column of filterableColumns(layout)) {
    const col = quoteIdent(column.name);
    const type = SQL_TYPES[column.kind];
    const eq = input[column.field];
    if (eq !== undefined) conditions.push(eq === null ? `${col} IS NULL` : `${col} = ${sql.param(eq, type)}`);
    const not = input[`${column.field}_not`];
    if (not !== undefined && not !== null) conditions.push(`${col} IS DISTINCT FROM ${sql.param(not, type)}`);
    const list = input[`${column.field}_in`];
    if (Array.isArray(list)) conditions.push(`${col} = ANY(${sql.param(list, `${type}[]`)})`);
    if (isOrdered(column)) {
      for (const op of COMPARISONS) {
        const value = input[`${column.field}_${op}`];
        if (value !== undefined && value !== null) conditions.push(`${col} ${OPERATORS[op]} ${sql.param(value, type)}`);
      }
    }
  }
  return conditions;
}

export interface PageArgs {
  where?: Record<string, unknown>;
  orderBy?: { field: string; direction?: "ASC" | "DESC" };
  first?: number;
  after?: string;
}

export function encodeCursor(value: unknown, address: string): string {
  return Buffer.from(JSON.stringify([value, address])).toString("base64url");
}

function decodeCursor(cursor: string): [unknown, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === "string") return [parsed[0], parsed[1]];
  } catch {
    // fall through
  }
  throw new GraphQLError("invalid cursor (`after` must be an endCursor from this query)");
}

export function checkFirst(first: number | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw new GraphQLError(`first must be between 0 and ${MAX_PAGE}`);
  return n;
}

export function pageQuery(layout: AccountLayout, args: PageArgs): { sql: string; params: unknown[]; limit: number; order: Column; countSql: string; countParams: unknown[] } {
  const sql = new SqlBuilder();
  const conditions = whereConditions(layout, args.where, sql);
  const countParams = [...sql.params];
  const countSql = `SELECT count(*)::int AS n FROM ${quoteIdent(layout.table)} WHERE ${conditions.join(" AND ")}`;
  const fieldName = args.orderBy?.field ?? "address";
  const order = orderableColumns(layout).find((c) => c.field === fieldName);
  if (order === undefined) throw new GraphQLError(`cannot order by ${fieldName}`);
  const desc = args.orderBy?.direction === "DESC";
  const limit = checkFirst(args.first, 50);
  const col = quoteIdent(order.name);
  if (args.after !== undefined && args.after !== null) {
    const [value, address] = decodeCursor(args.after);
    const type = SQL_TYPES[order.kind];
    if (order.name === "address") conditions.push(`address ${desc ? "<" : ">"} ${sql.param(address, "text")}`);
    else conditions.push(`(${col}, address) ${desc ? "<" : ">"} (${sql.param(value, type)}, ${sql.param(address, "text")})`);
  }
  const dir = desc ? "DESC" : "ASC";
  const orderSql = order.name === "address" ? `address ${dir}` : `${col} ${dir}, address ${dir}`;
  return {
    sql: `SELECT * FROM ${quoteIdent(layout.table)} WHERE ${conditions.join(" AND ")} ORDER BY ${orderSql} LIMIT ${limit + 1}`,
    params: sql.params,
    limit,
    order,
    countSql,
    countParams,
  };
}

/** A table row as the generated GraphQL type. */
export function rowToObject(layout: AccountLayout, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    address: row.address,
    slot: row.slot,
    closed: row.closed,
    closedSlot: row.closed_slot,
    lamports: row.lamports,
    data: row.data,
  };
  for (const column of layout.columns) out[column.field] = row[column.name];
  return out;
}

/** An `events` row as the GraphQL `Event` type. */
export function eventObject(row: Record<string, unknown>): Record<string, unknown> {
  return { signature: row.signature, index: row.idx, program: row.program, name: row.name, slot: row.slot, blockTime: row.block_time, data: row.data };
}

