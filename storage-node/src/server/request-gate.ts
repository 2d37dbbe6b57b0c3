/**
 * The paid-access gate's first check (docs/paid-access.md): every HTTP request is signed by the
 * developer's wallet for this node, fresh, and not seen before. A request that passes is served
 * in the namespace of the wallet's credit account, so one developer's data is out of reach of
 * every other.
 */
import type { PublicKey } from '@solana/web3.js';
import { checkSignedRequest, paymentsPda, REQUEST_MAX_SKEW_MS } from '@synq/sdk';
import { EngineError } from '../engine/errors';

/** Nonces remembered at most (each until its request could no longer pass as fresh). */
const DEFAULT_MAX_NONCES = 1_000_000;

export interface SignedRequest {
  method: string;
  /** Path and query string as received. */
  path: string;
  headers: Partial<Record<string, string | string[] | undefined>>;
  body: Uint8Array;
}

export class RequestGate {
  /** `wallet:nonce` -> when it may be forgotten (ms). */
  private readonly seen = new Map<string, number>();

  constructor(
    /** This node's registry address: requests signed for another node are refused. */
    readonly node: PublicKey,
    private readonly maxNonces = DEFAULT_MAX_NONCES,
  ) {}

  /** The namespace to serve `request` in; throws `unauthorized` with the reason otherwise. */
  async admit(request: SignedRequest, nowMs = Date.now()): Promise<{ namespace: string; wallet: PublicKey }> {
    const check = await checkSignedRequest(request.headers, { node: this.node, method: request.method, path: request.path, body: request.body }, nowMs);
    if (!check.ok) throw new EngineError('unauthorized', check.reason);
    const key = `${check.wallet.toBase58()}:${check.nonce}`;
    if (this.seen.has(key)) throw new EngineError('unauthorized', 'replayed request: this nonce was already used (sign every request afresh)');
    this.remember(key, Number(check.timestamp) + REQUEST_MAX_SKEW_MS, nowMs);
    return { namespace: paymentsPda.creditAccount(check.wallet).toBase58(), wallet: check.wallet };
  }

  private remember(key: string, until: number, nowMs: number): void {
    if (this.seen.size >= this.maxNonces) {
      for (const [seenKey, expiry] of this.seen) if (expiry < nowMs) this.seen.delete(seenKey);
      // Still full of live nonces: refuse rather than forget one that could be replayed.
      if (this.seen.size >= this.maxNonces) throw new EngineError('unavailable', 'too many signed requests in the freshness window: retry shortly');
    }
    this.seen.set(key, until);
  }
}
