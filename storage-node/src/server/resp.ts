/**
 * Redis-protocol server. The sockets are native (../native.ts): one thread reads every
 * connection and serves GET, plain SET, the counters and the hash field commands itself
 * from the native record store (native/src/fast_path.rs). Any other
 * frame hands the connection to us: from then on everything that arrives on it, from all
 * such connections, reaches us in one buffer; we run it as one batch, answer with one buffer
 * and hand each connection back once its input is used up (with its namespace and protocol).
 * If any command of a batch writes, the batch's writes are appended to the KV log with one
 * write(2) (group commit, see engine/kv.ts) and replies go out only after it, so every
 * acknowledged write is in the OS page cache (fsynced with --fsync); the socket thread does
 * the same for its own commands. A protocol error closes only the offending connection,
 * after the replies to the commands before it.
 *
 * Turns: one connection may hand us megabytes of pipelined commands at once (the socket thread
 * reads up to 1 MiB per connection per wake-up and keeps reading while we work). Its input is
 * parsed a slice at a time and run for at most RESP_TURNS.sliceMs (2 ms) per turn of the event
 * loop; what is left waits for the next turn (setImmediate, after I/O: other connections,
 * HTTP), behind the connections that brought new commands meanwhile. Each connection's commands
 * run, and their replies go out, in order; a turn (and the store lock a write batch holds, which
 * the socket thread's own commands wait for) lasts about RESP_TURNS.turnMs (10 ms) at most, plus
 * one command. Input waiting for its turn is held unparsed, up to RESP_TURNS.maxUnparsed for
 * all connections together.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { execute, lookup, type Command, type CommandEnv, type ConnState } from './resp-commands';
import { ReplyWriter } from './resp-reply';
import { RespParser, DEFAULT_LIMITS, type ParserLimits } from './resp-parser';
import { DATABASES, dbNamespace } from '../engine/keys';
import { EVENT_CLOSED, EVENT_DATA, EVENT_OPEN, FLAG_END, INBOX_HEADER, RESUME_RECORD, loadNative, type BatchServer } from '../native';
import type { Store } from '../engine/store';
import type { Metrics } from './metrics';

/** How the JS path shares its turns (tests lower them; the node never changes them). */
export const RESP_TURNS = {
  /** Time one connection's commands may run in one turn, while others wait. */
  sliceMs: 2,
  /** Time one turn may run connections' commands before the event loop takes I/O again. */
  turnMs: 10,
  /** Input parsed per connection at a time (a few thousand small commands). */
  parseBytes: 128 * 1024,
  /** Input parsed before a turn starts, to know whether it writes; the rest as it is reached. */
  turnParseBytes: 512 * 1024,
  /**
   * Input held unparsed, all connections together, past which we stop taking the socket
   * thread's inbox until we are under it again: the inbox then fills (64 MiB) and the socket
   * thread stops reading, so a client that sends faster than its commands run is held back by
   * TCP, not by our memory. (Everyone's input waits in the inbox meanwhile: only a pipeline
   * of more than this delays others by more than a turn.)
   */
  maxUnparsed: 64 * 1024 * 1024,
};

interface Conn {
  parser: RespParser;
  state: ConnState;
  proto: 2 | 3;
  /** Parsed commands, run from `head` on, with their table entries. */
  queue: Buffer[][];
  commands: (Command | null)[];
  head: number;
  /** Queued commands (from `head`) that write: the turn then holds the store lock for a batch. */
  writes: number;
  /** Input taken from the socket thread, not parsed yet (RESP_TURNS.parseBytes at a time, as the queue runs out). */
  unparsed: Buffer[];
  /** In `fresh` or `backlog`, waiting for a turn. */
  queued: boolean;
  /** A protocol error: replied to after the commands before it, then the connection closes. */
  fatal?: string;
  /** The peer is gone: its queued commands still run (as Redis does), their replies are dropped. */
  gone: boolean;
  /** Bytes of the connection received so far (the socket thread checks them on a hand-back). */
  taken: number;
}

export interface RespServerOptions {
  host: string;
  port: number;
  env: CommandEnv;
  store: Store;
  log: Logger;
  metrics: Metrics;
  limits?: Partial<ParserLimits>;
}

