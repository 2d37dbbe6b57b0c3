/**
 * Writes to PostgreSQL. Every write is idempotent and ordered by slot: an account row is only
 * replaced by data from the same or a newer slot (and only when something differs, so a replay
 * changes nothing), events are keyed by (signature, idx), a closed account keeps its last
 * state with `closed = true`.
 */
import type { Pool, PoolClient } from "pg";

import type { Json } from "./borsh";
import { columnValue, type AccountLayout, type Column, type ColumnKind } from "./layout";

export const SQL_TYPES: Record<ColumnKind, string> = {
  boolean: "boolean",
  int: "integer",
  bigint: "bigint",
  numeric: "numeric",
  float: "double precision",
  text: "text",
  json: "jsonb",
};

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A decoded account ready to be written. */
export interface AccountRow {
  layout: AccountLayout;
  address: string;
  slot: number;
  lamports: number;
  decoded: { [key: string]: Json };
}

export interface EventRow {
  signature: string;
  idx: number;
  program: string;
  name: string;
  slot: number;
  blockTime: number | null;
  data: { [key: string]: Json };
}

export interface CursorRow {
  program: string;
  signature: string;
  slot: number;
}

type Queryable = Pool | PoolClient;

/**
 * The columns every account table starts with, in this order: written by `upsertAccounts`
 * (values in this order too), then `updated_at`, which the database sets.
 */
const ACCOUNT_META: readonly { name: string; type: string; constraints: string }[] = [
  { name: "address", type: "text", constraints: "PRIMARY KEY" },
  { name: "slot", type: "bigint", constraints: "NOT NULL" },
  { name: "closed", type: "boolean", constraints: "NOT NULL DEFAULT false" },
  { name: "closed_slot", type: "bigint", constraints: "" },
  { name: "lamports", type: "bigint", constraints: "NOT NULL" },
  { name: "data", type: "jsonb", constraints: "NOT NULL" },
];

