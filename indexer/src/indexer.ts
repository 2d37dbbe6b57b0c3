/**
 * The indexing pipeline. For each program: subscribe (programSubscribe + logsSubscribe), then
 * backfill accounts with getProgramAccounts and replay transactions since the durable cursor
 * (getSignaturesForAddress + getTransaction); after a reconnect, replay the gap the same way.
 *
 * Live notifications go through one queue drained in batches, each batch one PostgreSQL
 * transaction (rows, events and the cursor together, so the cursor never runs ahead of what is
 * written). Closed accounts produce no program notification: each program transaction's
 * accounts are re-read a moment later (getTransaction + getMultipleAccounts) and the ones that
 * are gone are marked closed.
 */
import type { Pool } from "pg";

import type { Json } from "./borsh";
import { decodeEvents } from "./events";
import type { IndexedProgram } from "./idl";
import type { AccountLayout, ProgramLayout } from "./layout";
import type { Logger } from "./log";
import type { Metrics } from "./metrics";
import { PubSub, type SubscriptionSpec } from "./pubsub";
import { transactionKeys, type RpcAccount, type RpcClient, type RpcTransaction } from "./rpc";
import {
  closeAccounts,
  inTransaction,
  insertEvents,
  liveAddresses,
  loadCursor,
  recordUndecoded,
  saveCursor,
  upsertAccounts,
  type AccountRow,
  type CursorRow,
  type EventRow,
} from "./store";

export interface AccountChange {
  program: string;
  type: string;
  address: string;
  slot: number;
  closed: boolean;
  data: { [key: string]: Json } | null;
}

export interface IndexerListener {
  onEvents?(rows: EventRow[]): void;
  onAccounts?(changes: AccountChange[]): void;
  /** The chain or indexed slot moved (what `_meta` reports changed). */
  onSlot?(): void;
}

export interface IndexerOptions {
  pool: Pool;
  rpc: RpcClient;
  wsUrl: string;
  layouts: ProgramLayout[];
  log: Logger;
  metrics: Metrics;
  /** How long transactions wait before their accounts are re-read for closures. */
  touchDelayMs?: number;
}

type Phase = "syncing" | "live";

interface ProgramState {
  layout: ProgramLayout;
  phase: Phase;
  /** Newest transaction written from the live stream since the last (re)connect. */
  lastLive: CursorRow | undefined;
}

type WorkItem =
  | { kind: "account"; program: ProgramState; address: string; account: RpcAccount; slot: number }
  | { kind: "logs"; program: ProgramState; signature: string; failed: boolean; logs: string[]; slot: number };

interface LogsNotification {
  context: { slot: number };
  value: { signature: string; err: unknown; logs: string[] };
}
interface ProgramNotification {
  context: { slot: number };
  value: { pubkey: string; account: RpcAccount };
}

const TOUCH_BATCH = 256;

