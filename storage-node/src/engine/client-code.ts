import { badRequest } from './errors';
import { MAX_DEPTH } from './nesting';

/**
 * Query operators that run code the client sends (mingo would evaluate `$function` and
 * `$accumulator` bodies, and `$where` takes a function): on a node shared by many tenants they
 * are refused, as MongoDB refuses them where server-side JavaScript is disabled.
 */
const CLIENT_CODE_OPERATORS = new Set(['$function', '$accumulator', '$where']);

/** Throws a 400 naming the operator when `value` (a filter or pipeline) contains one. */
export function rejectClientCode(value: unknown, field: string, depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) throw badRequest(`${field} is nested more than ${MAX_DEPTH} levels deep`, field);
  if (Array.isArray(value)) {
    for (const item of value) rejectClientCode(item, field, depth + 1);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (CLIENT_CODE_OPERATORS.has(key)) throw badRequest(`${key} is not supported: it runs client-supplied code on a shared node`, field);
    rejectClientCode(inner, field, depth + 1);
  }
}
