/**
 * The one retry policy: exponential backoff with jitter for failures that a later attempt can
 * fix (the cluster unreachable or overloaded, a blockhash that expired before the transaction
 * landed). A program's refusal is final and is never retried.
 */
import { AnchorError, ProgramError } from "@coral-xyz/anchor";
import { SendTransactionError, TransactionExpiredBlockheightExceededError } from "@solana/web3.js";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 };

const TRANSIENT = /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up|network|timed? ?out|Blockhash not found|block height exceeded|429|502|503|504/i;

/** Whether a later attempt may succeed where this one failed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof AnchorError || err instanceof ProgramError) return false;
  if (err instanceof TransactionExpiredBlockheightExceededError) return true;
  // A transaction the cluster ran and refused carries the program's logs.
  if (err instanceof SendTransactionError && (err.logs?.length ?? 0) > 0) return false;
  const message = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return TRANSIENT.test(message);
}

/** Delay before attempt `attempt` (1 = the first retry): exponential, capped, with full jitter. */
export function backoffMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Runs `fn` until it succeeds, fails for good, or the attempts run out. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: Partial<RetryPolicy> & { onRetry?: (err: unknown, attempt: number, delayMs: number) => void } = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err)) throw err;
      const delay = backoffMs(attempt, policy);
      options.onRetry?.(err, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