export class Indexer {
  private readonly programs: ProgramState[];
  private readonly byAddress = new Map<string, ProgramLayout>();
  /** Live (not closed) accounts: address -> its table. */
  private readonly live = new Map<string, AccountLayout>();
  private readonly listeners = new Set<IndexerListener>();
  private queue: WorkItem[] = [];
  private draining: Promise<void> | undefined;
  private pubsub: PubSub | undefined;
  private readonly touch = new Map<string, { programs: Set<string>; slot: number }>();
  private touchTimer: NodeJS.Timeout | undefined;
  private touching: Promise<void> | undefined;
  private syncing = 0;
  /** Incremented on every (re)connection: a sync of an older connection never goes live. */
  private connection = 0;
  private syncChain: Promise<void> = Promise.resolve();
  private stopped = false;
  chainSlot = 0;
  indexedSlot = 0;
  connected = false;
  /** Set once the first backfill finished. */
  ready = false;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly options: IndexerOptions) {
    this.programs = options.layouts.map((layout) => ({ layout, phase: "syncing", lastLive: undefined }));
    for (const layout of options.layouts) this.byAddress.set(layout.program.address, layout);
  }

  get layouts(): ProgramLayout[] {
    return this.options.layouts;
  }

  addListener(listener: IndexerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the first backfill and replay are done. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  get lagSlots(): number {
    return Math.max(0, this.chainSlot - this.indexedSlot);
  }

  async start(): Promise<void> {
    const { pool } = this.options;
    for (const program of this.options.layouts) {
      for (const layout of program.accounts) {
        for (const address of await liveAddresses(pool, layout)) this.live.set(address, layout);
      }
    }
    const commitment = this.options.rpc.commitment;
    const subscriptions: SubscriptionSpec[] = [
      {
        method: "slotSubscribe",
        params: [],
        notification: "slotNotification",
        onNotification: (result) => this.onSlot((result as { slot: number }).slot),
      },
    ];
    for (const state of this.programs) {
      const address = state.layout.program.address;
      subscriptions.push(
        {
          method: "programSubscribe",
          params: [address, { encoding: "base64", commitment }],
          notification: "programNotification",
          onNotification: (result) => {
            const { context, value } = result as ProgramNotification;
            this.enqueue({ kind: "account", program: state, address: value.pubkey, account: value.account, slot: context.slot });
          },
        },
        {
          method: "logsSubscribe",
          params: [{ mentions: [address] }, { commitment }],
          notification: "logsNotification",
          onNotification: (result) => {
            const { context, value } = result as LogsNotification;
            this.enqueue({
              kind: "logs",
              program: state,
              signature: value.signature,
              failed: value.err !== null,
              logs: value.logs,
              slot: context.slot,
            });
          },
        },
      );
    }
    this.pubsub = new PubSub({
      url: this.options.wsUrl,
      log: this.options.log,
      subscriptions,
      onOpen: (reconnect) => {
        this.connected = true;
        this.connection += 1;
        if (reconnect) this.options.metrics.reconnects.inc();
        this.options.log.info({ reconnect }, "pubsub subscribed; syncing");
        this.scheduleSync(!reconnect, this.connection);
      },
      onClose: () => {
        this.connected = false;
        for (const state of this.programs) {
          state.phase = "syncing";
          state.lastLive = undefined;
        }
      },
    });
    this.pubsub.start();
  }

  /** Cuts the websocket as a network failure would (reconnecting after `holdMs` at least). */
  dropConnection(holdMs = 0): void {
    this.pubsub?.dropConnection(holdMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pubsub?.stop();
    if (this.touchTimer !== undefined) clearTimeout(this.touchTimer);
    await this.draining;
    await this.touching;
    await this.syncChain.catch(() => undefined);
  }

  private onSlot(slot: number): void {
    this.chainSlot = Math.max(this.chainSlot, slot);
    if (this.caughtUp()) this.indexedSlot = this.chainSlot;
    this.updateLagMetrics();
    for (const l of this.listeners) l.onSlot?.();
  }

  private caughtUp(): boolean {
    return this.connected && this.syncing === 0 && this.queue.length === 0 && this.draining === undefined &&
      this.programs.every((p) => p.phase === "live");
  }

  private updateLagMetrics(): void {
    const { metrics } = this.options;
    metrics.chainSlot.set(this.chainSlot);
    metrics.indexedSlot.set(this.indexedSlot);
    metrics.lagSlots.set(this.lagSlots);
  }

  private enqueue(item: WorkItem): void {
    if (this.stopped) return;
    this.queue.push(item);
    if (this.draining === undefined) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    let failures = 0;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const items = this.queue;
        this.queue = [];
        try {
          await this.writeBatch(items);
          failures = 0;
        } catch (err) {
          failures += 1;
          this.options.metrics.errors.inc({ kind: "write" });
          this.options.log.error({ err: (err as Error).message, items: items.length, failures }, "batch write failed; will retry");
          if (failures >= 3) {
            // The database is up but refuses something in the batch: write item by item and
            // skip (log, count) what fails alone, so one bad row cannot stall the index.
            await this.writeOneByOne(items);
            failures = 0;
            continue;
          }
          this.queue = [...items, ...this.queue];
          await sleep(500);
        }
      }
    } finally {
      this.draining = undefined;
      if (this.queue.length > 0 && !this.stopped) this.draining = this.drain();
    }
  }

  private async writeOneByOne(items: WorkItem[]): Promise<void> {
    for (const [i, item] of items.entries()) {
      try {
        await this.writeBatch([item]);
      } catch (err) {
        const reachable = await this.options.pool.query("SELECT 1").then(() => true, () => false);
        if (!reachable) {
          // Not this item's fault: keep it and the rest for the next attempt.
          this.queue = [...items.slice(i), ...this.queue];
          await sleep(500);
          return;
        }
        this.options.metrics.errors.inc({ kind: "row" });
        const what = item.kind === "account" ? { account: item.address } : { signature: item.signature };
        this.options.log.error({ ...what, program: item.program.layout.program.name, slot: item.slot, err: (err as Error).message }, "skipped an item the database refuses");
      }
    }
  }

  private async writeBatch(items: WorkItem[]): Promise<void> {
    const rows: AccountRow[] = [];
    const events: EventRow[] = [];
    const cursors = new Map<ProgramState, CursorRow>();
    let maxSlot = 0;
    for (const item of items) {
      maxSlot = Math.max(maxSlot, item.slot);
      if (item.kind === "account") {
        const row = await this.decodeAccount(item.program.layout, item.address, item.account, item.slot);
        if (row !== undefined) rows.push(row);
      } else {
        if (!item.failed) {
          const decoded = decodeEvents(this.byAddress, item.logs, item.signature, item.slot, null, item.program.layout.program.address);
          events.push(...decoded.rows);
          const touchEntry = this.touch.get(item.signature) ?? { programs: new Set<string>(), slot: item.slot };
          touchEntry.programs.add(item.program.layout.program.address);
          this.touch.set(item.signature, touchEntry);
        }
        cursors.set(item.program, { program: item.program.layout.program.name, signature: item.signature, slot: item.slot });
      }
    }
    const saved = new Set<ProgramState>();
    const written = await inTransaction(this.options.pool, async (client) => {
      const changed = await upsertAccounts(client, rows, "live");
      const inserted = events.length > 0 ? await insertEvents(client, events) : 0;
      for (const [state, cursor] of cursors) {
        if (state.phase === "live") {
          await saveCursor(client, cursor);
          saved.add(state);
        }
      }
      return { changed, inserted };
    });
    for (const [state, cursor] of cursors) {
      state.lastLive = cursor;
      // The program's sync finished while this batch was being written: the sync saved the
      // newest cursor it knew, which was not this one yet.
      if (state.phase === "live" && !saved.has(state)) await saveCursor(this.options.pool, cursor);
    }
    this.afterAccountsWritten(rows, written.changed);
    if (written.inserted > 0) this.options.metrics.rowsWritten.inc({ table: "events" }, written.inserted);
    if (events.length > 0) for (const l of this.listeners) l.onEvents?.(events);
    this.indexedSlot = Math.max(this.indexedSlot, maxSlot);
    if (this.caughtUp()) this.indexedSlot = Math.max(this.indexedSlot, this.chainSlot);
    this.updateLagMetrics();
    this.scheduleTouch();
  }

  private afterAccountsWritten(rows: AccountRow[], changed: number): void {
    if (rows.length === 0) return;
    for (const row of rows) this.live.set(row.address, row.layout);
    if (changed > 0) this.options.metrics.rowsWritten.inc({ table: "accounts" }, changed);
    const changes = rows.map((row) => ({
      program: row.layout.program.name,
      type: row.layout.account,
      address: row.address,
      slot: row.slot,
      closed: false,
      data: row.decoded,
    }));
    for (const l of this.listeners) l.onAccounts?.(changes);
  }

  /** The account's row, or undefined (recorded as undecoded) when no IDL type matches. */
  private async decodeAccount(program: ProgramLayout, address: string, account: RpcAccount, slot: number): Promise<AccountRow | undefined> {
    const data = Buffer.from(account.data[0], "base64");
    const layout = program.accounts.find((a) => data.subarray(0, 8).equals(a.discriminator));
    let reason: string;
    if (layout === undefined) {
      reason = data.length < 8 ? "no discriminator" : `unknown discriminator ${data.subarray(0, 8).toString("hex")}`;
    } else {
      try {
        const decoded = program.decoder.decode(layout.account, data.subarray(8));
        return { layout, address, slot, lamports: account.lamports, decoded };
      } catch (err) {
        reason = `${layout.account}: ${(err as Error).message}`;
      }
    }
    this.options.metrics.undecoded.inc({ program: program.program.name });
    this.options.log.warn({ program: program.program.name, address, slot, reason }, "account not decodable");
    await recordUndecoded(this.options.pool, program.program.name, address, slot, reason).catch(() => undefined);
    return undefined;
  }

  // ---- closures of live transactions -------------------------------------------------------

  private scheduleTouch(): void {
    if (this.touchTimer !== undefined || this.touching !== undefined || this.touch.size === 0 || this.stopped) return;
    this.touchTimer = setTimeout(() => {
      this.touchTimer = undefined;
      this.touching = this.runTouch().finally(() => {
        this.touching = undefined;
        this.scheduleTouch();
      });
    }, this.options.touchDelayMs ?? 150);
  }

  private async runTouch(): Promise<void> {
    const batch = [...this.touch.entries()].slice(0, TOUCH_BATCH);
    for (const [signature] of batch) this.touch.delete(signature);
    try {
      // Few at a time: this runs beside the live path and must not crowd the RPC.
      const txs = await mapLimit(batch, 4, ([signature]) => this.options.rpc.getTransaction(signature));
      const keys = new Set<string>();
      const times: { signature: string; blockTime: number }[] = [];
      txs.forEach((tx, i) => {
        if (tx === null) return;
        const [signature, entry] = batch[i]!;
        if (tx.blockTime !== null) times.push({ signature, blockTime: tx.blockTime });
        for (const key of transactionKeys(tx)) {
          const layout = this.live.get(key);
          if (layout !== undefined && entry.programs.has(layout.program.address)) keys.add(key);
        }
      });
      await this.refreshAccounts([...keys], "touch");
      if (times.length > 0) {
        await this.options.pool.query(
          `UPDATE events e SET block_time = t.block_time FROM unnest($1::text[], $2::bigint[]) AS t(signature, block_time)
           WHERE e.signature = t.signature AND e.block_time IS NULL`,
          [times.map((t) => t.signature), times.map((t) => t.blockTime)],
        );
      }
    } catch (err) {
      this.options.metrics.errors.inc({ kind: "touch" });
      this.options.log.warn({ err: (err as Error).message }, "closure check failed; retrying");
      for (const [signature, entry] of batch) this.touch.set(signature, entry);
      await sleep(500);
    }
  }

  /**
   * Re-reads `addresses` and writes what they hold now: rows for accounts of our programs,
   * `closed` for those that are gone or no longer owned by the program.
   */
  private async refreshAccounts(addresses: string[], mode: "touch" | "repair"): Promise<void> {
    for (let i = 0; i < addresses.length; i += 100) {
      const part = addresses.slice(i, i + 100);
      const { slot, accounts } = await this.options.rpc.getMultipleAccounts(part);
      const rows: AccountRow[] = [];
      const closed = new Map<AccountLayout, string[]>();
      for (let j = 0; j < part.length; j += 1) {
        const address = part[j]!;
        const account = accounts[j] ?? null;
        const program = account === null ? undefined : this.byAddress.get(account.owner);
        if (account !== null && program !== undefined) {
          if (mode === "repair") {
            const row = await this.decodeAccount(program, address, account, slot);
            if (row !== undefined) rows.push(row);
          }
          continue;
        }
        const layout = this.live.get(address);
        if (layout !== undefined) closed.set(layout, [...(closed.get(layout) ?? []), address]);
      }
      const changed = await upsertAccounts(this.options.pool, rows, "repair");
      this.afterAccountsWritten(rows, changed);
      await this.markClosed(closed, slot, mode === "touch");
    }
  }

  private async markClosed(closed: Map<AccountLayout, string[]>, slot: number, sameSlot: boolean): Promise<void> {
    for (const [layout, list] of closed) {
      const count = await closeAccounts(this.options.pool, layout, list, slot, sameSlot);
      for (const address of list) this.live.delete(address);
      if (count > 0) {
        this.options.metrics.rowsWritten.inc({ table: "accounts" }, count);
        const changes = list.map((address) => ({
          program: layout.program.name, type: layout.account, address, slot, closed: true, data: null,
        }));
        for (const l of this.listeners) l.onAccounts?.(changes);
      }
    }
  }

  // ---- backfill and gap repair -------------------------------------------------------------

  private scheduleSync(full: boolean, connection: number): void {
    this.syncing += 1;
    this.syncChain = this.syncChain
      .then(() => this.syncAll(full, connection))
      .catch((err: unknown) => {
        this.options.metrics.errors.inc({ kind: "sync" });
        this.options.log.error({ err: (err as Error).message }, "sync failed; reconnecting to retry");
        this.pubsub?.dropConnection();
      })
      .finally(() => {
        this.syncing -= 1;
      });
  }

  private async syncAll(full: boolean, connection: number): Promise<void> {
    const current = (): boolean => this.connected && !this.stopped && this.connection === connection;
    if (!current()) return;
    const started = Date.now();
    for (const state of this.programs) {
      if (!current()) return;
      await this.syncProgram(state, full, current);
    }
    this.options.log.info({ full, ms: Date.now() - started }, "sync done; live");
    if (!this.ready && this.programs.every((p) => p.phase === "live")) {
      this.ready = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    }
  }

  /** Backfill (full) or gap repair, then the program goes live. */
  private async syncProgram(state: ProgramState, full: boolean, current: () => boolean): Promise<void> {
    const { rpc, pool, log, metrics } = this.options;
    const program: IndexedProgram = state.layout.program;
    if (full) await this.backfill(state.layout);
    const cursor = await loadCursor(pool, program.name);
    const signatures = await rpc.signaturesSince(program.address, cursor?.signature);
    const touched = new Set<string>();
    let newest: CursorRow | undefined;
    for (let i = 0; i < signatures.length; i += 64) {
      // A stop or another disconnect ends the replay; the cursor has not moved, so the next
      // sync starts over from it.
      if (!current()) return;
      const part = signatures.slice(i, i + 64);
      const txs = await mapLimit(part, 8, (s) => rpc.getTransaction(s.signature));
      const events: EventRow[] = [];
      txs.forEach((tx: RpcTransaction | null, j) => {
        const info = part[j]!;
        newest = { program: program.name, signature: info.signature, slot: info.slot };
        if (tx === null || tx.meta === null || tx.meta.err !== null) return;
        events.push(
          ...decodeEvents(this.byAddress, tx.meta.logMessages ?? [], info.signature, tx.slot, tx.blockTime, program.address).rows,
        );
        for (const key of transactionKeys(tx)) if (key !== program.address) touched.add(key);
      });
      const inserted = await insertEvents(pool, events);
      if (inserted > 0) metrics.rowsWritten.inc({ table: "events" }, inserted);
      if (events.length > 0) {
        // Subscribers see replayed events too (ON CONFLICT keeps rows unique).
        for (const l of this.listeners) l.onEvents?.(events);
      }
      metrics.repairedTransactions.inc(part.length);
    }
    // Accounts the gap's transactions touched (a full sync re-read them all already).
    if (!full && touched.size > 0) await this.refreshAccounts([...touched], "repair");
    // Live from here on, before the save: a batch written while the save is in flight saves its
    // own cursor (the newer slot wins), instead of advancing only `lastLive` and being lost.
    const live = current();
    if (live) state.phase = "live";
    const latest = newer(state.lastLive, newest);
    if (latest !== undefined) await saveCursor(pool, latest);
    if (!live) return;
    log.info({ program: program.name, replayed: signatures.length, full }, "program synced");
  }

  /** getProgramAccounts: every account written, live rows missing from the answer closed. */
  private async backfill(program: ProgramLayout): Promise<void> {
    const { rpc, log } = this.options;
    const started = Date.now();
    const { slot, accounts } = await rpc.getProgramAccounts(program.program.address);
    const rows: AccountRow[] = [];
    const seen = new Set<string>();
    for (const { pubkey, account } of accounts) {
      seen.add(pubkey);
      const row = await this.decodeAccount(program, pubkey, account, slot);
      if (row !== undefined) rows.push(row);
    }
    let changed = 0;
    for (let i = 0; i < rows.length; i += 2_000) {
      const part = rows.slice(i, i + 2_000);
      const c = await upsertAccounts(this.options.pool, part, "repair");
      changed += c;
      for (const row of part) this.live.set(row.address, row.layout);
    }
    if (changed > 0) this.options.metrics.rowsWritten.inc({ table: "accounts" }, changed);
    const closed = new Map<AccountLayout, string[]>();
    for (const layout of program.accounts) {
      const gone = (await liveAddresses(this.options.pool, layout)).filter((a) => !seen.has(a));
      if (gone.length > 0) closed.set(layout, gone);
    }
    await this.markClosed(closed, slot, false);
    log.info({ program: program.program.name, accounts: accounts.length, changed, ms: Date.now() - started }, "backfilled");
  }
}

function newer(a: CursorRow | undefined, b: CursorRow | undefined): CursorRow | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.slot >= b.slot ? a : b;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
