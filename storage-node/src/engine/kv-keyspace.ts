/**
 * Keyspace commands over whole records (RENAME, COPY, conditional EXPIRE, EXPIRETIME,
 * RANDOMKEY), atomic in one batch, with Redis's semantics and words.
 */
import { EngineError } from './errors';
import { expiryOf, type KvEngine } from './kv';

/** RENAME / RENAMENX: false when `nx` and the destination exists. The TTL moves with the value. */
export function rename(kv: KvEngine, ns: string, from: Buffer, to: Buffer, nx: boolean): boolean {
  return kv.batch(() => {
    const rec = kv.liveRecord(ns, from);
    if (rec === null) throw new EngineError('ERR', 'ERR no such key');
    if (from.equals(to)) return !nx;
    if (nx && kv.exists(ns, [to]) > 0) return false;
    kv.del(ns, [from]);
    kv.putRecord(ns, to, rec);
    return true;
  });
}

/** COPY (into `toNs`, the same namespace or another database of it): false when the source is missing or the destination exists without `replace`. */
export function copy(kv: KvEngine, ns: string, from: Buffer, toNs: string, to: Buffer, replace: boolean): boolean {
  if (ns === toNs && from.equals(to)) throw new EngineError('ERR', 'ERR source and destination objects are the same');
  return kv.batch(() => {
    const rec = kv.liveRecord(ns, from);
    if (rec === null) return false;
    if (!replace && kv.exists(toNs, [to]) > 0) return false;
    kv.putRecord(toNs, to, rec);
    return true;
  });
}

/** MOVE to another database of the namespace: false when the key is missing or exists there. The TTL moves along. */
export function move(kv: KvEngine, ns: string, toNs: string, key: Buffer): boolean {
  return kv.batch(() => {
    const rec = kv.liveRecord(ns, key);
    if (rec === null || kv.exists(toNs, [key]) > 0) return false;
    kv.putRecord(toNs, key, rec);
    kv.del(ns, [key]);
    return true;
  });
}

/** EXPIRE's conditions (Redis 7). */
export interface ExpireCondition {
  nx?: boolean;
  xx?: boolean;
  gt?: boolean;
  lt?: boolean;
}

/**
 * EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT: sets the absolute expiry `at` (ms) if the condition
 * holds (a key without TTL counts as an infinite one); an `at` in the past deletes the key.
 */
export function expireIf(kv: KvEngine, ns: string, key: Buffer, at: number, when: ExpireCondition): boolean {
  return kv.batch(() => {
    // The header only: a big value is not copied to read its TTL.
    const rec = kv.liveHeader(ns, key);
    if (rec === null) return false;
    const current = expiryOf(rec);
    if (when.nx && current !== 0) return false;
    if (when.xx && current === 0) return false;
    if (when.gt && (current === 0 || at <= current)) return false;
    if (when.lt && current !== 0 && at >= current) return false;
    if (at <= Date.now()) kv.del(ns, [key]);
    else kv.setExpiry(ns, key, at);
    return true;
  });
}

/** EXPIRETIME / PEXPIRETIME in ms: -2 when missing, -1 without TTL. */
export function expireTime(kv: KvEngine, ns: string, key: Buffer): number {
  const rec = kv.liveHeader(ns, key);
  if (rec === null) return -2;
  const at = expiryOf(rec);
  return at === 0 ? -1 : at;
}

/** RANDOMKEY: a live key picked at random, null when there is none. */
export function randomKey(kv: KvEngine, ns: string): Buffer | null {
  for (let attempt = 0; attempt < 8; attempt++) {
    const size = kv.dbsize(ns);
    if (size === 0) return null;
    const { keys } = kv.scan(ns, Math.floor(Math.random() * size), 1);
    if (keys.length > 0) return keys[0];
  }
  // Mostly expired keys not yet swept: the first live one in order.
  return kv.scan(ns, 0, 1000).keys[0] ?? null;
}
