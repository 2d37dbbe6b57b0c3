/**
 * Hash commands beyond HSET/HGET/HDEL/HGETALL (HSETNX, HINCRBY, HINCRBYFLOAT, HRANDFIELD),
 * each atomic in one batch, with Redis's semantics and words.
 */
import { EngineError } from './errors';
import { incrementLongDouble, parseLongDouble, ZERO } from './long-double';
import { parseInt64, type KvEngine } from './kv';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** HRANDFIELD with a negative count repeats fields: past this many, one request would hold the node. */
export const MAX_RANDOM_FIELDS = 1_000_000;

/** HSETNX: false when the field exists. */
export function hsetnx(kv: KvEngine, ns: string, key: Buffer, field: Buffer, value: Buffer): boolean {
  return kv.batch(() => {
    if (kv.hget(ns, key, field) !== null) return false;
    kv.hset(ns, key, [[field, value]]);
    return true;
  });
}

/** HINCRBY: the new value. */
export function hincrBy(kv: KvEngine, ns: string, key: Buffer, field: Buffer, by: bigint): bigint {
  return kv.batch(() => {
    const old = kv.hget(ns, key, field);
    let current = 0n;
    if (old !== null) {
      try {
        current = parseInt64(old);
      } catch {
        throw new EngineError('ERR', 'ERR hash value is not an integer');
      }
    }
    const next = current + by;
    if (next > INT64_MAX || next < INT64_MIN) throw new EngineError('ERR', 'ERR increment or decrement would overflow');
    kv.hset(ns, key, [[field, Buffer.from(next.toString(), 'latin1')]]);
    return next;
  });
}

/** HINCRBYFLOAT: the new value as Redis prints it. */
export function hincrByFloat(kv: KvEngine, ns: string, key: Buffer, field: Buffer, by: Buffer): string {
  const increment = parseLongDouble(by);
  if (increment === null) throw new EngineError('ERR', 'ERR value is not a valid float');
  if ('infinite' in increment) throw new EngineError('ERR', 'ERR value is NaN or Infinity');
  return kv.batch(() => {
    const old = kv.hget(ns, key, field);
    const current = old === null ? ZERO : parseLongDouble(old);
    if (current === null) throw new EngineError('ERR', 'ERR hash value is not a float');
    const text = incrementLongDouble(current, increment);
    kv.hset(ns, key, [[field, Buffer.from(text, 'latin1')]]);
    return text;
  });
}

/**
 * HRANDFIELD with a count: distinct fields (count >= 0, at most the hash) or, for a negative
 * count, |count| picks with repetition.
 */
export function hrandfield(kv: KvEngine, ns: string, key: Buffer, count: number): [Buffer, Buffer][] {
  if (-count > MAX_RANDOM_FIELDS) {
    throw new EngineError('ERR', `ERR HRANDFIELD count exceeds the node's limit of ${MAX_RANDOM_FIELDS} fields per request`);
  }
  const all = [...kv.hgetall(ns, key)].map(([f, v]): [Buffer, Buffer] => [Buffer.from(f, 'latin1'), v]);
  if (all.length === 0 || count === 0) return [];
  if (count < 0) return Array.from({ length: -count }, () => all[Math.floor(Math.random() * all.length)]);
  if (count >= all.length) return all;
  // A partial Fisher-Yates shuffle: `count` distinct picks.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (all.length - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}
