/**
 * Redis-protocol server. Commands that arrive in the same event-loop turn, from all
 * connections, run as one batch: if any of them writes, the batch's writes are appended to
 * the KV log with one write(2) (group commit, see engine/kv.ts) and replies go out only
 * after it, so every acknowledged write is in the OS page cache (fsynced with --fsync). A protocol error closes only the offending connection.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import { execute, lookup, type Command, type CommandEnv, type ConnState } from './resp-commands';
import { ReplyWriter } from './resp-reply';
import { RespParser, DEFAULT_LIMITS, type ParserLimits } from './resp-parser';
import type { Store } from '../engine/store';
import type { Metrics } from './metrics';

interface Conn {
  socket: net.Socket;
  parser: RespParser;
  state: ConnState;
  reply: ReplyWriter;
  queue: Buffer[][];
  queued: boolean;
  /** A protocol error: replied to after the commands before it, then the connection closes. */
  fatal?: string;
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
  private readonly server: net.Server;
  private readonly conns = new Set<Conn>();
  private readonly ready: Conn[] = [];
  private scheduled = false;
  private nextId = 1;
  private readonly limits: ParserLimits;

  constructor(private readonly opts: RespServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.server = net.createServer((s) => this.accept(s));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const env = this.opts.env;
    const conn: Conn = {
      socket,
      parser: new RespParser(this.limits),
      state: { ns: 'default', authed: !env.requireAuth, name: null, id: this.nextId++, usage: env.usageOf('default'), closing: false },
      reply: new ReplyWriter(2),
      queue: [],
      queued: false,
    };
    this.conns.add(conn);
    this.opts.metrics.respConnections++;
    socket.on('data', (data) => this.onData(conn, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.conns.delete(conn);
      this.opts.metrics.respConnections--;
    });
  }

  private onData(conn: Conn, data: Buffer): void {
    if (conn.state.closing || conn.fatal) return;
    const cmds = conn.parser.push(data);
    const err = conn.parser.error;
    if (err) {
      this.opts.log.warn({ conn: conn.state.id, err: err.message }, 'RESP protocol error, closing connection');
      conn.fatal = `ERR Protocol error: ${err.message}`;
      this.enqueue(conn, cmds);
      return;
    }
    if (cmds.length) this.enqueue(conn, cmds);
  }

  private enqueue(conn: Conn, cmds: Buffer[][]): void {
    if (!conn.queued) {
      conn.queued = true;
      this.ready.push(conn);
    }
    for (const c of cmds) conn.queue.push(c);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.runBatch());
    }
  }

  private runBatch(): void {
    this.scheduled = false;
    const batch = this.ready.splice(0);
    let writes = false;
    const cmds: (Command | null)[][] = batch.map((conn) =>
      conn.queue.map((args) => {
        const cmd = lookup(args[0]);
        if (cmd?.write) writes = true;
        return cmd;
      }),
    );
    const run = (): void => {
      for (let ci = 0; ci < batch.length; ci++) {
        const conn = batch[ci];
        const resolved = cmds[ci];
        for (let i = 0; i < conn.queue.length; i++) {
          const args = conn.queue[i];
          if (conn.state.closing) break;
          try {
            execute(this.opts.env, conn.state, args, conn.reply, resolved[i]);
          } catch (e) {
            this.opts.log.error({ err: e, conn: conn.state.id }, 'command failed');
            conn.reply.error('ERR internal error');
          }
          this.opts.metrics.respCommands++;
        }
        conn.queue.length = 0;
        conn.queued = false;
        if (conn.fatal) {
          conn.reply.error(conn.fatal);
          conn.state.closing = true;
        }
      }
    };
    try {
      // Writes are acknowledged by one KV log append for the whole batch (kv.batch).
      if (writes) this.opts.env.kv.batch(run);
      else run();
    } catch (e) {
      this.opts.log.error({ err: e }, 'batch commit failed');
      for (const conn of batch) {
        conn.queue.length = 0;
        conn.queued = false;
        conn.reply.take();
        conn.reply.error('ERR write failed: ' + (e instanceof Error ? e.message : String(e)));
      }
    }
    for (const conn of batch) {
      if (conn.reply.len > 0 && !conn.socket.destroyed) conn.socket.write(conn.reply.take());
      if (conn.state.closing) conn.socket.end();
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const c of this.conns) c.socket.destroy();
    });
  }
}
