/**
 * HTTP JSON API. Data routes are aliases that build a {model, op, ...} request for the
 * query executor (engine/query.ts), which validates it and names any bad field.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { EngineError } from '../engine/errors';
import { runQuery } from '../engine/query';
import { withBudget } from '../engine/budget';
import type { FairShare } from './fair-share';
import type { Engine } from '../engine/engine';
import type { Metrics } from './metrics';
import type { RequestGate } from './request-gate';
import { SESSION_CHALLENGE_TTL_MS, USAGE_HEADER } from '@synq/sdk';
import type { PublicKey } from '@solana/web3.js';

export interface HttpServerOptions {
  /** Work budget of one request in ms (engine/budget.ts); 0 or unset: none. */
  workBudgetMs?: number;
  /** HTTP requests in flight per namespace. */
  fairShare: FairShare;
  host: string;
  port: number;
  engine: Engine;
  log: Logger;
  metrics: Metrics;
  requireAuth: boolean;
  authenticate(user: string | null, password: string): string | null;
  maxBodyBytes?: number;
  version: string;
  /** `POST /v1/receipts` (network mode): takes a developer's signed usage receipt. */
  receipts?: (body: Body) => unknown;
  /**
   * Wallet-signed requests only (docs/paid-access.md): each data request must be signed for
   * this node and is served in its wallet's credit-account namespace.
   */
  walletAuth?: RequestGate;
  /**
   * Metering of wallet-signed requests (network/meter.ts): unset while the network agent starts
   * (wallet-signed requests then get 503), absent without the network.
   */
  payment?: () => PaymentGate | undefined;
  /** More to show on /health (the network agent's state). */
  health?: () => Record<string, unknown>;
}

type Body = Record<string, unknown>;

/** What the HTTP server asks the meter (network/meter.ts). */
export interface PaymentGate {
  /** Throws 402 (payment_required) when the account must pay first. */
  admit(ns: string, wallet: PublicKey): Promise<void>;
  /** The `x-synq-usage` statement when a receipt is due. */
  statementHeader(ns: string): string | undefined;
  usage(ns: string, wallet: PublicKey): Promise<Record<string, unknown>>;
}
/** Builds the executor request from path params, the body and the query string (parsed when asked for: most routes have none). */
type Build = (m: string[], body: Body, query: () => URLSearchParams) => Body;

/**
 * One route: its method, its pattern (the metrics' route label) and the pattern's segments,
 * literal or `null` for a parameter (one non-empty segment). Matching compares segments:
 * no regular expression and no URL object per request (both showed in the profile).
 */
interface Route {
  method: string;
  path: string;
  segments: (string | null)[];
  build: Build;
}

const R = (method: string, path: string, build: Build): Route => ({ method, path, segments: path.split('/').map((s) => (s.startsWith(':') ? null : s)), build });
const q = (model: string, op: string, extra: Body = {}) => (body: Body): Body => ({ ...body, ...extra, model, op });