export class RespServer {
  private native: BatchServer | undefined;
  private readonly conns = new Map<number, Conn>();
  private readonly limits: ParserLimits;
  private readonly writer = new ReplyWriter(2);
  /** Connections that brought commands since the last turn: served first. */
  private fresh: Conn[] = [];
  /** Connections whose commands outlasted their slice, in turn order. */
  private backlog: Conn[] = [];
  /** A turn is scheduled (setImmediate) for the backlog. */
  private scheduled = false;
  /** Input taken and not parsed yet, all connections together. */
  private unparsedBytes = 0;
  /** The socket thread has input for us that we left in its inbox (over RESP_TURNS.maxUnparsed). */
  private inboxWaiting = false;

  constructor(private readonly opts: RespServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  listen(): Promise<number> {
    try {
      const { BatchServer } = loadNative();
      const { kv, requireAuth } = this.opts.env;
      this.native = new BatchServer(this.opts.host, this.opts.port, kv.core, kv.spaceId('default'), requireAuth, this.opts.env.fairShare.limits.maxClients, () => this.onReady());
      const native = this.native;
      this.opts.metrics.respFastCommands = () => native.fastCommands;
      this.opts.metrics.respBytesOut = () => native.bytesOut;
      return Promise.resolve(this.native.port);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const code = /^listen (E[A-Z]+)/.exec(err.message)?.[1];
      if (code) Object.assign(err, { code });
      return Promise.reject(err);
    }
  }

  private onReady(): void {
    try {
      const native = this.native;
      if (!native) return;
      if (this.unparsedBytes >= RESP_TURNS.maxUnparsed) {
        // Left in the inbox until the backlog (for which a turn is scheduled) is under the limit.
        this.inboxWaiting = true;
        return;
      }
      this.dispatch(native.take());
      // With a turn scheduled, the new commands run in it (first), after this round of I/O.
      if (!this.scheduled) this.turn();
    } catch (e) {
      this.opts.log.error({ err: e }, 'RESP batch failed');
    }
  }

  private readonly nextTurn = (): void => {
    this.scheduled = false;
    try {
      this.turn();
    } catch (e) {
      this.opts.log.error({ err: e }, 'RESP batch failed');
    }
  };

  /** Applies the inbox's events; connections with new input join `fresh`. */
  private dispatch(inbox: Buffer): void {
    let pos = 0;
    while (pos + INBOX_HEADER <= inbox.length) {
      const kind = inbox[pos];
      const id = inbox.readUInt32LE(pos + 1);
      const start = pos + INBOX_HEADER;
      pos = start + inbox.readUInt32LE(pos + 5);
      if (kind === EVENT_DATA) {
        const conn = this.conns.get(id);
        if (!conn || conn.fatal || conn.state.closing) continue;
        if (pos === start) continue;
        conn.taken += pos - start;
        // (The inbox is a fresh buffer per take: its slices stay valid until parsed.)
        conn.unparsed.push(inbox.subarray(start, pos));
        this.unparsedBytes += pos - start;
        if (!conn.queued) {
          conn.queued = true;
          this.fresh.push(conn);
        }
      } else if (kind === EVENT_OPEN) {
        this.accept(id);
      } else if (kind === EVENT_CLOSED) {
        const conn = this.conns.get(id);
        if (!conn) continue;
        conn.gone = true;
        this.conns.delete(id);
        this.opts.metrics.respConnections--;
        this.opts.env.fairShare.closeClient(conn.state.counted);
      }
    }
  }

  /**
   * Parses up to RESP_TURNS.parseBytes of the connection's input into its queue; a protocol error ends
   * its input (answered once the commands before it have run).
   */
  private parse(conn: Conn): number {
    const parseBytes = RESP_TURNS.parseBytes;
    let budget = parseBytes;
    while (budget > 0 && conn.unparsed.length > 0 && !conn.fatal) {
      let piece = conn.unparsed[0];
      if (piece.length > budget) {
        conn.unparsed[0] = piece.subarray(budget);
        piece = piece.subarray(0, budget);
      } else conn.unparsed.shift();
      budget -= piece.length;
      this.unparsedBytes -= piece.length;
      for (const args of conn.parser.push(piece)) {
        const cmd = lookup(args[0]);
        if (cmd?.write) conn.writes++;
        conn.queue.push(args);
        conn.commands.push(cmd);
      }
      const err = conn.parser.error;
      if (err) {
        this.opts.log.warn({ conn: conn.state.id, err: err.message }, 'RESP protocol error, closing connection');
        conn.fatal = `ERR Protocol error: ${err.message}`;
        this.dropUnparsed(conn);
      }
    }
    return parseBytes - budget;
  }

  private dropUnparsed(conn: Conn): void {
    for (const piece of conn.unparsed) this.unparsedBytes -= piece.length;
    conn.unparsed.length = 0;
  }

  /** No commands queued or input left to parse. */
  private static drained(conn: Conn): boolean {
    return conn.head === conn.queue.length && conn.unparsed.length === 0;
  }

  private accept(id: number): void {
    const env = this.opts.env;
    // (The socket thread refuses connections past maxclients itself, before serving any; a
    // connection is counted in a namespace from its AUTH.)
    const conn: Conn = {
      parser: new RespParser(this.limits),
      state: { ns: 'default', base: 'default', db: 0, authed: !env.requireAuth, name: null, id, usage: env.usageOf('default'), closing: false, counted: null },
      proto: 2,
      queue: [],
      commands: [],
      head: 0,
      writes: 0,
      unparsed: [],
      queued: false,
      gone: false,
      taken: 0,
    };
    this.conns.set(id, conn);
    this.opts.metrics.respConnections++;
    this.opts.metrics.sessionsTotal++;
  }

  /**
   * One turn: the fresh connections, then the backlog, each for up to RESP_TURNS.sliceMs, until RESP_TURNS.turnMs
   * is spent; as one batch (one log append for its writes, replies in one buffer). Connections
   * with commands left join the backlog and a turn is scheduled for them.
   */
  private turn(): void {
    const native = this.native;
    if (!native) return;
    if (this.inboxWaiting && this.unparsedBytes < RESP_TURNS.maxUnparsed) {
      this.inboxWaiting = false;
      this.dispatch(native.take());
    }
    const order = this.backlog.length ? this.fresh.concat(this.backlog) : this.fresh;
    this.fresh = [];
    this.backlog = [];
    if (order.length === 0) return;
    // Parse (within RESP_TURNS.turnParseBytes) before deciding whether the turn writes, i.e. holds the
    // store lock for one log append. A write parsed later waits for the next turn.
    let writes = false;
    let parseBudget = RESP_TURNS.turnParseBytes;
    for (const conn of order) {
      if (parseBudget > 0 && conn.head === conn.queue.length) parseBudget -= this.parse(conn);
      if (conn.writes > 0) writes = true;
    }
    const w = this.writer;
    w.reset();
    const latency = this.opts.metrics.respLatency;
    /** Commands each visited connection ran this turn (by position in `order`); the rest were not reached. */
    const ran: number[] = [];
    // A tenant's share of the turn is one namespace's (`base`), however many connections it
    // brings: its connections past that share wait for the next turn (first in line).
    const connsOf = new Map<string, number>();
    for (const conn of order) connsOf.set(conn.state.base, (connsOf.get(conn.state.base) ?? 0) + 1);
    const share = Math.max(RESP_TURNS.sliceMs, RESP_TURNS.turnMs / connsOf.size);
    const spent = new Map<string, number>();
    /** Positions in `order` passed over this turn: their tenant had had its share. */
    const passed: number[] = [];
    const run = (): void => {
      const turnStarted = performance.now();
      // One clock read per command: each one's end is the next one's start.
      let started = turnStarted;
      for (let ci = 0; ci < order.length; ci++) {
        if (ci > 0 && started - turnStarted >= RESP_TURNS.turnMs) break;
        const conn = order[ci];
        const tenant = conn.state.base;
        const before = spent.get(tenant) ?? 0;
        if (before >= share) {
          ran[ci] = 0;
          passed.push(ci);
          continue;
        }
        const connStarted = started;
        const at = w.beginRecord(conn.state.id);
        w.proto = conn.proto;
        // A connection's slice: its part of its tenant's share, at least sliceMs (a tenant with one connection uses its whole share).
        const sliceEnd = started + Math.min(share - before, Math.max(RESP_TURNS.sliceMs, share / connsOf.get(tenant)!));
        let n = 0;
        if (conn.head === conn.queue.length) this.parse(conn);
        while (conn.head < conn.queue.length && !conn.state.closing) {
          const i = conn.head;
          const cmd = conn.commands[i];
          if (cmd?.write) {
            if (!writes) break; // the next turn holds the lock for it
            conn.writes--;
          }
          conn.head++;
          try {
            execute(this.opts.env, conn.state, conn.queue[i], w, cmd);
          } catch (e) {
            this.opts.log.error({ err: e, conn: conn.state.id }, 'command failed');
            w.error('ERR internal error');
          }
          n++;
          const ended = performance.now();
          latency.record(cmd, ended - started);
          started = ended;
          if (ended >= sliceEnd) break;
        }
        ran[ci] = n;
        spent.set(tenant, before + (started - connStarted));
        conn.proto = w.proto;
        this.settle(conn);
        if (conn.fatal && RespServer.drained(conn)) {
          w.error(conn.fatal);
          conn.state.closing = true;
        }
        if (conn.gone) w.truncate(at);
        else w.endRecord(at, conn.state.closing ? FLAG_END : 0);
      }
    };
    try {
      // Writes are acknowledged by one KV log append for the whole turn (kv.batch).
      if (writes) this.opts.env.kv.batch(run);
      else run();
    } catch (e) {
      // A failed log append fails the turn: every command it ran gets the error (a pipelining
      // client counts one reply per command); the ones not reached run in a later turn.
      this.opts.log.error({ err: e }, 'batch commit failed');
      w.reset();
      const msg = 'ERR write failed: ' + (e instanceof Error ? e.message : String(e));
      for (let ci = 0; ci < ran.length; ci++) {
        const conn = order[ci];
        if (conn.gone || passed.includes(ci)) continue;
        const at = w.beginRecord(conn.state.id);
        for (let i = 0; i < ran[ci]; i++) w.error(msg);
        w.endRecord(at, conn.state.closing ? FLAG_END : 0);
      }
    }
    // The connections the turn did not reach go first next time, then those it passed over, then those it ran.
    const visited = ran.length;
    for (let ci = visited; ci < order.length; ci++) this.backlog.push(order[ci]);
    for (const ci of passed) this.backlog.push(order[ci]);
    const skipped = new Set(passed);
    const resumes: Conn[] = [];
    for (let ci = 0; ci < visited; ci++) {
      if (skipped.has(ci)) continue;
      const conn = order[ci];
      if (!RespServer.drained(conn) && !conn.state.closing) {
        this.backlog.push(conn);
        continue;
      }
      conn.queued = false;
      if (!conn.gone && !conn.state.closing && conn.state.authed && conn.parser.idle && this.opts.env.paymentRefusal?.(conn.state.base) == null) resumes.push(conn);
    }
    if (w.len > 0) native.send(w.bytes());
    if (resumes.length) native.resume(this.resumeRecords(resumes));
    if (this.backlog.length && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.nextTurn);
    }
  }

