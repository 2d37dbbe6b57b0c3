/**
 * The write rules on a real PostgreSQL: slot order, idempotent replays, closures, events keyed
 * by (signature, idx), migrations applied once.
 */
import assert from "node:assert/strict";
import { Pool } from "pg";

import { migrate } from "../src/migrate";
import { programLayout, type AccountLayout } from "../src/layout";
import { closeAccounts, ensureAccountTables, insertEvents, upsertAccounts, type AccountRow } from "../src/store";
import { IDL } from "./fixtures";
import { createTestDatabase, type TestDatabase } from "./support";

describe("store: ordered, idempotent writes", () => {
  let db: TestDatabase;
  let pool: Pool;
  let layout: AccountLayout;
  const address = "Thing111111111111111111111111111111111111111";

  const thing = (slot: number, balance: string): AccountRow => ({
    layout,
    address,
    slot,
    lamports: 1_000,
    decoded: {
      owner: address, balance, delta: "-2", status: "Active", inner: { root: "00", size: "1" },
      label: null, actions: [], flag: true, slot: 1,
    },
  });
  const stored = async (): Promise<{ slot: string; balance: string; closed: boolean; updated_at: Date }> =>
    (await pool.query(`SELECT slot, balance::text AS balance, closed, updated_at FROM "${layout.table}" WHERE address = $1`, [address])).rows[0];

  before(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url });
    assert.ok((await migrate(pool)).length >= 2);
    assert.deepEqual(await migrate(pool), [], "a second start applies nothing");
    layout = programLayout({ key: "registry", name: "sample", address: IDL.address, idl: IDL }).accounts.find((a) => a.account === "Thing")!;
    assert.deepEqual(await ensureAccountTables(pool, [layout]), [layout.table]);
    assert.deepEqual(await ensureAccountTables(pool, [layout]), [], "an unchanged layout keeps its table");
  });

  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("never lets an older slot overwrite a newer one; replays change nothing", async () => {
    assert.equal(await upsertAccounts(pool, [thing(10, "100")], "live"), 1);
    assert.equal(await upsertAccounts(pool, [thing(9, "90")], "live"), 0, "older slot");
    assert.equal((await stored()).balance, "100");
    const before = await stored();
    assert.equal(await upsertAccounts(pool, [thing(10, "100")], "live"), 0, "same data again");
    assert.equal(await upsertAccounts(pool, [thing(12, "100")], "repair"), 0, "same data read later");
    assert.deepEqual(await stored(), before, "not even updated_at moved");
    assert.equal(await upsertAccounts(pool, [thing(10, "101")], "live"), 1, "a later change within the same slot (notifications come in order)");
    assert.equal(await upsertAccounts(pool, [thing(10, "102")], "repair"), 0, "a read never replaces the same slot");
    assert.equal(await upsertAccounts(pool, [thing(11, "18446744073709551615")], "repair"), 1);
    assert.deepEqual({ ...(await stored()), updated_at: null }, { slot: "11", balance: "18446744073709551615", closed: false, updated_at: null });
  });

  it("marks closed accounts (keeping their last state) and reopens them on a newer write", async () => {
    assert.equal(await closeAccounts(pool, layout, [address], 10, true), 0, "a close older than the row");
    assert.equal(await closeAccounts(pool, layout, [address], 11, false), 0, "a read-based close does not take the same slot");
    assert.equal(await closeAccounts(pool, layout, [address], 11, true), 1);
    assert.equal(await closeAccounts(pool, layout, [address], 11, true), 0, "already closed");
    const closed = await stored();
    assert.equal(closed.closed, true);
    assert.equal(closed.balance, "18446744073709551615", "the last state is kept");
    assert.equal(await upsertAccounts(pool, [thing(13, "5")], "live"), 1);
    assert.equal((await stored()).closed, false);
  });

  it("keys events by (signature, idx): a replay inserts nothing", async () => {
    const events = [0, 1].map((idx) => ({ signature: "sig1", idx, program: "sample", name: "E", slot: 5, blockTime: null, data: { n: idx } }));
    assert.equal(await insertEvents(pool, events), 2);
    assert.equal(await insertEvents(pool, events), 0);
    const { rows } = await pool.query("SELECT idx, data FROM events WHERE signature = 'sig1' ORDER BY idx");
    assert.deepEqual(rows, [{ idx: 0, data: { n: 0 } }, { idx: 1, data: { n: 1 } }]);
  });
});