const ROUTES: Route[] = [
  R('POST', '/v1/query', (_m, b) => b),
  // KV
  R('GET', '/v1/kv/:key', (m) => q('kv', 'get', { key: m[0] })({})),
  R('PUT', '/v1/kv/:key', (m, b) => q('kv', 'set', { key: m[0] })(b)),
  R('DELETE', '/v1/kv/:key', (m) => q('kv', 'del', { keys: [m[0]] })({})),
  R('GET', '/v1/kv', (_m, _b, query) => {
    const u = query();
    return q('kv', 'keys', u.has('pattern') ? { pattern: u.get('pattern') } : {})({});
  }),
  // Documents
  R('GET', '/v1/collections', () => q('documents', 'listCollections')({})),
  R('PUT', '/v1/collections/:c', (m, b) => q('documents', 'createCollection', { collection: m[0] })(b)),
  R('DELETE', '/v1/collections/:c', (m) => q('documents', 'dropCollection', { collection: m[0] })({})),
  R('PUT', '/v1/collections/:c/schema', (m, b) => q('documents', 'setSchema', { collection: m[0] })(b)),
  R('POST', '/v1/collections/:c/indexes', (m, b) => q('documents', 'createIndex', { collection: m[0] })({ index: b })),
  R('DELETE', '/v1/collections/:c/indexes/:name', (m) => q('documents', 'dropIndex', { collection: m[0], name: m[1] })({})),
  R('POST', '/v1/collections/:c/docs', (m, b) => q('documents', 'insert', { collection: m[0] })(b)),
  R('GET', '/v1/collections/:c/docs/:id', (m) => q('documents', 'get', { collection: m[0], id: m[1] })({})),
  ...['find', 'count', 'update', 'delete', 'aggregate'].map((op) => R('POST', `/v1/collections/:c/${op}`, (m, b) => q('documents', op, { collection: m[0] })(b))),
  // Vectors
  R('GET', '/v1/vectors', () => q('vectors', 'listCollections')({})),
  R('PUT', '/v1/vectors/:c', (m, b) => q('vectors', 'createCollection', { collection: m[0] })(b)),
  R('GET', '/v1/vectors/:c', (m) => q('vectors', 'info', { collection: m[0] })({})),
  R('DELETE', '/v1/vectors/:c', (m) => q('vectors', 'dropCollection', { collection: m[0] })({})),
  ...['upsert', 'delete', 'search'].map((op) => R('POST', `/v1/vectors/:c/${op}`, (m, b) => q('vectors', op, { collection: m[0] })(b))),
  // Time-series
  R('GET', '/v1/series', (_m, _b, query) => {
    const tags: Record<string, string> = {};
    for (const [k, v] of query()) if (k.startsWith('tag.')) tags[k.slice(4)] = v;
    return q('timeseries', 'listSeries', { tags })({});
  }),
  R('PUT', '/v1/series/:s', (m, b) => q('timeseries', 'createSeries', { series: m[0] })(b)),
  R('DELETE', '/v1/series/:s', (m) => q('timeseries', 'dropSeries', { series: m[0] })({})),
  R('POST', '/v1/series/:s/points', (m, b) => q('timeseries', 'ingest', { series: m[0] })(b)),
  R('POST', '/v1/series/:s/range', (m, b) => q('timeseries', 'range', { series: m[0] })(b)),
  R('POST', '/v1/series/:s/downsample', (m, b) => q('timeseries', 'downsample', { series: m[0] })(b)),
];

/** The routes by number of path segments, in ROUTES order. */
const ROUTES_BY_LENGTH = new Map<number, Route[]>();
for (const route of ROUTES) {
  const list = ROUTES_BY_LENGTH.get(route.segments.length) ?? [];
  list.push(route);
  ROUTES_BY_LENGTH.set(route.segments.length, list);
}

/** A path's routes: the first whose pattern it fits (its label), and the one for `method`. */
interface RouteMatch {
  label: string | undefined;
  route: Route | undefined;
  /** The parameter segments of `route`, still percent-encoded. */
  params: string[];
}

function matchRoute(method: string | undefined, pathname: string): RouteMatch {
  const segments = pathname.split('/');
  const found: RouteMatch = { label: undefined, route: undefined, params: [] };
  for (const route of ROUTES_BY_LENGTH.get(segments.length) ?? []) {
    let fits = true;
    for (let i = 0; i < segments.length && fits; i++) {
      const literal = route.segments[i];
      fits = literal === null ? segments[i].length > 0 : literal === segments[i];
    }
    if (!fits) continue;
    found.label ??= route.path;
    if (route.method === method) {
      found.route = route;
      route.segments.forEach((literal, i) => literal === null && found.params.push(segments[i]));
      return found;
    }
  }
  return found;
}

