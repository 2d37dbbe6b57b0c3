/** A small Solana JSON-RPC client over fetch: only what the indexer calls, typed. */

export type Commitment = "processed" | "confirmed" | "finalized";

export interface RpcAccount {
  lamports: number;
  owner: string;
  data: [string, string];
  executable: boolean;
}

export interface KeyedAccount {
  pubkey: string;
  account: RpcAccount;
}

export interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
  blockTime: number | null;
}

export interface RpcTransaction {
  slot: number;
  blockTime: number | null;
  meta: { err: unknown; logMessages: string[] | null; loadedAddresses?: { writable: string[]; readonly: string[] } } | null;
  transaction: { message: { accountKeys: string[] }; signatures: string[] };
}

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class RpcClient {
  private nextId = 1;
  /** For ledger reads (signatures, transactions), which do not take `processed`. */
  private readonly ledgerCommitment: Commitment;
  constructor(
    readonly url: string,
    readonly commitment: Commitment,
  ) {
    this.ledgerCommitment = commitment === "processed" ? "confirmed" : commitment;
  }

  async call<T>(method: string, params: unknown[]): Promise<T> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
    });
    if (!response.ok) throw new RpcError(response.status, `${method}: HTTP ${response.status}`);
    const body = (await response.json()) as { result?: T; error?: { code: number; message: string } };
    if (body.error !== undefined) throw new RpcError(body.error.code, `${method}: ${body.error.message}`);
    return body.result as T;
  }

  getGenesisHash(): Promise<string> {
    return this.call<string>("getGenesisHash", []);
  }

  /** Every account of `program`, with the slot the read was made at. */
  async getProgramAccounts(program: string): Promise<{ slot: number; accounts: KeyedAccount[] }> {
    const result = await this.call<{ context: { slot: number }; value: KeyedAccount[] }>("getProgramAccounts", [
      program,
      { encoding: "base64", commitment: this.commitment, withContext: true },
    ]);
    return { slot: result.context.slot, accounts: result.value };
  }

  async getMultipleAccounts(keys: string[]): Promise<{ slot: number; accounts: (RpcAccount | null)[] }> {
    const result = await this.call<{ context: { slot: number }; value: (RpcAccount | null)[] }>("getMultipleAccounts", [
      keys,
      { encoding: "base64", commitment: this.commitment },
    ]);
    return { slot: result.context.slot, accounts: result.value };
  }

  /** Signatures mentioning `address` newer than `until`, oldest first (pages through them all). */
  async signaturesSince(address: string, until: string | undefined): Promise<SignatureInfo[]> {
    const all: SignatureInfo[] = [];
    let before: string | undefined;
    for (;;) {
      const config: Record<string, unknown> = { limit: 1000, commitment: this.ledgerCommitment };
      if (until !== undefined) config.until = until;
      if (before !== undefined) config.before = before;
      const page = await this.call<SignatureInfo[]>("getSignaturesForAddress", [address, config]);
      all.push(...page);
      if (page.length < 1000) break;
      before = page[page.length - 1]!.signature;
    }
    return all.reverse();
  }

  getTransaction(signature: string): Promise<RpcTransaction | null> {
    return this.call<RpcTransaction | null>("getTransaction", [
      signature,
      { encoding: "json", commitment: this.ledgerCommitment, maxSupportedTransactionVersion: 0 },
    ]);
  }
}

/** Static keys, then loaded addresses: the order instruction account indexes refer to. */
export function transactionKeys(tx: RpcTransaction): string[] {
  const loaded = tx.meta?.loadedAddresses;
  return [...tx.transaction.message.accountKeys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])];
}
