/** Helpers for the indexer tests: a fresh PostgreSQL database per run, GraphQL calls, polling. */
import { BN } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { randomBytes } from "node:crypto";
import { Client } from "pg";

import { camel, pascal } from "../src/layout";

export const SERVER_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, uniquely named database on the PostgreSQL server (DATABASE_URL or the local one). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `synq_indexer_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

export async function gql<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** `data` of a query that must succeed. */
export async function query<T = Record<string, unknown>>(url: string, text: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await gql<T>(url, text, variables);
  if (result.errors !== undefined || result.data === undefined) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? "" : `: ${String(last)}`}`);
    await sleep(100);
  }
}

/**
 * An Anchor-decoded value (camelCase keys, BN, PublicKey, number[] for [u8; N], `{ variant: {} }`
 * enums) in the indexer's JSON form (keys compared camelCased), so the two decoders can be
 * compared.
 */
export function normalizeAnchor(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (BN.isBN(value)) return (value as BN).toString();
  if (value instanceof PublicKey) return value.toBase58();
  if (Buffer.isBuffer(value)) return value.toString("hex");
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 256)) {
      return Buffer.from(value as number[]).toString("hex");
    }
    return value.map(normalizeAnchor);
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && typeof entries[0]![1] === "object" && entries[0]![1] !== null && Object.keys(entries[0]![1] as object).length === 0) {
      return pascal(entries[0]![0]);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, normalizeAnchor(v)]));
  }
  return value;
}

/** The indexer's JSON with camelCased keys (its columns and data are snake_case, as the IDL). */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [camel(k), camelKeys(v)]));
  }
  return value;
}
