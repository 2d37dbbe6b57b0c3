/**
 * A Solana PubSub (WebSocket) connection that re-subscribes after every reconnect. The owner
 * hears `onOpen` once all subscriptions of a (re)connection are confirmed (and can repair the
 * gap then), `onClose` when it drops.
 */
import WebSocket from "ws";

import type { Logger } from "./log";

export interface SubscriptionSpec {
  method: string;
  params: unknown[];
  /** The notification method it produces, e.g. programNotification. */
  notification: string;
  onNotification(result: unknown): void;
}

export interface PubSubOptions {
  url: string;
  log: Logger;
  subscriptions: SubscriptionSpec[];
  onOpen(reconnect: boolean): void;
  onClose(reason: string): void;
  /** Backoff bounds for reconnects, ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class PubSub {
  private socket: WebSocket | undefined;
  private stopped = false;
  private connectedOnce = false;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private holdUntil = 0;
  private readonly byId = new Map<number, SubscriptionSpec>();

  constructor(private readonly options: PubSubOptions) {
    this.backoff = options.minBackoffMs ?? 200;
  }

  start(): void {
    this.connect();
  }

  /**
   * Drops the connection as a network failure would; it reconnects by itself, not before
   * `holdMs` (tests use this to make a gap).
   */
  dropConnection(holdMs = 0): void {
    this.holdUntil = Date.now() + holdMs;
    this.socket?.terminate();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.socket?.terminate();
  }

  private connect(): void {
    const { log } = this.options;
    const socket = new WebSocket(this.options.url, { perMessageDeflate: false });
    this.socket = socket;
    const pending = new Map<number, SubscriptionSpec>();
    this.byId.clear();
    let opened = false;

    socket.on("open", () => {
      this.options.subscriptions.forEach((spec, i) => {
        pending.set(i + 1, spec);
        socket.send(JSON.stringify({ jsonrpc: "2.0", id: i + 1, method: spec.method, params: spec.params }));
      });
    });
    socket.on("message", (raw: WebSocket.RawData) => {
      let message: { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: { subscription: number; result: unknown } };
      try {
        message = JSON.parse(raw.toString()) as typeof message;
      } catch {
        log.warn("pubsub: unparsable message");
        return;
      }
      if (message.id !== undefined) {
        const spec = pending.get(message.id);
        if (spec === undefined) return;
        pending.delete(message.id);
        if (message.error !== undefined || typeof message.result !== "number") {
          log.error({ method: spec.method, error: message.error?.message }, "pubsub: subscription refused");
          socket.terminate();
          return;
        }
        this.byId.set(message.result, spec);
        if (pending.size === 0 && !opened) {
          opened = true;
          this.backoff = this.options.minBackoffMs ?? 200;
          const reconnect = this.connectedOnce;
          this.connectedOnce = true;
          this.options.onOpen(reconnect);
        }
        return;
      }
      if (message.params !== undefined) {
        const spec = this.byId.get(message.params.subscription);
        if (spec !== undefined && spec.notification === message.method) spec.onNotification(message.params.result);
      }
    });
    socket.on("error", (err: Error) => log.warn({ err: err.message }, "pubsub: socket error"));
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (opened) this.options.onClose("closed");
      if (this.stopped) return;
      const delay = Math.max(this.backoff, this.holdUntil - Date.now());
      this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5_000);
      log.warn({ delayMs: delay }, "pubsub: disconnected; reconnecting");
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }
}
