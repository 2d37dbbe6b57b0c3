/**
 * INCRBYFLOAT and HINCRBYFLOAT as Redis computes them: both operands read with strtold into
 * x87 80-bit long doubles (64-bit mantissa), added with one rounding, printed with `%.17Lf`
 * and trailing zeros cut. Redis's replies show that arithmetic (`300 + 0.1` is
 * `300.10000000000000001`), so it is done here exactly, in BigInt, with round-half-even at
 * each of the three steps: doubles would print other digits.
 */
import { EngineError } from './errors';

/** value = (-1)^negative * mantissa * 2^exponent; mantissa has 64 bits, or is 0 (zero). */
export type LongDouble = { negative: boolean; mantissa: bigint; exponent: number } | { infinite: true; negative: boolean };

const BITS = 64;
/** The largest exponent of a normal long double's leading bit is 16383. */
const MAX_TOP_BIT = 16383;
/** Below the smallest subnormal (2^-16445) strtold underflows to zero and Redis refuses it. */
const MIN_TOP_BIT = -16445;
/** Redis reads at most this many characters as a float (MAX_LONG_DOUBLE_CHARS); it bounds the work too. */
const MAX_CHARS = 5 * 1024;
const PLACES = 17n;

/** strtold's decimal grammar as Redis accepts it: no spaces, an optional sign and exponent. */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/;
const INFINITY = /^([+-]?)inf(inity)?$/i;

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/** Rounds `q * 2^exponent` (plus a sticky remainder below q's last bit) to 64 bits, half to even. */
function roundToLongDouble(negative: boolean, q: bigint, exponent: number, sticky: boolean): LongDouble {
  if (q === 0n) return { negative, mantissa: 0n, exponent: 0 };
  const length = bitLength(q);
  let mantissa: bigint;
  if (length <= BITS) {
    mantissa = q << BigInt(BITS - length);
    exponent -= BITS - length;
  } else {
    const shift = BigInt(length - BITS);
    mantissa = q >> shift;
    const dropped = q & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (dropped > half || (dropped === half && (sticky || (mantissa & 1n) === 1n))) mantissa += 1n;
    exponent += length - BITS;
    if (bitLength(mantissa) > BITS) {
      mantissa >>= 1n;
      exponent += 1;
    }
  }
  if (exponent + BITS - 1 > MAX_TOP_BIT) return { infinite: true, negative };
  return { negative, mantissa, exponent };
}

/** Reads `b` as Redis's string2ld does; null when Redis would refuse it (the caller words the error). */
export function parseLongDouble(b: Buffer): LongDouble | null {
  if (b.length === 0 || b.length >= MAX_CHARS) return null;
  const s = b.toString('latin1');
  const inf = INFINITY.exec(s);
  if (inf !== null) return { infinite: true, negative: inf[1] === '-' };
  const m = DECIMAL.exec(s);
  if (m === null) return null;
  const [, sign, whole, fraction = '', exp = '0'] = m;
  if (whole.length + fraction.length === 0) return null;
  const negative = sign === '-';
  const digits = BigInt(whole + fraction);
  if (digits === 0n) return { negative, mantissa: 0n, exponent: 0 };
  const power = Number(exp) - fraction.length;
  // Far out of range either way: refuse before building huge numbers.
  const magnitude = (whole + fraction).replace(/^0+/, '').length + power;
  if (magnitude > 4934) return null;
  if (magnitude < -4952) return null;
  let result: LongDouble;
  if (power >= 0) result = roundToLongDouble(negative, digits * 10n ** BigInt(power), 0, false);
  else {
    const den = 10n ** BigInt(-power);
    // Enough quotient bits (at least 66) for a correct rounding with the remainder as sticky bit.
    const e = bitLength(digits) - bitLength(den) - 66;
    const num = e < 0 ? digits << BigInt(-e) : digits;
    const d = e > 0 ? den << BigInt(e) : den;
    result = roundToLongDouble(negative, num / d, e, num % d !== 0n);
  }
  if ('infinite' in result) return null; // ERANGE: HUGE_VALL
  if (result.mantissa !== 0n && result.exponent + BITS - 1 < MIN_TOP_BIT) return null; // ERANGE: zero
  return result;
}

/** a + b in long double arithmetic. */
export function addLongDoubles(a: LongDouble, b: LongDouble): LongDouble {
  if ('infinite' in a || 'infinite' in b) {
    if ('infinite' in a && 'infinite' in b && a.negative !== b.negative) throw nanOrInfinity();
    return { infinite: true, negative: 'infinite' in a ? a.negative : b.negative };
  }
  if (a.mantissa === 0n) return b;
  if (b.mantissa === 0n) return a;
  const base = Math.min(a.exponent, b.exponent);
  const x = (a.mantissa << BigInt(a.exponent - base)) * (a.negative ? -1n : 1n);
  const y = (b.mantissa << BigInt(b.exponent - base)) * (b.negative ? -1n : 1n);
  const sum = x + y;
  return roundToLongDouble(sum < 0n, sum < 0n ? -sum : sum, base, false);
}

const nanOrInfinity = (): EngineError => new EngineError('ERR', 'ERR increment would produce NaN or Infinity');

/** As Redis prints a long double for INCRBYFLOAT (`%.17Lf`, trailing zeros and point cut, no "-0"). */
export function formatLongDouble(v: LongDouble): string {
  if ('infinite' in v) throw nanOrInfinity();
  let scaled: bigint;
  if (v.exponent >= 0) scaled = (v.mantissa << BigInt(v.exponent)) * 10n ** PLACES;
  else {
    const num = v.mantissa * 10n ** PLACES;
    const shift = BigInt(-v.exponent);
    scaled = num >> shift;
    const rem = num & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(Number(PLACES) + 1, '0');
  const whole = digits.slice(0, digits.length - Number(PLACES));
  const fraction = digits.slice(digits.length - Number(PLACES)).replace(/0+$/, '');
  const text = whole + (fraction === '' ? '' : '.' + fraction);
  return v.negative && text !== '0' ? '-' + text : text;
}

/** current + increment, as INCRBYFLOAT stores and replies it. */
export function incrementLongDouble(current: LongDouble, increment: LongDouble): string {
  return formatLongDouble(addLongDoubles(current, increment));
}

export const ZERO: LongDouble = { negative: false, mantissa: 0n, exponent: 0 };
