/**
 * Fair share between tenants: how many RESP connections the node and each namespace may hold,
 * and how many HTTP requests of one namespace may be in flight at once. One tenant's flood
 * then meets its own limit (Redis's "max number of clients reached", HTTP 429) while the
 * others are served.
 */
export interface FairShareLimits {
  /** RESP connections node-wide (Redis's maxclients). */
  maxClients: number;
  /** RESP connections of one namespace, counted from AUTH (the socket thread caps `maxClients` itself). */
  namespaceMaxClients: number;
  /** HTTP requests of one namespace in flight (body read, queued or running). */
  namespaceMaxRequests: number;
}

export const DEFAULT_FAIR_SHARE: FairShareLimits = { maxClients: 10_000, namespaceMaxClients: 1_000, namespaceMaxRequests: 64 };

export class FairShare {
  private readonly clientsOf = new Map<string, number>();
  private readonly requestsOf = new Map<string, number>();

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
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n <= 0) counts.delete(key);
  else counts.set(key, n);
}
