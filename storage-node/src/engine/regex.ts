/**
 * `$regex` (query), `$regexMatch`, `$regexFind` and `$regexFindAll` (expressions) through the
 * native linear-time engine
 * (native/src/pattern.rs, Rust's `regex` crate) instead of JavaScript's backtracking one, which
 * held the node for minutes on `^(a+)+$` against 32 `a`s and a `!`. Patterns that need
 * backtracking (backreferences, lookaround) are refused with 400.
 *
 * mingo's own `Query` / `aggregate` merge a caller's context *under* their defaults (existing
 * operators win in `Context.from`), so the base classes are used with a full context whose
 * regex operators are these: `linearQuery` and `linearAggregate` are the node's only entries.
 */
import { Context, type Aggregator, type Query } from 'mingo';
import { loadNative } from '../native';
import { badRequest } from './errors';
import { BOUNDED_ACCUMULATOR_OPERATORS, BOUNDED_EXPRESSION_OPERATORS, BOUNDED_PIPELINE_OPERATORS, BOUNDED_WINDOW_OPERATORS } from './bounded-operators';

function linearTest(source: string, flags: string, subject: string): boolean {
  try {
    return loadNative().regexTest(source, flags, subject);
  } catch (e) {
    throw refused(source, flags, e);
  }
}

function refused(source: string, flags: string, e: unknown): Error {
  return badRequest(`regular expression /${source}/${flags} is not supported: ${(e as Error).message}`, 'regex');
}

/** MongoDB's shape: `{ match, idx, captures }`, a group that took no part captured as null. */
function linearFind(source: string, flags: string, subject: string, all: boolean): { match: string; idx: number; captures: (string | null)[] }[] {
  let found;
  try {
    found = loadNative().regexFind(source, flags, subject, all);
  } catch (e) {
    throw refused(source, flags, e);
  }
  return found.map((m) => ({ match: m.match, idx: m.idx, captures: m.captures.map((c) => c ?? null) }));
}

function sourceAndFlags(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  if (typeof value === 'string') return [value, ''];
  throw badRequest('$regex needs a string pattern', 'regex');
}

/** mingo's options (the second argument of `new Query`). */
type Options = NonNullable<ConstructorParameters<typeof Query>[1]>;
type QueryOp = (selector: string, value: unknown, options: Options) => (obj: unknown) => boolean;
type ExpressionOp = (obj: unknown, expr: unknown, options: Options) => unknown;

// Subpath exports whose types `moduleResolution: node` cannot see; their shapes are above.
/* eslint-disable @typescript-eslint/no-require-imports */
const { evalExpr } = require('mingo/core') as { evalExpr: ExpressionOp };
const queryOps = require('mingo/operators/query') as Record<string, unknown> & { $regex: QueryOp };
const mingoRegexQuery = queryOps.$regex;
const BaseQuery = (require('mingo/query') as { Query: typeof Query }).Query;
const BaseAggregator = (require('mingo/aggregator') as { Aggregator: typeof Aggregator }).Aggregator;

/** mingo's `$regex` with a stand-in whose `exec` asks the linear-time engine. */
const $regex: QueryOp = (selector, value, options) => {
  const [source, flags] = sourceAndFlags(value);
  linearTest(source, flags, ''); // refuse a bad pattern before any document is read
  const linear = { exec: (subject: string) => (linearTest(source, flags, subject) ? [subject] : null) };
  return mingoRegexQuery(selector, linear, options);
};

const $regexMatch: ExpressionOp = (obj, expr, options) => {
  const { input, regex, options: flags } = evalExpr(obj, expr, options) as { input?: unknown; regex?: unknown; options?: unknown };
  if (typeof input !== 'string') return false;
  const [source, own] = sourceAndFlags(regex);
  return linearTest(source, `${own}${typeof flags === 'string' ? flags : ''}`, input);
};

/** The arguments of `$regexFind(All)`: a string input (null or missing: no match), a pattern. */
function findArgs(obj: unknown, expr: unknown, options: Options, op: string): [string, string, string] | undefined {
  const { input, regex, options: flags } = evalExpr(obj, expr, options) as { input?: unknown; regex?: unknown; options?: unknown };
  if (input === null || input === undefined) return undefined;
  if (typeof input !== 'string') throw badRequest(`${op} needs 'input' to be a string`, 'regex');
  const [source, own] = sourceAndFlags(regex);
  return [source, `${own}${typeof flags === 'string' ? flags : ''}`, input];
}

const $regexFind: ExpressionOp = (obj, expr, options) => {
  const args = findArgs(obj, expr, options, '$regexFind');
  return args === undefined ? null : (linearFind(...args, false)[0] ?? null);
};

const $regexFindAll: ExpressionOp = (obj, expr, options) => {
  const args = findArgs(obj, expr, options, '$regexFindAll');
  return args === undefined ? [] : linearFind(...args, true);
};

const OPTIONS: Options = {
  context: Context.init({
    // Size-bounded, budget-charging array and string builders, stages, accumulators and
    // window operators (bounded-operators.ts).
    accumulator: BOUNDED_ACCUMULATOR_OPERATORS,
    expression: { ...require('mingo/operators/expression'), ...BOUNDED_EXPRESSION_OPERATORS, $regexMatch, $regexFind, $regexFindAll },
    pipeline: BOUNDED_PIPELINE_OPERATORS,
    projection: require('mingo/operators/projection'),
    query: { ...queryOps, $regex },
    window: BOUNDED_WINDOW_OPERATORS,
  } as unknown as Parameters<typeof Context.init>[0]),
};

/** A mingo query whose regexes run in linear time. */
export function linearQuery(filter: Record<string, unknown>): Query {
  return new BaseQuery(filter, OPTIONS);
}

/** mingo's aggregate with linear-time regexes. */
export function linearAggregate(docs: Record<string, unknown>[], pipeline: Record<string, unknown>[]): unknown[] {
  return new BaseAggregator(pipeline, OPTIONS).run(docs);
}
