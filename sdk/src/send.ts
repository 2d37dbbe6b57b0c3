/**
 * The one transaction sender: build, sign, send (with preflight), confirm by blockhash expiry,
 * and turn failures into errors that carry the logs.
 */
import { AnchorError, type AnchorProvider } from "@coral-xyz/anchor";

import { withRetry, type RetryPolicy } from "./retry";
import {
  SendTransactionError,
  Transaction,
  type Commitment,
  type Signer,
  type TransactionInstruction,
  type TransactionSignature,
} from "@solana/web3.js";

/** Something that yields an instruction: an instruction, or an Anchor methods builder. */
export type Sendable = TransactionInstruction | { instruction(): Promise<TransactionInstruction> };

export interface SendOptions {
  /** Extra signers besides the provider's wallet (which pays unless `feePayer` is given). */
  signers?: readonly Signer[];
  /** Fee payer; must be the wallet or one of `signers`. Default: the wallet. */
  feePayer?: Signer;
  /** Commitment to confirm at. Default: the provider's. */
  commitment?: Commitment;
  skipPreflight?: boolean;
  /**
   * Retry transient failures (`retry.ts`), each attempt with a fresh blockhash. Off by default:
   * a caller that retries must tolerate an earlier attempt having landed after all.
   */
  retry?: Partial<RetryPolicy> & { onRetry?: (err: unknown, attempt: number, delayMs: number) => void };
}

async function toInstruction(item: Sendable): Promise<TransactionInstruction> {
  return "instruction" in item && typeof item.instruction === "function"
    ? item.instruction()
    : (item as TransactionInstruction);
}

/** AnchorError when the logs hold one, otherwise the given error (which carries the logs). */
function surface(err: unknown, logs: readonly string[] | undefined): unknown {
  if (logs !== undefined) {
    const anchorError = AnchorError.parse([...logs]);
    if (anchorError !== null) return anchorError;
  }
  return err;
}

/** How long confirming may go on without one answer from the RPC before it gives up. */
export const CONFIRM_UNREACHABLE_MS = 15_000;
const CONFIRM_PROBE_MS = 2_000;

/**
 * web3.js confirms by racing a signature subscription against block-height polls, and takes a
 * failed poll for "not expired yet": with the RPC (and its PubSub) unreachable it waits
 * forever. A probe of the block height every 2 s gives up after CONFIRM_UNREACHABLE_MS without
 * an answer (a transient error: the transaction may still land, as with any retried send).
 */
async function confirmWhileReachable(
  connection: AnchorProvider["connection"],
  strategy: { signature: TransactionSignature; blockhash: string; lastValidBlockHeight: number },
  commitment: Commitment,
): ReturnType<AnchorProvider["connection"]["confirmTransaction"]> {
  const abort = new AbortController();
  let lastAnswer = Date.now();
  const probe = setInterval(() => {
    connection.getBlockHeight(commitment).then(
      () => (lastAnswer = Date.now()),
      () => {
        if (Date.now() - lastAnswer >= CONFIRM_UNREACHABLE_MS) {
          abort.abort(new Error(`confirmation timed out: the RPC did not answer for ${CONFIRM_UNREACHABLE_MS / 1000} s while confirming ${strategy.signature} (it may still land)`));
        }
      },
    );
  }, CONFIRM_PROBE_MS);
  try {
    return await connection.confirmTransaction({ ...strategy, abortSignal: abort.signal }, commitment);
  } finally {
    clearInterval(probe);
  }
}

export async function sendTransaction(
  provider: AnchorProvider,
  items: Sendable | readonly Sendable[],
  options: SendOptions = {},
): Promise<TransactionSignature> {
  return options.retry === undefined ? sendOnce(provider, items, options) : withRetry(() => sendOnce(provider, items, options), options.retry);
}

async function sendOnce(provider: AnchorProvider, items: Sendable | readonly Sendable[], options: SendOptions): Promise<TransactionSignature> {
  const { connection, wallet } = provider;
  const commitment = options.commitment ?? provider.opts.commitment ?? "confirmed";
  const list: readonly Sendable[] = Array.isArray(items) ? items : [items as Sendable];
  const instructions = await Promise.all(list.map(toInstruction));

  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(commitment);
  const feePayer = options.feePayer?.publicKey ?? wallet.publicKey;
  const tx = new Transaction({ feePayer, blockhash, lastValidBlockHeight }).add(...instructions);
  const signers = [...(options.signers ?? []), ...(options.feePayer ? [options.feePayer] : [])];
  if (signers.length > 0) tx.partialSign(...signers);
  const needsWallet =
    feePayer.equals(wallet.publicKey) ||
    instructions.some((ix) => ix.keys.some((k) => k.isSigner && k.pubkey.equals(wallet.publicKey)));
  const signed = needsWallet ? await wallet.signTransaction(tx) : tx;

  let signature: TransactionSignature;
  try {
    signature = await connection.sendRawTransaction(signed.serialize(), {
      skipPreflight: options.skipPreflight ?? false,
      preflightCommitment: commitment,
    });
  } catch (err) {
    throw surface(err, err instanceof SendTransactionError ? err.logs : undefined);
  }

  const { value } = await confirmWhileReachable(connection, { signature, blockhash, lastValidBlockHeight }, commitment);
  if (value.err !== null) {
    const landed = await connection.getTransaction(signature, {
      // getTransaction knows only confirmed and finalized.
      commitment: commitment === "finalized" ? "finalized" : "confirmed",
      maxSupportedTransactionVersion: 0,
    });
    const logs = landed?.meta?.logMessages ?? undefined;
    const failure = new SendTransactionError({
      action: "send",
      signature,
      transactionMessage: `Transaction ${signature} failed: ${JSON.stringify(value.err)}`,
      logs: logs ?? undefined,
    });
    throw surface(failure, logs);
  }
  return signature;
}
