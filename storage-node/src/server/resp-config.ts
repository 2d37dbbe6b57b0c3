/**
 * CONFIG for a namespace's clients: the encoding thresholds that OBJECT ENCODING reports by
 * (settable per namespace, as a tenant's own view), and the node-wide settings, readable only:
 * persistence and memory are the node operator's (command-line flags), not a tenant's.
 */
import { globMatch } from '../engine/glob';
import { err, lower } from './resp-args';
import type { Command } from './resp-commands';

interface Param {
  value: string;
  /** Accepts a new value, or the reason it cannot be set. */
  settable: true | string;
  /** A count, or a size in bytes (which takes Redis's units: 1k, 1kb, 1m, 1mb, 1g, 1gb). */
  kind?: 'count' | 'bytes';
}

const UNITS: Record<string, number> = { '': 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 };

/** The value as a number, null when Redis would refuse it for this kind of setting. */
function parseSetting(kind: 'count' | 'bytes', text: string): number | null {
  const m = (kind === 'count' ? /^(\d{1,15})()$/ : /^(\d{1,15})(k|kb|m|mb|g|gb)?$/i).exec(text);
  return m === null ? null : Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()];
}

const NODE_WIDE = "it is the node operator's (a storage-node flag)";

function defaults(nodeWide: Record<string, string | number>): Map<string, Param> {
  return new Map<string, Param>([
    ['hash-max-listpack-entries', { value: '512', settable: true, kind: 'count' }],
    ['hash-max-listpack-value', { value: '64', settable: true, kind: 'bytes' }],
    ['save', { value: '', settable: `persistence is the KV log and LMDB: ${NODE_WIDE}` }],
    ['appendonly', { value: 'no', settable: `persistence is the KV log and LMDB: ${NODE_WIDE}` }],
    ['databases', { value: '16', settable: 'each namespace has 16 (SELECT 0..15)' }],
    ['maxmemory', { value: String(nodeWide.maxmemory ?? 0), settable: NODE_WIDE }],
    ['maxmemory-policy', { value: String(nodeWide['maxmemory-policy'] ?? 'noeviction'), settable: NODE_WIDE }],
  ]);
}

/** Redis 7's old names of the listpack settings. */
const ALIASES = new Map([
  ['hash-max-ziplist-entries', 'hash-max-listpack-entries'],
  ['hash-max-ziplist-value', 'hash-max-listpack-value'],
]);

export class ClientSettings {
  private readonly byNamespace = new Map<string, Map<string, Param>>();

  /** `nodeWide`: the read-only values the node was started with (maxmemory, maxmemory-policy). */
  constructor(private readonly nodeWide: Record<string, string | number> = {}) {}

  private of(ns: string): Map<string, Param> {
    let params = this.byNamespace.get(ns);
    if (params === undefined) this.byNamespace.set(ns, (params = defaults(this.nodeWide)));
    return params;
  }

  /** A setting's value (by its name or an alias). */
  value(ns: string, name: string): string | undefined {
    return this.of(ns).get(ALIASES.get(name) ?? name)?.value;
  }

  /** The settings whose names (or aliases) match one of the globs, each once. */
  matching(ns: string, patterns: string[]): [string, string][] {
    const out = new Map<string, string>();
    const params = this.of(ns);
    const names = [...params.keys(), ...ALIASES.keys()];
    for (const pattern of patterns) {
      for (const name of names) {
        if (!globMatch(pattern.toLowerCase(), name)) continue;
        out.set(name, params.get(ALIASES.get(name) ?? name)!.value);
      }
    }
    return [...out];
  }

  /** Sets all the pairs or none (the first refusal is the error). */
  set(ns: string, pairs: [string, string][]): void {
    const params = this.of(ns);
    for (const [name, value] of pairs) {
      const param = params.get(ALIASES.get(name) ?? name);
      if (param === undefined) throw err(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
      if (param.settable !== true) throw err(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${param.settable}`);
      if (parseSetting(param.kind ?? 'count', value) === null) {
        const why = param.kind === 'bytes' ? 'argument must be a memory value' : "argument couldn't be parsed into an integer";
        throw err(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`);
      }
    }
    for (const [name, value] of pairs) {
      const param = params.get(ALIASES.get(name) ?? name)!;
      param.value = String(parseSetting(param.kind ?? 'count', value));
    }
  }
}

const configCommand: Command['run'] = (e, c, a, r) => {
  const sub = lower(a[1]);
  if (sub === 'get' && a.length >= 3) {
    const found = e.settings.matching(c.ns, a.slice(2).map((b) => b.toString('latin1')));
    r.map(found.length);
    for (const [name, value] of found) {
      r.bulkString(name);
      r.bulkString(value);
    }
    return;
  }
  if (sub === 'set' && a.length >= 4 && a.length % 2 === 0) {
    const pairs: [string, string][] = [];
    for (let i = 2; i < a.length; i += 2) pairs.push([lower(a[i]), a[i + 1].toString('latin1')]);
    const names = new Set(pairs.map(([name]) => ALIASES.get(name) ?? name));
    if (names.size !== pairs.length) throw err(`ERR CONFIG SET failed (possibly related to argument '${pairs[0][0]}') - duplicate parameter`);
    e.settings.set(c.ns, pairs);
    return r.ok();
  }
  if (sub === 'resetstat' && a.length === 2) return r.ok();
  if (sub === 'get' || sub === 'set') throw err(`ERR Unknown option or number of arguments for CONFIG ${sub.toUpperCase()} - '${a[2]?.toString('latin1') ?? ''}'`);
  throw err(`ERR unknown subcommand '${a[1].toString('latin1')}'. Try CONFIG HELP.`);
};

/** FUNCTION: the node runs no server-side functions (no Lua either), so there are none to list or flush. */
const functionCommand: Command['run'] = (_e, _c, a, r) => {
  const sub = lower(a[1]);
  if (sub === 'flush' && a.length <= 3) return r.ok();
  if (sub === 'list' ) return r.array(0);
  throw err(`ERR FUNCTION ${a[1].toString('latin1').toUpperCase()} is not supported: this node runs no server-side functions`);
};

export const CONFIG_COMMANDS: [string, Command][] = [
  ['config', { arity: -2, write: false, run: configCommand }],
  ['function', { arity: -2, write: false, run: functionCommand }],
];