/** Creates (or, when the IDL changed the layout, recreates) one table per account type. */
export async function ensureAccountTables(pool: Pool, layouts: AccountLayout[]): Promise<string[]> {
  const rebuilt: string[] = [];
  const known = new Map(
    (await pool.query<{ table_name: string; fingerprint: string }>("SELECT table_name, fingerprint FROM indexer_tables")).rows.map(
      (r) => [r.table_name, r.fingerprint],
    ),
  );
  for (const layout of layouts) {
    if (known.get(layout.table) === layout.fingerprint) continue;
    const t = quoteIdent(layout.table);
    const columns = [
      ...ACCOUNT_META.map((c) => `${c.name} ${c.type}${c.constraints === "" ? "" : ` ${c.constraints}`}`),
      "updated_at timestamptz NOT NULL DEFAULT now()",
      ...layout.columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPES[c.kind]}`),
    ].join(",\n  ");
    await inTransaction(pool, async (client) => {
      await client.query(`DROP TABLE IF EXISTS ${t}`);
      await client.query(`CREATE TABLE ${t} (\n  ${columns}\n)`);
      await client.query(`CREATE INDEX ${quoteIdent(`${layout.table.slice(0, 50)}_slot`)} ON ${t} (slot)`);
      await client.query(
        `INSERT INTO indexer_tables (table_name, program, account, fingerprint) VALUES ($1, $2, $3, $4)
         ON CONFLICT (table_name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now()`,
        [layout.table, layout.program.name, layout.account, layout.fingerprint],
      );
    });
    rebuilt.push(layout.table);
  }
  return rebuilt;
}

function sqlValue(column: Column, value: Json): unknown {
  if (value === null) return null;
  if (column.kind === "json") return JSON.stringify(value);
  return value;
}

const MAX_PARAMS = 30_000;

/**
 * Upserts account rows (any mix of layouts); returns how many rows changed.
 *
 * A row changes only when its data (or lamports, or closed state) differs, so a replay changes
 * nothing and `slot` is the slot of the newest change. `live` rows (notifications, in chain
 * order) may replace a row of the same slot; `repair` rows (reads that may race with
 * notifications) only replace older slots.
 */
export async function upsertAccounts(db: Queryable, rows: AccountRow[], mode: "live" | "repair"): Promise<number> {
  const byTable = new Map<AccountLayout, Map<string, AccountRow>>();
  for (const row of rows) {
    let byAddress = byTable.get(row.layout);
    if (byAddress === undefined) byTable.set(row.layout, (byAddress = new Map()));
    // Within one batch only the last write of an address counts (ON CONFLICT cannot take two);
    // a replaced entry keeps its place in the Map's order.
    const existing = byAddress.get(row.address);
    if (existing === undefined || existing.slot <= row.slot) byAddress.set(row.address, row);
  }
  let changed = 0;
  for (const [layout, byAddress] of byTable) {
    const list = [...byAddress.values()];
    const names = [...ACCOUNT_META.map((c) => c.name), ...layout.columns.map((c) => c.name)];
    const types = [...ACCOUNT_META.map((c) => c.type), ...layout.columns.map((c) => SQL_TYPES[c.kind])];
    const perRow = names.length;
    const chunk = Math.max(1, Math.floor(MAX_PARAMS / perRow));
    for (let i = 0; i < list.length; i += chunk) {
      const part = list.slice(i, i + chunk);
      const params: unknown[] = [];
      const tuples = part.map((row) => {
        const base = params.length;
        // In ACCOUNT_META order.
        params.push(row.address, row.slot, false, null, row.lamports, JSON.stringify(row.decoded));
        for (const column of layout.columns) params.push(sqlValue(column, columnValue(column, row.decoded)));
        return `(${types.map((type, j) => `$${base + j + 1}::${type}`).join(", ")})`;
      });
      const t = quoteIdent(layout.table);
      const updates = names.filter((n) => n !== "address").map((n) => `${quoteIdent(n)} = EXCLUDED.${quoteIdent(n)}`);
      const result = await db.query(
        `INSERT INTO ${t} (${names.map(quoteIdent).join(", ")}) VALUES ${tuples.join(", ")}
         ON CONFLICT (address) DO UPDATE SET ${updates.join(", ")}, updated_at = now()
         WHERE ${t}.slot ${mode === "live" ? "<=" : "<"} EXCLUDED.slot
           AND (${t}.closed OR ${t}.data IS DISTINCT FROM EXCLUDED.data OR ${t}.lamports IS DISTINCT FROM EXCLUDED.lamports)`,
        params,
      );
      changed += result.rowCount ?? 0;
    }
  }
  return changed;
}

/**
 * Marks accounts closed as of `slot` unless a newer write is stored (with `sameSlot`, a write
 * of the same slot counts as older); returns rows changed.
 */
export async function closeAccounts(
  db: Queryable,
  layout: AccountLayout,
  addresses: string[],
  slot: number,
  sameSlot: boolean,
): Promise<number> {
  if (addresses.length === 0) return 0;
  const t = quoteIdent(layout.table);
  const result = await db.query(
    `UPDATE ${t} SET closed = true, closed_slot = $2, slot = $2, lamports = 0, updated_at = now()
     WHERE address = ANY($1::text[]) AND NOT closed AND slot ${sameSlot ? "<=" : "<"} $2`,
    [addresses, slot],
  );
  return result.rowCount ?? 0;
}

export async function insertEvents(db: Queryable, events: EventRow[]): Promise<number> {
  let inserted = 0;
  const chunk = Math.floor(MAX_PARAMS / 7);
  for (let i = 0; i < events.length; i += chunk) {
    const part = events.slice(i, i + chunk);
    const params: unknown[] = [];
    const tuples = part.map((e) => {
      const b = params.length;
      params.push(e.signature, e.idx, e.program, e.name, e.slot, e.blockTime, JSON.stringify(e.data));
      return `($${b + 1}, $${b + 2}::int, $${b + 3}, $${b + 4}, $${b + 5}::bigint, $${b + 6}::bigint, $${b + 7}::jsonb)`;
    });
    const result = await db.query(
      `INSERT INTO events (signature, idx, program, name, slot, block_time, data) VALUES ${tuples.join(", ")}
       ON CONFLICT (signature, idx) DO NOTHING`,
      params,
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

export async function saveCursor(db: Queryable, cursor: CursorRow): Promise<void> {
  await db.query(
    `INSERT INTO cursors (program, signature, slot) VALUES ($1, $2, $3)
     ON CONFLICT (program) DO UPDATE SET signature = EXCLUDED.signature, slot = EXCLUDED.slot, updated_at = now()
     WHERE cursors.slot <= EXCLUDED.slot`,
    [cursor.program, cursor.signature, cursor.slot],
  );
}

export async function loadCursor(db: Queryable, program: string): Promise<CursorRow | undefined> {
  const { rows } = await db.query<{ signature: string; slot: string }>("SELECT signature, slot FROM cursors WHERE program = $1", [program]);
  const row = rows[0];
  return row === undefined ? undefined : { program, signature: row.signature, slot: Number(row.slot) };
}

export async function recordUndecoded(db: Queryable, program: string, address: string, slot: number, reason: string): Promise<void> {
  await db.query(
    `INSERT INTO undecoded_accounts (program, address, slot, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (program, address) DO UPDATE SET slot = EXCLUDED.slot, reason = EXCLUDED.reason, seen_at = now()`,
    [program, address, slot, reason],
  );
}

/** Live (not closed) addresses of each table. */
export async function liveAddresses(db: Queryable, layout: AccountLayout): Promise<string[]> {
  const { rows } = await db.query<{ address: string }>(`SELECT address FROM ${quoteIdent(layout.table)} WHERE NOT closed`);
  return rows.map((r) => r.address);
}

/** Runs `work` in one transaction. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Binds the database to one cluster (by genesis hash). Pointed at another cluster (a fresh
 * localnet), it empties every table first: rows of a chain that no longer exists are not kept.
 * Returns true when it reset.
 */
export async function bindCluster(pool: Pool, genesisHash: string): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ value: string }>("SELECT value FROM indexer_meta WHERE key = 'genesis_hash' FOR UPDATE");
    const known = rows[0]?.value;
    if (known === genesisHash) return false;
    let reset = false;
    if (known !== undefined) {
      const tables = (await client.query<{ table_name: string }>("SELECT table_name FROM indexer_tables")).rows.map((r) => quoteIdent(r.table_name));
      await client.query(`TRUNCATE ${[...tables, "events", "cursors", "undecoded_accounts"].join(", ")}`);
      reset = true;
    }
    await client.query(
      "INSERT INTO indexer_meta (key, value) VALUES ('genesis_hash', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
      [genesisHash],
    );
    return reset;
  });
}
