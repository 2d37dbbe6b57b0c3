/** Hash commands beyond HSET/HGET/HDEL/HGETALL: argument parsing and replies (semantics in engine/kv-hash-ops). */
import { hincrBy, hincrByFloat, hrandfield, hsetnx } from '../engine/kv-hash-ops';
import { globMatch } from '../engine/glob';
import { bigint, err, int, lower, syntaxError } from './resp-args';
import type { Command } from './resp-commands';

const INT64_MAX = 9223372036854775807n;

const hrandfieldCommand: Command['run'] = (e, c, a, r) => {
  if (a.length === 2) {
    const [pick] = hrandfield(e.kv, c.ns, a[1], 1);
    return r.bulk(pick === undefined ? null : pick[0]);
  }
  if (a.length > 4 || (a.length === 4 && lower(a[3]) !== 'withvalues')) throw syntaxError();
  const count = bigint(a[2]);
  if (count < -INT64_MAX) throw err(`ERR value is out of range, value must between ${-INT64_MAX} and ${INT64_MAX}`);
  const withValues = a.length === 4;
  if (withValues && (count < -INT64_MAX / 2n || count > INT64_MAX / 2n)) throw err('ERR value is out of range');
  // A positive count asks for at most the whole hash: cap it to what a number holds exactly.
  const picks = hrandfield(e.kv, c.ns, a[1], count > 1_000_000_000n ? 1_000_000_000 : Number(count));
  if (withValues && r.proto === 3) {
    r.array(picks.length);
    for (const [f, v] of picks) {
      r.array(2);
      r.bulk(f);
      r.bulk(v);
    }
    return;
  }
  r.array(withValues ? picks.length * 2 : picks.length);
  for (const [f, v] of picks) {
    r.bulk(f);
    if (withValues) r.bulk(v);
  }
};

const hscanCommand: Command['run'] = (e, c, a, r) => {
  const cursor = a[2].toString('latin1');
  if (!/^\d{1,20}$/.test(cursor)) throw err('ERR invalid cursor');
  let pattern: string | undefined;
  let noValues = false;
  for (let i = 3; i < a.length; i++) {
    const o = lower(a[i]);
    if (o === 'match' && i + 1 < a.length) pattern = a[++i].toString('latin1');
    else if (o === 'count' && i + 1 < a.length) {
      if (int(a[++i]) < 1) throw syntaxError();
    } else if (o === 'novalues') noValues = true;
    else throw syntaxError();
  }
  // The whole hash in one reply (cursor 0), as Redis answers for a listpack-encoded hash.
  const fields = [...e.kv.hgetall(c.ns, a[1])].filter(([f]) => pattern === undefined || globMatch(pattern, f));
  r.array(2);
  r.bulkString('0');
  r.array(noValues ? fields.length : fields.length * 2);
  for (const [f, v] of fields) {
    r.bulk(Buffer.from(f, 'latin1'));
    if (!noValues) r.bulk(v);
  }
};

export const HASH_COMMANDS: [string, Command][] = [
  ['hsetnx', { arity: 4, write: true, run: (e, c, a, r) => r.int(hsetnx(e.kv, c.ns, a[1], a[2], a[3]) ? 1 : 0) }],
  ['hincrby', { arity: 4, write: true, run: (e, c, a, r) => r.int(hincrBy(e.kv, c.ns, a[1], a[2], bigint(a[3]))) }],
  ['hincrbyfloat', { arity: 4, write: true, run: (e, c, a, r) => r.bulkString(hincrByFloat(e.kv, c.ns, a[1], a[2], a[3])) }],
  ['hstrlen', { arity: 3, write: false, run: (e, c, a, r) => r.int(e.kv.hget(c.ns, a[1], a[2])?.length ?? 0) }],
  [
    'hmget',
    {
      arity: -3,
      write: false,
      run: (e, c, a, r) => {
        // Read before replying: a string key is refused (WRONGTYPE) before any reply is written.
        const values = a.slice(2).map((field) => e.kv.hget(c.ns, a[1], field));
        r.array(values.length);
        for (const v of values) r.bulk(v);
      },
    },
  ],
  ['hrandfield', { arity: -2, write: false, run: hrandfieldCommand }],
  ['hscan', { arity: -3, write: false, run: hscanCommand }],
];
