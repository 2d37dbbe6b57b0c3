/** Keyspace commands over whole records: argument parsing and replies (semantics in engine/kv-keyspace). */
import { copy, expireIf, expireTime, move, randomKey, rename, type ExpireCondition } from '../engine/kv-keyspace';
import { dbNamespace } from '../engine/keys';
import { decodeHash, parseInt64, RECORD_HEADER, TYPE_STRING } from '../engine/kv';
import { databaseArg, err, expireFrom, int, lower, syntaxError, type ExpireUnit } from './resp-args';
import type { Command, CommandEnv } from './resp-commands';

function expireCommand(unit: ExpireUnit): Command['run'] {
  return (e, c, a, r) => {
    const cmd = lower(a[0]);
    const when: ExpireCondition = {};
    for (let i = 3; i < a.length; i++) {
      const o = lower(a[i]);
      if (o === 'nx' || o === 'xx' || o === 'gt' || o === 'lt') when[o] = true;
      else throw err(`ERR Unsupported option ${a[i].toString('latin1')}`);
    }
    if (when.nx && (when.xx || when.gt || when.lt)) throw err('ERR NX and XX, GT or LT options at the same time are not compatible');
    if (when.gt && when.lt) throw err('ERR GT and LT options at the same time are not compatible');
    const at = expireFrom(unit, a[2], cmd, false);
    r.int(expireIf(e.kv, c.ns, a[1], at, when) ? 1 : 0);
  };
}

function expireTimeCommand(ms: boolean): Command['run'] {
  return (e, c, a, r) => {
    const at = expireTime(e.kv, c.ns, a[1]);
    r.int(at < 0 || ms ? at : Math.floor((at + 500) / 1000));
  };
}

/** The encoding Redis would hold the value in (what clients and Redis's tests inspect). */
function encodingOf(e: CommandEnv, ns: string, rec: Buffer): string {
  const payload = rec.subarray(RECORD_HEADER);
  if (rec[0] === TYPE_STRING) {
    if (payload.length <= 20) {
      try {
        parseInt64(payload);
        return 'int';
      } catch {
        // not an integer
      }
    }
    return payload.length <= 44 ? 'embstr' : 'raw';
  }
  const fields = decodeHash(payload);
  const maxEntries = Number(e.settings.value(ns, 'hash-max-listpack-entries'));
  const maxValue = Number(e.settings.value(ns, 'hash-max-listpack-value'));
  if (fields.size > maxEntries) return 'hashtable';
  for (const [f, v] of fields) if (f.length > maxValue || v.length > maxValue) return 'hashtable';
  return 'listpack';
}

const objectCommand: Command['run'] = (e, c, a, r) => {
  const sub = lower(a[1]);
  if ((sub === 'encoding' || sub === 'refcount') && a.length === 3) {
    const rec = e.kv.liveRecord(c.ns, a[2]);
    if (rec === null) return r.nil();
    const encoding = encodingOf(e, c.ns, rec);
    if (sub === 'encoding') return r.bulkString(encoding);
    // Redis shares the integers 0..9999 (one object, a refcount that never changes).
    const shared = encoding === 'int' && /^\d{1,4}$/.test(rec.toString('latin1', RECORD_HEADER));
    return r.int(shared ? 2147483647 : 1);
  }
  throw err(`ERR unknown subcommand or wrong number of arguments for '${a[1].toString('latin1')}'. Try OBJECT HELP.`);
};

/** Per-key and per-field overheads of the native record store (hash map entry, boxes, index). */
const KEY_OVERHEAD = 48;
const FIELD_OVERHEAD = 40;

/** MEMORY USAGE key [SAMPLES n]: an estimate of the bytes the record store holds for the key. */
const memoryCommand: Command['run'] = (e, c, a, r) => {
  if (lower(a[1]) !== 'usage' || a.length < 3) throw err(`ERR unknown subcommand or wrong number of arguments for '${a[1].toString('latin1')}'. Try MEMORY HELP.`);
  for (let i = 3; i < a.length; i++) {
    if (lower(a[i]) === 'samples' && i + 1 < a.length) {
      if (int(a[++i]) < 0) throw syntaxError();
    } else throw syntaxError();
  }
  const rec = e.kv.liveRecord(c.ns, a[2]);
  if (rec === null) return r.nil();
  const fields = rec[0] === TYPE_STRING ? 0 : decodeHash(rec.subarray(RECORD_HEADER)).size;
  r.int(KEY_OVERHEAD + a[2].length + rec.length + fields * FIELD_OVERHEAD);
};

const copyCommand: Command['run'] = (e, c, a, r) => {
  let replace = false;
  let target = c.ns;
  for (let i = 3; i < a.length; i++) {
    const o = lower(a[i]);
    if (o === 'replace') replace = true;
    else if (o === 'db' && i + 1 < a.length) {
      target = dbNamespace(c.base, databaseArg(a[++i]));
    } else throw syntaxError();
  }
  r.int(copy(e.kv, c.ns, a[1], target, a[2], replace) ? 1 : 0);
};

export const KEYSPACE_COMMANDS: [string, Command][] = [
  ['expire', { arity: -3, write: true, run: expireCommand('ex') }],
  ['pexpire', { arity: -3, write: true, run: expireCommand('px') }],
  ['expireat', { arity: -3, write: true, run: expireCommand('exat') }],
  ['pexpireat', { arity: -3, write: true, run: expireCommand('pxat') }],
  ['expiretime', { arity: 2, write: false, run: expireTimeCommand(false) }],
  ['pexpiretime', { arity: 2, write: false, run: expireTimeCommand(true) }],
  ['rename', { arity: 3, write: true, run: (e, c, a, r) => (rename(e.kv, c.ns, a[1], a[2], false), r.ok()) }],
  ['renamenx', { arity: 3, write: true, run: (e, c, a, r) => r.int(rename(e.kv, c.ns, a[1], a[2], true) ? 1 : 0) }],
  ['copy', { arity: -3, write: true, run: copyCommand }],
  [
    'move',
    {
      arity: 3,
      write: true,
      run: (e, c, a, r) => {
        const db = databaseArg(a[2]);
        if (db === c.db) throw err('ERR source and destination objects are the same');
        r.int(move(e.kv, c.ns, dbNamespace(c.base, db), a[1]) ? 1 : 0);
      },
    },
  ],
  ['randomkey', { arity: 1, write: false, run: (e, c, _a, r) => r.bulk(randomKey(e.kv, c.ns)) }],
  ['touch', { arity: -2, write: false, run: (e, c, a, r) => r.int(e.kv.exists(c.ns, a.slice(1))) }],
  ['object', { arity: -2, write: false, run: objectCommand }],
  ['memory', { arity: -2, write: false, run: memoryCommand }],
];
