/**
 * Work budgets: one request (an HTTP query, a RESP command) runs under a deadline, and the
 * engine's loops over stored data (document and index scans, key scans, time-series chunks,
 * vector scans) spend a step per item. Past the deadline the next check throws: the request
 * gets an error naming the limit, a write transaction it was in aborts (nothing half-written),
 * and the event loop is free for everyone else. JavaScript runs one request at a time, so the
 * budget of the request running now is module state.
 */
import { performance } from 'node:perf_hooks';
import { EngineError } from './errors';

/** Steps between two looks at the clock (a clock read costs more than a step). */
const CHECK_EVERY = 256;

let deadline = Infinity;
let limitMs = 0;
let steps = 0;
let nextCheck = CHECK_EVERY;
/** The clock said the running request is past its deadline (pastDeadline); the next spend throws. */
let late = false;

export class OverBudgetError extends EngineError {
  constructor(ms: number, examined: number) {
    super('over_budget', `the request exceeded the node's work budget of ${ms} ms per request (after examining ${examined} items): add an index, narrow the filter or page with a limit (the operator sets the budget with --work-budget-ms)`);
  }
}

/** Runs `fn` under a budget of `ms` (0 = none). A nested call runs within the outer budget. */
export function withBudget<T>(ms: number, fn: () => T): T {
  if (deadline !== Infinity || ms <= 0) return fn();
  deadline = performance.now() + ms;
  limitMs = ms;
  steps = 0;
  nextCheck = CHECK_EVERY;
  late = false;
  try {
    return fn();
  } finally {
    deadline = Infinity;
  }
}

/** Counts `n` items of work; throws OverBudgetError once the running request is past its deadline. */
export function spend(n = 1): void {
  steps += n;
  if (steps < nextCheck && !late) return;
  nextCheck = steps + CHECK_EVERY;
  if (late || performance.now() > deadline) {
    late = false;
    const examined = steps;
    deadline = Infinity; // one error per request
    throw new OverBudgetError(limitMs, examined);
  }
}

/**
 * Counts `n` items of work without throwing: true once the running request is past its
 * deadline. For callbacks from native code that cannot take an exception (hnswlib's filter):
 * they steer the native work to finish at once, and the next `spend` throws.
 */
export function pastDeadline(n = 1): boolean {
  if (late) return true;
  steps += n;
  if (steps < nextCheck) return false;
  nextCheck = steps + CHECK_EVERY;
  late = performance.now() > deadline;
  return late;
}