/** Paths served outside ROUTES: each is its own route label. */
const FIXED_PATHS = new Set(['/health', '/metrics', '/v1/receipts', '/v1/challenge', '/v1/usage']);
/** Method labels; anything else is "other" (label values stay bounded). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/**
 * The route label of a path: its pattern, never the path itself (keys, collection and series
 * names must not become label values); "unmatched" when no route has it.
 */
function routeLabel(pathname: string): string {
  if (FIXED_PATHS.has(pathname)) return pathname;
  return matchRoute(undefined, pathname).label ?? 'unmatched';
}

/** A request's timing: its route label, once routing found it (unset: worked out at the end). */
interface Exchange {
  started: number;
  route: string | undefined;
  /** The namespace whose in-flight count it holds (fair share), released when it ends. */
  holds: string | undefined;
  /** Request body bytes it holds (fair share's node-wide body memory), released when it ends. */
  bodyBytes: number;
}

/** The path and query string of a request target (`/v1/kv?pattern=a*`). */
function splitTarget(target: string): { pathname: string; query: string } {
  const at = target.indexOf('?');
  return at < 0 ? { pathname: target, query: '' } : { pathname: target.slice(0, at), query: target.slice(at + 1) };
}

const STATUS: Record<string, number> = { payment_required: 402, OOM: 507, quota_exceeded: 507, over_budget: 400, unavailable: 503, bad_request: 400, validation_failed: 400, invalid_json: 400, not_found: 404, conflict: 409, unauthorized: 401, too_large: 413 };

export class HttpServer {
  private readonly server: http.Server;

  constructor(private readonly opts: HttpServerOptions) {
    this.server = http.createServer((req, res) => {
      // A handler that throws must cost one request, never the process (every client's).
      try {
        this.handle(req, res);
      } catch (e) {
        if (res.headersSent) res.destroy();
        else this.fail(res, e);
      }
    });
    this.server.keepAliveTimeout = 30_000;
    this.server.maxConnections = opts.fairShare.limits.httpMaxConnections;
    this.server.on('drop', () => this.opts.metrics.httpConnectionsRefused++);
    this.server.on('connection', () => this.opts.metrics.sessionsTotal++);
    this.opts.metrics.httpBodyBytes = () => this.opts.fairShare.bodyBytesHeld;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  private send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json', headers?: Record<string, string>): void {
    const text = type === 'application/json' ? JSON.stringify(body) : String(body);
    const length = Buffer.byteLength(text);
    this.opts.metrics.httpBytesOut += length;
    // A flat [name, value, ...] list: node writes it as it is (an object is copied and checked).
    const head: string[] = ['content-type', type, 'content-length', String(length)];
    if (headers !== undefined) for (const name in headers) head.push(name, headers[name]);
    res.writeHead(status, head);
    res.end(text);
  }

