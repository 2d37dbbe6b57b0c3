/**
 * The newest usage receipt of each developer channel, kept durably until it is settled
 * (`<data dir>/receipts.json`, written whole and renamed). Receipts arrive over
 * `POST /v1/receipts` (the paid-access client will send them as it co-signs); each is checked
 * as `settle_usage` will check it, so only a receipt the program would take is kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { paymentsPda, verifyReceipt, type SignedReceipt } from '@synq/sdk';
import { EngineError } from '../engine/errors';

interface StoredReceipt {
  creditAccount: string;
  signer: string;
  cumulativeCredits: string;
  nonce: string;
  signature: string;
  /** Set when settling it failed for good (e.g. the deposit cannot pay it): not retried. */
  failed?: string;
}

const U64_MAX = (1n << 64n) - 1n;

function u64(value: unknown, field: string): bigint {
  if (typeof value !== 'string' && typeof value !== 'number') throw new EngineError('bad_request', `${field} must be an unsigned integer (a string for large values)`, field);
  const text = String(value);
  if (!/^\d{1,20}$/.test(text) || BigInt(text) > U64_MAX) throw new EngineError('bad_request', `${field} must be an unsigned 64-bit integer`, field);
  return BigInt(text);
}

function key(value: unknown, field: string): PublicKey {
  try {
    if (typeof value !== 'string') throw new Error();
    return new PublicKey(value);
  } catch {
    throw new EngineError('bad_request', `${field} must be a base58 public key`, field);
  }
}

export class ReceiptBook {
  private readonly file: string;
  private readonly byChannel = new Map<string, StoredReceipt>();

  constructor(dataDir: string, private readonly expect: { node: PublicKey; mint: PublicKey }) {
    this.file = path.join(dataDir, 'receipts.json');
    if (fs.existsSync(this.file)) {
      for (const r of JSON.parse(fs.readFileSync(this.file, 'utf8')) as StoredReceipt[]) this.byChannel.set(r.creditAccount, r);
    }
  }

  /** A receipt sent as JSON, checked as `settle_usage` checks it (400 naming the field otherwise). */
  check(body: Record<string, unknown>): SignedReceipt {
    const receipt: SignedReceipt = {
      mint: key(body.mint ?? this.expect.mint.toBase58(), 'mint'),
      node: key(body.node ?? this.expect.node.toBase58(), 'node'),
      creditAccount: key(body.creditAccount, 'creditAccount'),
      signer: key(body.signer, 'signer'),
      cumulativeCredits: u64(body.cumulativeCredits, 'cumulativeCredits'),
      nonce: u64(body.nonce, 'nonce'),
      signature: typeof body.signature === 'string' ? Buffer.from(body.signature, 'base64') : Buffer.alloc(0),
    };
    if (!receipt.mint.equals(this.expect.mint)) throw new EngineError('bad_request', "the receipt is for another network's mint", 'mint');
    if (!receipt.node.equals(this.expect.node)) throw new EngineError('bad_request', 'the receipt is for another node', 'node');
    if (!receipt.creditAccount.equals(paymentsPda.creditAccount(receipt.signer))) throw new EngineError('bad_request', "the credit account is not the signer's", 'creditAccount');
    if (receipt.signature.length !== 64 || !verifyReceipt(receipt)) throw new EngineError('bad_request', 'the signature is not the signer\'s over this receipt', 'signature');
    return receipt;
  }

  /** Keeps a checked receipt when it is newer than the one held. */
  keep(receipt: SignedReceipt): { accepted: boolean; reason?: string } {
    const held = this.byChannel.get(receipt.creditAccount.toBase58());
    if (held !== undefined && (BigInt(held.nonce) >= receipt.nonce || BigInt(held.cumulativeCredits) > receipt.cumulativeCredits)) {
      return { accepted: false, reason: `a receipt with nonce ${held.nonce} for ${held.cumulativeCredits} credits is already held` };
    }
    this.byChannel.set(receipt.creditAccount.toBase58(), {
      creditAccount: receipt.creditAccount.toBase58(),
      signer: receipt.signer.toBase58(),
      cumulativeCredits: receipt.cumulativeCredits.toString(),
      nonce: receipt.nonce.toString(),
      signature: Buffer.from(receipt.signature).toString('base64'),
    });
    this.save();
    return { accepted: true };
  }

  /** The receipt held for a credit account (settled ones are no longer held). */
  held(creditAccount: string): { cumulativeCredits: bigint; nonce: bigint } | undefined {
    const r = this.byChannel.get(creditAccount);
    return r === undefined ? undefined : { cumulativeCredits: BigInt(r.cumulativeCredits), nonce: BigInt(r.nonce) };
  }

  /** Held receipts not given up on. */
  pending(): SignedReceipt[] {
    return [...this.byChannel.values()]
      .filter((r) => r.failed === undefined)
      .map((r) => ({
        mint: this.expect.mint,
        node: this.expect.node,
        creditAccount: new PublicKey(r.creditAccount),
        signer: new PublicKey(r.signer),
        cumulativeCredits: BigInt(r.cumulativeCredits),
        nonce: BigInt(r.nonce),
        signature: Buffer.from(r.signature, 'base64'),
      }));
  }

  /** Settled on chain (or already superseded there): no longer held. */
  settled(receipt: SignedReceipt): void {
    const held = this.byChannel.get(receipt.creditAccount.toBase58());
    if (held !== undefined && BigInt(held.nonce) <= receipt.nonce) this.byChannel.delete(receipt.creditAccount.toBase58());
    this.save();
  }

  failed(receipt: SignedReceipt, reason: string): void {
    const held = this.byChannel.get(receipt.creditAccount.toBase58());
    if (held !== undefined && BigInt(held.nonce) === receipt.nonce) held.failed = reason;
    this.save();
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, JSON.stringify([...this.byChannel.values()]));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
  }
}
