/**
 * Fair share between tenants: how many RESP connections the node and each namespace may hold,
 * and how many HTTP requests of one namespace may be in flight at once. One tenant's flood
 * then meets its own limit (Redis's "max number of clients reached", HTTP 429) while the
 * others are served. HTTP connections and the request bodies held in memory are bounded
 * node-wide: bodies are read before a signed request's wallet (its namespace) is known.
 */
export interface FairShareLimits {
  /** RESP connections node-wide (Redis's maxclients). */
  maxClients: number;
  /** RESP connections of one namespace, counted from AUTH (the socket thread caps `maxClients` itself). */
  namespaceMaxClients: number;
  /** HTTP requests of one namespace in flight (body read, queued or running). */
  namespaceMaxRequests: number;
  /** HTTP connections node-wide; past it new ones are closed as they are accepted. */
  httpMaxConnections: number;
  /** Bytes of HTTP request bodies held at once, all requests together. */
  httpBodyMemory: number;
}

export const DEFAULT_FAIR_SHARE: FairShareLimits = { maxClients: 10_000, namespaceMaxClients: 1_000, namespaceMaxRequests: 64, httpMaxConnections: 10_000, httpBodyMemory: 256 * 1024 * 1024 };

export class FairShare {
  private readonly clientsOf = new Map<string, number>();
  private readonly requestsOf = new Map<string, number>();
  private bodyBytes = 0;

  constructor(readonly limits: FairShareLimits = DEFAULT_FAIR_SHARE) {}

  /** A connection authenticates into `to`; false (nothing changed) when `to` is full. */
  moveClient(from: string | null, to: string): boolean {
    if (from === to) return true;
    if ((this.clientsOf.get(to) ?? 0) >= this.limits.namespaceMaxClients) return false;
    if (from !== null) bump(this.clientsOf, from, -1);
    bump(this.clientsOf, to, 1);
    return true;
  }

  /** A connection closes (counted in `ns` since its AUTH, or in none). */
  closeClient(ns: string | null): void {
    if (ns !== null) bump(this.clientsOf, ns, -1);
  }

  /** An HTTP request of `ns` starts; false when the namespace has too many in flight. */
  startRequest(ns: string): boolean {
    if ((this.requestsOf.get(ns) ?? 0) >= this.limits.namespaceMaxRequests) return false;
    bump(this.requestsOf, ns, 1);
    return true;
  }

  endRequest(ns: string): void {
    bump(this.requestsOf, ns, -1);
  }

  /** Request body bytes held now. */
  get bodyBytesHeld(): number {
    return this.bodyBytes;
  }

  /** Holds `n` more bytes of request body; false (nothing held) when that would pass the limit. */
  takeBody(n: number): boolean {
    if (this.bodyBytes + n > this.limits.httpBodyMemory) return false;
    this.bodyBytes += n;
    return true;
  }

  releaseBody(n: number): void {
    this.bodyBytes -= n;
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n <= 0) counts.delete(key);
  else counts.set(key, n);
}
