/**
 * The Redis command table: argument parsing and reply shapes, worded as Redis words its
 * errors. Semantics live in the KV engine; this layer only translates.
 */
import { EngineError } from '../engine/errors';
import { withBudget } from '../engine/budget';
import type { FairShare } from './fair-share';
import { RECORD_HEADER, type KvEngine, type KvType, type SetOptions } from '../engine/kv';
import type { Usage } from '../engine/usage';
import type { ReplyWriter } from './resp-reply';
import { bigint, databaseArg, err, expireFrom, int, lower, syntaxError } from './resp-args';
import { CONFIG_COMMANDS, type ClientSettings } from './resp-config';
import { DATABASES, dbNamespace } from '../engine/keys';
import { HASH_COMMANDS } from './resp-hash-commands';
import { KEYSPACE_COMMANDS } from './resp-keyspace-commands';
import { STRING_COMMANDS } from './resp-string-commands';

export interface ConnState {
  /** The namespace commands run in: the authenticated one (`base`), or its database `db`. */
  ns: string;
  base: string;
  db: number;
  authed: boolean;
  name: string | null;
  id: number;
  usage: Usage;
  /** Set by QUIT: close after flushing replies. */
  closing: boolean;
  /** The namespace the fair share counts the connection in (null: none yet). */
  counted: string | null;
}

export interface CommandEnv {
  kv: KvEngine;
  requireAuth: boolean;
  /** Returns the namespace to switch to, or null when the credentials are wrong. */
  authenticate(user: string | null, password: string): string | null;
  usageOf(ns: string): Usage;
  info(): Record<string, Record<string, string | number>>;
  version: string;
  /** CONFIG GET/SET, per namespace. */
  settings: ClientSettings;
  /** Work budget of one command in ms (engine/budget.ts); 0: none. */
  workBudgetMs: number;
  /** Connections per namespace (and HTTP requests in flight). */
  fairShare: FairShare;
  /** A fresh session challenge (wallet-signed sessions, docs/paid-access.md); unset: none. */
  challenge?: () => string;
  /** Paid access: the error a session of namespace `base` gets instead of service, or null. */
  paymentRefusal?: (base: string) => string | null;
}

type Handler = (env: CommandEnv, c: ConnState, a: Buffer[], r: ReplyWriter) => void;

export interface Command {
  /** Redis convention: N = exactly N args including the name, -N = at least N. */
  arity: number;
  write: boolean;
  run: Handler;
  /** Allowed before AUTH when auth is required. */
  preAuth?: boolean;
}

function keyList(r: ReplyWriter, keys: Buffer[]): void {
  r.array(keys.length);
  for (const k of keys) r.bulk(k);
}

function hashReply(r: ReplyWriter, h: Map<string, Buffer>): void {
  r.map(h.size);
  for (const [f, v] of h) {
    r.bulk(Buffer.from(f, 'latin1'));
    r.bulk(v);
  }
}

function setCommand(env: CommandEnv, c: ConnState, a: Buffer[], r: ReplyWriter): void {
  const opts: SetOptions = {};
  let get = false;
  let expirySeen = false;
  for (let i = 3; i < a.length; i++) {
    const o = lower(a[i]);
    if (o === 'nx' && !opts.xx) opts.nx = true;
    else if (o === 'xx' && !opts.nx) opts.xx = true;
    else if (o === 'get') get = true;
    else if (o === 'keepttl' && !expirySeen) opts.keepTtl = expirySeen = true;
    else if ((o === 'ex' || o === 'px' || o === 'exat' || o === 'pxat') && !expirySeen && i + 1 < a.length) {
      opts.expireAt = expireFrom(o, a[++i], 'set');
      expirySeen = true;
    } else throw syntaxError();
  }
  const old = get ? env.kv.get(c.ns, a[1]) : null;
  const oldCopy = old ? Buffer.from(old) : null;
  const done = env.kv.set(c.ns, a[1], a[2], opts);
  if (get) r.bulk(oldCopy);
  else if (done) r.ok();
  else r.nil();
}

