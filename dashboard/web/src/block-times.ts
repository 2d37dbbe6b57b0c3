/**
 * When each event happened. The indexer stores every event's block time (`blockTime`); an
 * event it has only just heard over its live logs subscription gets it a moment later, so for
 * those few the page asks the RPC (`getBlockTime`), a bounded number of slots per load, cached.
 */
import type { Connection } from "@solana/web3.js";

import type { EventRow } from "./graphql";

/** Slots asked of the RPC per load at most; events beyond that wait for the indexer. */
const MAX_RPC_LOOKUPS = 16;
const CACHE_LIMIT = 2_000;
const cache = new Map<number, number>();

/** Block time (Unix seconds) by slot for `events`; a slot missing from the map has none known yet. */
export async function blockTimes(connection: Connection, events: readonly EventRow[]): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  const missing = new Set<number>();
  for (const e of events) {
    const slot = Number(e.slot);
    if (e.blockTime !== null) times.set(slot, Number(e.blockTime));
    else if (cache.has(slot)) times.set(slot, cache.get(slot)!);
    else missing.add(slot);
  }
  for (const slot of times.keys()) missing.delete(slot);
  const asked = [...missing].slice(0, MAX_RPC_LOOKUPS);
  const answers = await Promise.all(asked.map((slot) => connection.getBlockTime(slot).catch(() => null)));
  asked.forEach((slot, i) => {
    const time = answers[i];
    if (time === null || time === undefined) return;
    times.set(slot, time);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(slot, time);
  });
  return times;
}