  private fail(res: http.ServerResponse, e: unknown): void {
    if (e instanceof EngineError) {
      this.send(res, STATUS[e.code] ?? 400, { error: { code: e.code, message: e.message, field: e.field } });
      return;
    }
    this.opts.log.error({ err: e }, 'http request failed');
    this.send(res, 500, { error: { code: 'internal', message: 'internal error' } });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const exchange: Exchange = { started: performance.now(), route: undefined, holds: undefined, bodyBytes: 0 };
    const url = splitTarget(req.url ?? '/');
    res.once('close', () => {
      if (exchange.holds !== undefined) this.opts.fairShare.endRequest(exchange.holds);
      if (exchange.bodyBytes > 0) this.opts.fairShare.releaseBody(exchange.bodyBytes);
      this.observe(req, res, url.pathname, exchange);
    });
    if (req.method === 'GET' && url.pathname === '/health') {
      this.send(res, 200, { status: 'ok', version: this.opts.version, uptimeSeconds: Math.round((Date.now() - this.opts.metrics.startedAt) / 1000), ...this.opts.health?.() });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/metrics') {
      const metrics = this.opts.metrics;
      metrics.scrape().then((text) => this.send(res, 200, text, metrics.contentType), (e: unknown) => this.fail(res, e));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/receipts') {
      const take = this.opts.receipts;
      if (take === undefined) {
        req.resume();
        this.send(res, 404, { error: { code: 'not_found', message: 'this node is not on the network (--network): it takes no receipts' } });
        return;
      }
      // Signed by the developer: no namespace credentials needed.
      this.readBody(req, res, exchange)
        .then(async (body) => this.send(res, 200, await take(body)))
        .catch((e: unknown) => this.fail(res, e));
      return;
    }
    const gate = this.opts.walletAuth;
    if (req.method === 'GET' && url.pathname === '/v1/challenge') {
      if (gate === undefined) this.send(res, 404, { error: { code: 'not_found', message: 'this node does not take wallet-signed sessions (it runs without --wallet-auth)' } });
      else this.send(res, 200, { challenge: gate.issueChallenge(), expiresInMs: SESSION_CHALLENGE_TTL_MS });
      return;
    }
    if (gate !== undefined) {
      let prechecked: ReturnType<RequestGate['precheck']>;
      try {
        prechecked = gate.precheck(req.headers);
      } catch (e) {
        req.resume();
        this.fail(res, e);
        return;
      }
      // The signature covers the body: read it whole (bounded), then admit.
      this.readRaw(req, res, exchange)
        .then(async (raw) => {
          const { namespace, wallet } = await gate.admit({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body: raw }, Date.now(), prechecked);
          const payment = this.opts.payment?.();
          if (this.opts.payment !== undefined) {
            if (payment === undefined) throw new EngineError('unavailable', 'the node is joining the network: retry shortly');
            if (req.method === 'GET' && url.pathname === '/v1/usage') {
              this.send(res, 200, { namespace, usage: this.opts.engine.usage.snapshot()[namespace] ?? null, metering: await payment.usage(namespace, wallet) });
              return;
            }
            try {
              await payment.admit(namespace, wallet);
            } catch (e) {
              // A refusal carries the statement to co-sign when that is what unblocks it.
              const statement = payment.statementHeader(namespace);
              if (!(e instanceof EngineError) || statement === undefined) throw e;
              this.send(res, 402, { error: { code: e.code, message: e.message } }, undefined, { [USAGE_HEADER]: statement });
              return;
            }
          }
          this.serve(req, res, url, exchange, namespace, Promise.resolve(raw), payment);
        })
        .catch((e: unknown) => this.fail(res, e));
      return;
    }
    let ns: string;
    try {
      ns = this.namespace(req);
    } catch (e) {
      req.resume();
      this.fail(res, e);
      return;
    }
    this.serve(req, res, url, exchange, ns, undefined);
  }

  /** Times a request whose response has ended (or whose client left). */
  private observe(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, exchange: Exchange): void {
    const method = req.method !== undefined && METHODS.has(req.method) ? req.method : 'other';
    const route = exchange.route ?? routeLabel(pathname);
    const status = res.writableFinished ? String(res.statusCode) : 'aborted';
    this.opts.metrics.observeHttp(method, route, status, (performance.now() - exchange.started) / 1000);
  }

