/**
 * Expression operators whose work per document a caller controls (`$range: [0, 1e9]`, a
 * `$reduce` that doubles an array or a string at each step) built gigabytes inside one
 * document's evaluation, where no scan loop could stop them. These wrap mingo's: they refuse
 * a result over a size limit before or as it is built, and spend the request's work budget
 * (budget.ts) per element, so the deadline also reaches into expressions.
 */
import { badRequest } from './errors';
import { spend } from './budget';

/** Elements of one array an expression may build ($range, $concatArrays, $map, ...). */
export const MAX_ARRAY_ELEMENTS = 1_000_000;
/** Characters of one string an expression may build ($concat, ...). */
export const MAX_STRING_CHARS = 16 * 1024 * 1024;

type Options = unknown;
type ExpressionOp = (obj: unknown, expr: unknown, options: Options) => unknown;

/* eslint-disable @typescript-eslint/no-require-imports */
const { evalExpr } = require('mingo/core') as { evalExpr: ExpressionOp };
const base = require('mingo/operators/expression') as Record<string, ExpressionOp>;

function tooLarge(op: string, what: string, limit: number): Error {
  return badRequest(`${op} would build ${what} over the node's limit of ${limit} per expression`, op);
}

/** Checks and charges a result mingo built. */
function charged(op: string, result: unknown): unknown {
  if (Array.isArray(result)) {
    if (result.length > MAX_ARRAY_ELEMENTS) throw tooLarge(op, 'an array', MAX_ARRAY_ELEMENTS);
    spend(result.length);
  } else if (typeof result === 'string') {
    if (result.length > MAX_STRING_CHARS) throw tooLarge(op, 'a string', MAX_STRING_CHARS);
    spend(result.length >>> 10);
  }
  return result;
}

/** `$range`, sized before a single element is built. */
const $range: ExpressionOp = (obj, expr, options) => {
  if (Array.isArray(expr) && expr.length > 1 && expr.length < 4) {
    const [start, end, step = 1] = evalExpr(obj, expr, options) as unknown[];
    if (typeof start === 'number' && typeof end === 'number' && typeof step === 'number' && step !== 0) {
      const count = Math.ceil((end - start) / step);
      if (count > MAX_ARRAY_ELEMENTS) throw tooLarge('$range', 'an array', MAX_ARRAY_ELEMENTS);
      spend(Math.max(0, count));
    }
    return base.$range(obj, [start, end, step], options);
  }
  return base.$range(obj, expr, options);
};

/** Wraps an operator whose result is checked and charged once built. */
function bounded(op: string): ExpressionOp {
  const inner = base[op];
  return (obj, expr, options) => charged(op, inner(obj, expr, options));
}

/** The operators that replace mingo's in the node's context. */
export const BOUNDED_EXPRESSION_OPERATORS: Record<string, ExpressionOp> = {
  $range,
  ...Object.fromEntries(
    ['$concatArrays', '$map', '$filter', '$reduce', '$concat', '$zip', '$setUnion', '$objectToArray', '$split', '$replaceAll', '$reverseArray', '$slice', '$firstN', '$lastN', '$maxN', '$minN', '$sortArray']
      .filter((op) => typeof base[op] === 'function')
      .map((op) => [op, bounded(op)]),
  ),
};
