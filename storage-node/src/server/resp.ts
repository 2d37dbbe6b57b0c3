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

interface Conn {
  parser: RespParser;
  state: ConnState;
  proto: 2 | 3;
  queue: Buffer[][];
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
      const batch = this.dispatch(native.take());
      if (batch.length) this.runBatch(native, batch);
    } catch (e) {
      this.opts.log.error({ err: e }, 'RESP batch failed');
    }
  }

  /** Applies the inbox's events; returns the connections with commands (or an error) to answer. */
  private dispatch(inbox: Buffer): Conn[] {
    const batch: Conn[] = [];
    let pos = 0;
    while (pos + INBOX_HEADER <= inbox.length) {
      const kind = inbox[pos];
      const id = inbox.readUInt32LE(pos + 1);
      const start = pos + INBOX_HEADER;
      pos = start + inbox.readUInt32LE(pos + 5);
      if (kind === EVENT_DATA) {
        const conn = this.conns.get(id);
        if (!conn || conn.fatal || conn.state.closing) continue;
        conn.taken += pos - start;
        const cmds = conn.parser.push(inbox.subarray(start, pos));
        const err = conn.parser.error;
        if (err) {
          this.opts.log.warn({ conn: id, err: err.message }, 'RESP protocol error, closing connection');
          conn.fatal = `ERR Protocol error: ${err.message}`;
        }
        if (!cmds.length && !err) continue;
        for (const c of cmds) conn.queue.push(c);
        if (!conn.queued) {
          conn.queued = true;
          batch.push(conn);
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
    return batch;
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
      queued: false,
      gone: false,
      taken: 0,
    };
    this.conns.set(id, conn);
    this.opts.metrics.respConnections++;
    this.opts.metrics.sessionsTotal++;
  }

  private runBatch(native: BatchServer, batch: Conn[]): void {
    const w = this.writer;
    const resumes: Conn[] = [];
    w.reset();
    let writes = false;
    const cmds: (Command | null)[][] = batch.map((conn) =>
      conn.queue.map((args) => {
        const cmd = lookup(args[0]);
        if (cmd?.write) writes = true;
        return cmd;
      }),
    );
    const latency = this.opts.metrics.respLatency;
    const run = (): void => {
      for (let ci = 0; ci < batch.length; ci++) {
        const conn = batch[ci];
        const resolved = cmds[ci];
        const at = w.beginRecord(conn.state.id);
        w.proto = conn.proto;
        // One clock read per command: each one's end is the next one's start.
        let started = performance.now();
        for (let i = 0; i < conn.queue.length; i++) {
          if (conn.state.closing) break;
          try {
            execute(this.opts.env, conn.state, conn.queue[i], w, resolved[i]);
          } catch (e) {
            this.opts.log.error({ err: e, conn: conn.state.id }, 'command failed');
            w.error('ERR internal error');
          }
          const ended = performance.now();
          latency.record(resolved[i], ended - started);
          started = ended;
        }
        conn.proto = w.proto;
        conn.queue.length = 0;
        conn.queued = false;
        if (conn.fatal) {
          w.error(conn.fatal);
          conn.state.closing = true;
        }
        if (conn.gone) w.truncate(at);
        else w.endRecord(at, conn.state.closing ? FLAG_END : 0);
        if (!conn.gone && !conn.state.closing && conn.state.authed && conn.parser.idle && this.opts.env.paymentRefusal?.(conn.state.base) == null) resumes.push(conn);
      }
    };
    // A failed log append fails the batch: every command of it gets the error (a pipelining
    // client counts one reply per command).
    const commands = batch.map((conn) => conn.queue.length);
    try {
      // Writes are acknowledged by one KV log append for the whole batch (kv.batch).
      if (writes) this.opts.env.kv.batch(run);
      else run();
    } catch (e) {
      this.opts.log.error({ err: e }, 'batch commit failed');
      w.reset();
      const msg = 'ERR write failed: ' + (e instanceof Error ? e.message : String(e));
      for (const [ci, conn] of batch.entries()) {
        conn.queue.length = 0;
        conn.queued = false;
        if (conn.gone) continue;
        const at = w.beginRecord(conn.state.id);
        for (let i = 0; i < commands[ci]; i++) w.error(msg);
        w.endRecord(at, conn.state.closing ? FLAG_END : 0);
      }
    }
    if (w.len > 0) native.send(w.bytes());
    if (resumes.length) native.resume(this.resumeRecords(resumes));
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