  /** Drops what ran from the connection's queue (all of it when it is closing). */
  private settle(conn: Conn): void {
    if (conn.state.closing) {
      conn.head = conn.queue.length;
      this.dropUnparsed(conn);
      conn.writes = 0;
    }
    if (conn.head === conn.queue.length) {
      conn.queue = [];
      conn.commands = [];
      conn.head = 0;
    }
  }

  /**
   * Sends every command of these namespaces (and their databases) to the JS side, which refuses
   * them (paid access); replaces the last list.
   */
  holdNamespaces(namespaces: string[]): void {
    const kv = this.opts.env.kv;
    const ids = namespaces.flatMap((ns) => Array.from({ length: DATABASES }, (_, db) => kv.spaceId(dbNamespace(ns, db))));
    const b = Buffer.allocUnsafe(ids.length * 4);
    ids.forEach((id, i) => b.writeUInt32LE(id, i * 4));
    this.native?.holdSpaces(b);
  }

  /** Hands connections whose input is used up back to the socket thread's fast path. */
  private resumeRecords(conns: Conn[]): Buffer {
    const b = Buffer.allocUnsafe(conns.length * RESUME_RECORD);
    let o = 0;
    for (const conn of conns) {
      b.writeUInt32LE(conn.state.id, o);
      b.writeUInt32LE(this.opts.env.kv.spaceId(conn.state.ns), o + 4);
      b[o + 8] = conn.proto;
      b.writeDoubleLE(conn.taken, o + 9);
      o += RESUME_RECORD;
    }
    return b;
  }

  async close(): Promise<void> {
    const native = this.native;
    this.native = undefined;
    native?.close();
    this.opts.metrics.respConnections -= this.conns.size;
    this.conns.clear();
  }
}