function infoText(env: CommandEnv, section?: string): string {
  const all = env.info();
  let out = '';
  for (const [name, fields] of Object.entries(all)) {
    if (section && section !== 'all' && section !== 'everything' && section !== name.toLowerCase()) continue;
    out += `# ${name}\r\n`;
    for (const [k, v] of Object.entries(fields)) out += `${k}:${v}\r\n`;
    out += '\r\n';
  }
  return out;
}

function auth(env: CommandEnv, c: ConnState, user: string | null, password: string): void {
  const ns = env.authenticate(user, password);
  if (ns === null) throw new EngineError('WRONGPASS', 'WRONGPASS invalid username-password pair or user is disabled.');
  if (!env.fairShare.moveClient(c.counted, ns)) throw new EngineError('ERR', `ERR max number of clients reached for namespace '${ns}'`);
  c.counted = ns;
  c.base = ns;
  c.db = 0;
  c.ns = ns;
  c.authed = true;
  c.usage = env.usageOf(ns);
}

const TYPES = new Set<KvType>(['string', 'hash']);

export const COMMANDS = new Map<string, Command>([
  ['ping', { arity: -1, write: false, run: (_e, _c, a, r) => (a.length > 1 ? r.bulk(a[1]) : r.simple('PONG')) }],
  ['echo', { arity: 2, write: false, run: (_e, _c, a, r) => r.bulk(a[1]) }],
  [
    'synq.challenge',
    {
      arity: 1,
      write: false,
      run: (e, _c, _a, r) => {
        if (e.challenge === undefined) throw new EngineError('ERR', 'ERR this node does not take wallet-signed sessions (it runs without --wallet-auth)');
        r.bulk(Buffer.from(e.challenge()));
      },
    },
  ],
  ['quit', { arity: -1, write: false, run: (_e, c, _a, r) => ((c.closing = true), r.ok()) }],
  [
    'auth',
    {
      arity: -2,
      write: false,
      run: (e, c, a, r) => {
        if (a.length > 3) throw syntaxError();
        auth(e, c, a.length === 3 ? a[1].toString('utf8') : null, a[a.length - 1].toString('utf8'));
        r.ok();
      },
    },
  ],
  [
    'hello',
    {
      arity: -1,
      write: false,
      run: (e, c, a, r) => {
        let proto: 2 | 3 = r.proto;
        if (a.length > 1) {
          const v = a[1].toString('latin1');
          if (v !== '2' && v !== '3') throw new EngineError('NOPROTO', 'NOPROTO unsupported protocol version');
          proto = v === '3' ? 3 : 2;
        }
        for (let i = 2; i < a.length; i++) {
          const o = lower(a[i]);
          if (o === 'auth' && i + 2 < a.length) {
            auth(e, c, a[i + 1].toString('utf8'), a[i + 2].toString('utf8'));
            i += 2;
          } else if (o === 'setname' && i + 1 < a.length) c.name = a[++i].toString('utf8');
          else throw syntaxError();
        }
        if (e.requireAuth && !c.authed) throw new EngineError('NOAUTH', 'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
        r.proto = proto;
        r.map(7);
        r.bulkString('server');
        r.bulkString('redis');
        r.bulkString('version');
        r.bulkString('7.0.0');
        r.bulkString('proto');
        r.int(proto);
        r.bulkString('id');
        r.int(c.id);
        r.bulkString('mode');
        r.bulkString('standalone');
        r.bulkString('role');
        r.bulkString('master');
        r.bulkString('modules');
        r.array(0);
      },
    },
  ],
  [
    'select',
    {
      arity: 2,
      write: false,
      run: (e, c, a, r) => {
        const db = databaseArg(a[1]);
        c.db = db;
        c.ns = dbNamespace(c.base, db);
        c.usage = e.usageOf(c.ns);
        r.ok();
      },
    },
  ],
  [
    'client',
    {
      arity: -2,
      write: false,
      run: (_e, c, a, r) => {
        const sub = lower(a[1]);
        if (sub === 'setname' && a.length === 3) return (c.name = a[2].toString('utf8')), r.ok();
        if (sub === 'getname') return r.bulk(c.name === null ? null : Buffer.from(c.name));
        if (sub === 'id') return r.int(c.id);
        if (sub === 'setinfo') return r.ok();
        throw err(`ERR unknown subcommand '${a[1].toString('latin1')}'. Try CLIENT HELP.`);
      },
    },
  ],
  ['command', { arity: -1, write: false, run: (_e, _c, a, r) => (a.length > 1 && lower(a[1]) === 'count' ? r.int(COMMANDS.size) : r.array(0)) }],
  ['info', { arity: -1, write: false, run: (e, _c, a, r) => r.bulkString(infoText(e, a[1] ? lower(a[1]) : undefined)) }],
  ['time', { arity: 1, write: false, run: (_e, _c, _a, r) => { const us = Date.now() * 1000; r.array(2); r.bulkString(String(Math.floor(us / 1e6))); r.bulkString(String(us % 1e6)); } }],
  ['dbsize', { arity: 1, write: false, run: (e, c, _a, r) => r.int(e.kv.dbsize(c.ns)) }],
  ['flushdb', { arity: -1, write: true, run: (e, c, _a, r) => (e.kv.flush(c.ns), r.ok()) }],
  [
    'flushall',
    {
      arity: -1,
      write: true,
      // Every database of the connection's namespace (never another namespace's).
      run: (e, c, _a, r) => {
        for (let db = 0; db < DATABASES; db++) e.kv.flush(dbNamespace(c.base, db));
        r.ok();
      },
    },
  ],
  // ---- strings ----
  [
    'get',
    {
      arity: 2,
      write: false,
      run: (e, c, a, r) => {
        const rec = e.kv.getRecord(c.ns, a[1]);
        if (rec === null) r.nil();
        else r.bulkAt(rec, RECORD_HEADER);
      },
    },
  ],
  ['set', { arity: -3, write: true, run: setCommand }],
  ['setnx', { arity: 3, write: true, run: (e, c, a, r) => r.int(e.kv.set(c.ns, a[1], a[2], { nx: true }) ? 1 : 0) }],
  [
    'setex',
    { arity: 4, write: true, run: (e, c, a, r) => (e.kv.set(c.ns, a[1], a[3], { expireAt: expireFrom('ex', a[2], 'setex') }), r.ok()) },
  ],
  [
    'psetex',
    { arity: 4, write: true, run: (e, c, a, r) => (e.kv.set(c.ns, a[1], a[3], { expireAt: expireFrom('px', a[2], 'psetex') }), r.ok()) },
  ],
  ['del', { arity: -2, write: true, run: (e, c, a, r) => r.int(e.kv.del(c.ns, a.slice(1))) }],
  ['unlink', { arity: -2, write: true, run: (e, c, a, r) => r.int(e.kv.del(c.ns, a.slice(1))) }],
  ['exists', { arity: -2, write: false, run: (e, c, a, r) => r.int(e.kv.exists(c.ns, a.slice(1))) }],
  ['incr', { arity: 2, write: true, run: (e, c, a, r) => r.int(e.kv.incrBy(c.ns, a[1], 1n)) }],
  ['decr', { arity: 2, write: true, run: (e, c, a, r) => r.int(e.kv.incrBy(c.ns, a[1], -1n)) }],
  ['incrby', { arity: 3, write: true, run: (e, c, a, r) => r.int(e.kv.incrBy(c.ns, a[1], bigint(a[2]))) }],
  [
    'decrby',
    {
      arity: 3,
      write: true,
      run: (e, c, a, r) => {
        const by = bigint(a[2]);
        // Its negation is out of range: Redis has its own words for that.
        if (by === -9223372036854775808n) throw err('ERR decrement would overflow');
        r.int(e.kv.incrBy(c.ns, a[1], -by));
      },
    },
  ],
  [
    'mget',
    {
      arity: -2,
      write: false,
      run: (e, c, a, r) => {
        const vals = e.kv.mget(c.ns, a.slice(1));
        r.array(vals.length);
        for (const v of vals) r.bulk(v);
      },
    },
  ],
  [
    'mset',
    {
      arity: -3,
      write: true,
      run: (e, c, a, r) => {
        if (a.length % 2 !== 1) throw err("ERR wrong number of arguments for 'mset' command");
        const pairs: [Buffer, Buffer][] = [];
        for (let i = 1; i < a.length; i += 2) pairs.push([a[i], a[i + 1]]);
        e.kv.mset(c.ns, pairs);
        r.ok();
      },
    },
  ],
  // ---- expiry ----
  ['persist', { arity: 2, write: true, run: (e, c, a, r) => r.int(e.kv.setExpiry(c.ns, a[1], null) ? 1 : 0) }],
  [
    'ttl',
    {
      arity: 2,
      write: false,
      run: (e, c, a, r) => {
        const ms = e.kv.pttl(c.ns, a[1]);
        r.int(ms < 0 ? ms : Math.round(ms / 1000));
      },
    },
  ],
  ['pttl', { arity: 2, write: false, run: (e, c, a, r) => r.int(e.kv.pttl(c.ns, a[1])) }],
  // ---- keyspace ----
  ['type', { arity: 2, write: false, run: (e, c, a, r) => r.simple(e.kv.type(c.ns, a[1])) }],
  ['keys', { arity: 2, write: false, run: (e, c, a, r) => keyList(r, e.kv.keys(c.ns, a[1].toString('latin1'))) }],
  [
    'scan',
    {
      arity: -2,
      write: false,
      run: (e, c, a, r) => {
        const cursor = int(a[1]);
        if (cursor < 0) throw err('ERR invalid cursor');
        let pattern: string | undefined;
        let count = 10;
        let type: KvType | undefined;
        for (let i = 2; i < a.length; i += 2) {
          const o = lower(a[i]);
          if (i + 1 >= a.length) throw syntaxError();
          if (o === 'match') pattern = a[i + 1].toString('latin1');
          else if (o === 'count') {
            count = int(a[i + 1]);
            if (count < 1) throw syntaxError();
          } else if (o === 'type') {
            const t = lower(a[i + 1]) as KvType;
            type = TYPES.has(t) ? t : 'none';
          } else throw syntaxError();
        }
        const res = e.kv.scan(c.ns, cursor, count, pattern, type);
        r.array(2);
        r.bulkString(String(res.next));
        keyList(r, res.keys);
      },
    },
  ],
  // ---- hashes ----
  [
    'hset',
    {
      arity: -4,
      write: true,
      run: (e, c, a, r) => {
        if (a.length % 2 !== 0) throw err(`ERR wrong number of arguments for '${lower(a[0])}' command`);
        const pairs: [Buffer, Buffer][] = [];
        for (let i = 2; i < a.length; i += 2) pairs.push([a[i], a[i + 1]]);
        const added = e.kv.hset(c.ns, a[1], pairs);
        if (lower(a[0]) === 'hmset') r.ok();
        else r.int(added);
      },
    },
  ],
  ['hget', { arity: 3, write: false, run: (e, c, a, r) => r.bulk(e.kv.hget(c.ns, a[1], a[2])) }],
  ['hgetall', { arity: 2, write: false, run: (e, c, a, r) => hashReply(r, e.kv.hgetall(c.ns, a[1])) }],
  ['hdel', { arity: -3, write: true, run: (e, c, a, r) => r.int(e.kv.hdel(c.ns, a[1], a.slice(2))) }],
  ['hlen', { arity: 2, write: false, run: (e, c, a, r) => r.int(e.kv.hlen(c.ns, a[1])) }],
  ['hexists', { arity: 3, write: false, run: (e, c, a, r) => r.int(e.kv.hget(c.ns, a[1], a[2]) === null ? 0 : 1) }],
  ['hkeys', { arity: 2, write: false, run: (e, c, a, r) => keyList(r, [...e.kv.hgetall(c.ns, a[1]).keys()].map((k) => Buffer.from(k, 'latin1'))) }],
  ['hvals', { arity: 2, write: false, run: (e, c, a, r) => keyList(r, [...e.kv.hgetall(c.ns, a[1]).values()]) }],
]);
COMMANDS.set('hmset', { ...COMMANDS.get('hset')!, arity: -4 });
for (const [name, command] of [...STRING_COMMANDS, ...KEYSPACE_COMMANDS, ...HASH_COMMANDS, ...CONFIG_COMMANDS]) COMMANDS.set(name, command);

for (const name of ['auth', 'hello', 'quit', 'ping', 'synq.challenge']) COMMANDS.get(name)!.preAuth = true;

const byExactName = new Map<string, Command | null>();
const GET = COMMANDS.get('get')!;
const SET = COMMANDS.get('set')!;

/** The command named by args[0] (any case), or null. */
export function lookup(name: Buffer): Command | null {
  if (name.length === 3 && (name[1] | 0x20) === 101 /* e */ && (name[2] | 0x20) === 116 /* t */) {
    // GET / SET in any case, without building a string.
    const c0 = name[0] | 0x20;
    if (c0 === 103) return GET;
    if (c0 === 115) return SET;
  }
  const exact = name.toString('latin1');
  let cmd = byExactName.get(exact);
  if (cmd === undefined) {
    cmd = COMMANDS.get(exact.toLowerCase()) ?? null;
    if (byExactName.size < 10_000) byExactName.set(exact, cmd);
  }
  return cmd;
}

/**
 * Commands about the connection, not data: served to a session refused for payment, so a
 * client's handshake (ioredis sends INFO and CLIENT SETINFO) still completes and the refusal
 * arrives on the data command, where it says what to do.
 */
const CONNECTION_COMMANDS = new Set(['PING', 'ECHO', 'INFO', 'CLIENT', 'HELLO', 'SELECT', 'QUIT', 'RESET', 'COMMAND']);

/** Runs one command (as resolved by lookup), writing its reply, errors included, to `r`. */
export function execute(env: CommandEnv, c: ConnState, args: Buffer[], r: ReplyWriter, cmd: Command | null): void {
  if (!cmd) {
    // As Redis words it: each argument quoted and followed by a space, until 128 characters.
    let rest = '';
    for (let i = 1; i < args.length && rest.length < 128; i++) rest += `'${args[i].toString('latin1').slice(0, 128 - rest.length)}' `;
    r.error(`ERR unknown command '${args[0].toString('latin1').slice(0, 128)}', with args beginning with: ${rest}`);
    return;
  }
  if ((cmd.arity > 0 && args.length !== cmd.arity) || (cmd.arity < 0 && args.length < -cmd.arity)) {
    r.error(`ERR wrong number of arguments for '${args[0].toString('latin1').toLowerCase()}' command`);
    return;
  }
  if (env.requireAuth && !c.authed && !cmd.preAuth) {
    r.error('NOAUTH Authentication required.');
    return;
  }
  if (env.paymentRefusal !== undefined && c.authed && !cmd.preAuth) {
    const refusal = env.paymentRefusal(c.base);
    if (refusal !== null && !CONNECTION_COMMANDS.has(args[0].toString('latin1').toUpperCase())) {
      r.error(refusal);
      return;
    }
  }
  c.usage.queries++;
  try {
    withBudget(env.workBudgetMs, () => cmd.run(env, c, args, r));
  } catch (e) {
    if (e instanceof EngineError) r.error(e.message.startsWith(e.code) ? e.message : `ERR ${e.message}`);
    else throw e;
  }
}
