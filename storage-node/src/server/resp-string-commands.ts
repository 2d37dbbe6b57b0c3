/** The string commands beyond GET/SET/INCR: argument parsing and replies (semantics in engine/kv-strings). */
import { append, getBit, getDel, getEx, getRange, getSet, incrByFloat, longestCommonSubsequence, msetnx, setBit, setRange, strlen, type GetExExpiry } from '../engine/kv-strings';
import { TYPE_STRING, RECORD_HEADER } from '../engine/kv';
import { EngineError } from '../engine/errors';
import { bigint, err, expireFrom, int, lower, syntaxError } from './resp-args';
import type { Command } from './resp-commands';

function getExCommand(): Command['run'] {
  return (e, c, a, r) => {
    let expiry: GetExExpiry;
    for (let i = 2; i < a.length; i++) {
      const o = lower(a[i]);
      if (expiry === undefined && o === 'persist') expiry = 'persist';
      else if (expiry === undefined && (o === 'ex' || o === 'px' || o === 'exat' || o === 'pxat') && i + 1 < a.length) {
        expiry = { at: expireFrom(o, a[++i], 'getex'), absolute: o === 'exat' || o === 'pxat' };
      } else throw syntaxError();
    }
    r.bulk(getEx(e.kv, c.ns, a[1], expiry));
  };
}

/** The value of a string key for LCS: missing reads as empty, a hash is refused in LCS's words. */
function lcsInput(rec: Buffer | null): Buffer {
  if (rec === null) return Buffer.alloc(0);
  if (rec[0] !== TYPE_STRING) throw err('ERR The specified keys must contain string values');
  return rec.subarray(RECORD_HEADER);
}

const lcsCommand: Command['run'] = (e, c, a, r) => {
  const first = lcsInput(e.kv.liveRecord(c.ns, a[1]));
  const second = lcsInput(e.kv.liveRecord(c.ns, a[2]));
  let len = false;
  let idx = false;
  let withMatchLen = false;
  let minMatchLen = 0n;
  for (let i = 3; i < a.length; i++) {
    const o = lower(a[i]);
    if (o === 'idx') idx = true;
    else if (o === 'len') len = true;
    else if (o === 'withmatchlen') withMatchLen = true;
    else if (o === 'minmatchlen' && i + 1 < a.length) {
      minMatchLen = bigint(a[++i]);
      if (minMatchLen < 0n) minMatchLen = 0n;
    } else throw syntaxError();
  }
  if (len && idx) throw err('ERR If you want both the length and indexes, please just use IDX.');
  const { text, matches } = longestCommonSubsequence(first, second, idx);
  if (!idx) return len ? r.int(text.length) : r.bulk(text);
  const shown = matches.filter((m) => BigInt(m.length) >= minMatchLen);
  r.map(2);
  r.bulkString('matches');
  r.array(shown.length);
  for (const m of shown) {
    r.array(withMatchLen ? 3 : 2);
    r.array(2);
    r.int(m.a[0]);
    r.int(m.a[1]);
    r.array(2);
    r.int(m.b[0]);
    r.int(m.b[1]);
    if (withMatchLen) r.int(m.length);
  }
  r.bulkString('len');
  r.int(text.length);
};

function bitArgument(b: Buffer): 0 | 1 {
  const s = b.toString('latin1');
  if (s !== '0' && s !== '1') throw new EngineError('ERR', 'ERR bit is not an integer or out of range');
  return s === '1' ? 1 : 0;
}

/** A bit offset, range checked before the bit itself is read (as Redis's SETBIT checks its arguments). */
function bitOffsetArgument(b: Buffer): bigint {
  let offset: bigint;
  try {
    offset = bigint(b);
  } catch {
    offset = -1n;
  }
  if (offset < 0n || offset > 4294967295n) throw new EngineError('ERR', 'ERR bit offset is not an integer or out of range');
  return offset;
}

const getRangeCommand: Command['run'] = (e, c, a, r) => r.bulk(getRange(e.kv, c.ns, a[1], bigint(a[2]), bigint(a[3])));

export const STRING_COMMANDS: [string, Command][] = [
  ['append', { arity: 3, write: true, run: (e, c, a, r) => r.int(append(e.kv, c.ns, a[1], a[2])) }],
  ['setrange', { arity: 4, write: true, run: (e, c, a, r) => r.int(setRange(e.kv, c.ns, a[1], int(a[2]), a[3])) }],
  ['getrange', { arity: 4, write: false, run: getRangeCommand }],
  ['strlen', { arity: 2, write: false, run: (e, c, a, r) => r.int(strlen(e.kv, c.ns, a[1])) }],
  ['substr', { arity: 4, write: false, run: getRangeCommand }],
  ['getdel', { arity: 2, write: true, run: (e, c, a, r) => r.bulk(getDel(e.kv, c.ns, a[1])) }],
  ['getex', { arity: -2, write: true, run: getExCommand() }],
  ['getset', { arity: 3, write: true, run: (e, c, a, r) => r.bulk(getSet(e.kv, c.ns, a[1], a[2])) }],
  ['incrbyfloat', { arity: 3, write: true, run: (e, c, a, r) => r.bulkString(incrByFloat(e.kv, c.ns, a[1], a[2])) }],
  [
    'msetnx',
    {
      arity: -3,
      write: true,
      run: (e, c, a, r) => {
        if (a.length % 2 !== 1) throw err("ERR wrong number of arguments for 'msetnx' command");
        const pairs: [Buffer, Buffer][] = [];
        for (let i = 1; i < a.length; i += 2) pairs.push([a[i], a[i + 1]]);
        r.int(msetnx(e.kv, c.ns, pairs) ? 1 : 0);
      },
    },
  ],
  ['setbit', { arity: 4, write: true, run: (e, c, a, r) => r.int(setBit(e.kv, c.ns, a[1], bitOffsetArgument(a[2]), bitArgument(a[3]))) }],
  ['getbit', { arity: 3, write: false, run: (e, c, a, r) => r.int(getBit(e.kv, c.ns, a[1], bitOffsetArgument(a[2]))) }],
  ['lcs', { arity: -3, write: false, run: lcsCommand }],
];
