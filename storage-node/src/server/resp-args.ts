/** Argument parsing shared by the RESP command tables, worded as Redis words its errors. */
import { EngineError } from '../engine/errors';
import { DATABASES } from '../engine/keys';

export const err = (msg: string): EngineError => new EngineError('ERR', msg);
export const syntaxError = (): EngineError => err('ERR syntax error');
export const notInteger = (): EngineError => err('ERR value is not an integer or out of range');

export function int(b: Buffer): number {
  const s = b.toString('latin1');
  if (!/^(0|-?[1-9]\d{0,15})$/.test(s)) throw notInteger(); // Redis's grammar (string2ll), within doubles' exact range
  return Number(s);
}

export function bigint(b: Buffer): bigint {
  const s = b.toString('latin1');
  if (!/^(0|-?[1-9]\d{0,18})$/.test(s)) throw notInteger(); // Redis's grammar (string2ll)
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw notInteger();
  return n;
}

export const lower = (b: Buffer): string => b.toString('latin1').toLowerCase();

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export type ExpireUnit = 'ex' | 'px' | 'exat' | 'pxat';

/**
 * An expiry argument as an absolute time in ms, checked as Redis checks it: SET/GETEX-style
 * (`positive`) refuse a time <= 0, and any overflow of int64 ms is an invalid expire time.
 */
export function expireFrom(unit: ExpireUnit, b: Buffer, cmd: string, positive = true): number {
  const invalid = (): EngineError => err(`ERR invalid expire time in '${cmd}' command`);
  const n = bigint(b);
  if (positive && n <= 0n) throw invalid();
  const seconds = unit === 'ex' || unit === 'exat';
  if (seconds && (n > INT64_MAX / 1000n || n < INT64_MIN / 1000n)) throw invalid();
  let ms = seconds ? n * 1000n : n;
  if (unit === 'ex' || unit === 'px') {
    const now = BigInt(Date.now());
    if (ms > INT64_MAX - now) throw invalid();
    ms += now;
  }
  return Number(ms);
}

/** A Redis database number (SELECT, MOVE, COPY ... DB): 0..15. */
export function databaseArg(b: Buffer): number {
  const db = int(b);
  if (db < 0 || db >= DATABASES) throw err('ERR DB index is out of range');
  return db;
}