  /** Serves a data request in namespace `ns` (its body already read when `raw` is given). */
  private serve(req: http.IncomingMessage, res: http.ServerResponse, url: { pathname: string; query: string }, exchange: Exchange, ns: string, raw: Promise<Buffer> | undefined, payment?: PaymentGate): void {
    if (!this.opts.fairShare.startRequest(ns)) {
      if (raw === undefined) req.resume();
      this.send(res, 429, { error: { code: 'too_many_requests', message: `namespace "${ns}" has ${this.opts.fairShare.limits.namespaceMaxRequests} requests in flight (--namespace-max-requests): wait for their answers` } });
      return;
    }
    exchange.holds = ns;
    if (req.method === 'GET' && url.pathname === '/v1/usage') {
      this.send(res, 200, { namespace: ns, usage: this.opts.engine.usage.snapshot()[ns] ?? null });
      return;
    }
    const { label, route, params: encoded } = matchRoute(req.method, url.pathname);
    exchange.route = label;
    let params: string[] | undefined;
    try {
      params = encoded.map(decodeURIComponent);
    } catch {
      // A malformed percent-escape (`%zz`): the path names nothing.
    }
    if (route === undefined || params === undefined) {
      if (raw === undefined) req.resume();
      const known = label !== undefined && params !== undefined;
      this.send(res, known ? 405 : 404, { error: { code: known ? 'method_not_allowed' : 'not_found', message: `no route for ${req.method} ${url.pathname}` } });
      return;
    }
    const args = params;
    // A query is a data request served (RESP counts each command the same way).
    this.opts.engine.usage.of(ns).queries++;
    (raw ?? this.readRaw(req, res, exchange))
      .then((bytes) => {
        const body = parseBody(bytes);
        const result = withBudget(this.opts.workBudgetMs ?? 0, () => runQuery(this.opts.engine, ns, route.build(args, body, () => new URLSearchParams(url.query))));
        const statement = payment?.statementHeader(ns);
        this.send(res, 200, result, undefined, statement === undefined ? undefined : { [USAGE_HEADER]: statement });
      })
      .catch((e: unknown) => this.fail(res, e));
  }

  private namespace(req: http.IncomingMessage): string {
    const header = req.headers['x-synq-namespace'];
    const ns = typeof header === 'string' && header ? header : 'default';
    const auth = req.headers.authorization;
    if (!this.opts.requireAuth && !auth) return ns;
    const m = /^Bearer (.+)$/.exec(auth ?? '');
    if (!m) throw new EngineError('unauthorized', 'missing "Authorization: Bearer <password>" header');
    const granted = this.opts.authenticate(ns, m[1]);
    if (granted === null) throw new EngineError('unauthorized', 'invalid namespace or password');
    return granted;
  }

  /**
   * Reads a request body whole, within two bounds: this request's (`maxBodyBytes`: a larger
   * declared length is refused before any of it is read) and the node's (fair share's body
   * memory, held until the response ends: past it the request gets 503). A refused body's
   * connection closes after the answer, so the rest of it is never read.
   */
  private readRaw(req: http.IncomingMessage, res: http.ServerResponse, exchange: Exchange): Promise<Buffer> {
    const max = this.opts.maxBodyBytes ?? 64 * 1024 * 1024;
    const fairShare = this.opts.fairShare;
    const tooLarge = (): EngineError => new EngineError('too_large', `request body over ${max} bytes`);
    const busy = (): EngineError => new EngineError('unavailable', `the node holds ${fairShare.limits.httpBodyMemory} bytes of request bodies (--http-body-memory): retry shortly`);
    return new Promise((resolve, reject) => {
      const refuse = (e: EngineError): void => {
        res.setHeader('connection', 'close');
        req.pause();
        reject(e);
      };
      // A declared length over the bound is refused unread. Bytes are held as they arrive
      // (not as declared: a client that declares 64 MiB and sends nothing holds nothing).
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > max) return refuse(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (c: Buffer) => {
        if (failed) return;
        size += c.length;
        const refusal = size > max ? tooLarge() : fairShare.takeBody(c.length) ? undefined : busy();
        if (refusal !== undefined) {
          failed = true;
          chunks.length = 0;
          refuse(refusal);
          return;
        }
        exchange.bodyBytes += c.length;
        chunks.push(c);
      });
      req.on('error', (e) => reject(e));
      req.on('end', () => {
        if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      });
    });
  }

  private readBody(req: http.IncomingMessage, res: http.ServerResponse, exchange: Exchange): Promise<Body> {
    return this.readRaw(req, res, exchange).then(parseBody);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A request body: empty, or one JSON object. */
function parseBody(bytes: Buffer): Body {
  if (bytes.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new EngineError('invalid_json', `invalid JSON body: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new EngineError('invalid_json', 'the body must be a JSON object');
  return parsed as Body;
}
