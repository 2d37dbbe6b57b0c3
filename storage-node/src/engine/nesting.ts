import { badRequest } from './errors';

/**
 * How deep a request's values may nest: filters, pipelines, documents, updates and vector
 * metadata (MongoDB's document limit is 100 levels too). The walks over them (matching,
 * packing, cloning, JSON) recurse, so a deeper value would end one in a stack overflow.
 */
export const MAX_DEPTH = 100;

/** Throws a 400 naming `field` when `value` nests deeper than `max` levels; walks without recursion. */
export function checkNesting(value: unknown, field: string, max = MAX_DEPTH): void {
  if (value === null || typeof value !== 'object') return;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > max) throw badRequest(`${field} is nested more than ${max} levels deep`, field);
    for (const inner of Array.isArray(v) ? v : Object.values(v)) if (inner !== null && typeof inner === 'object') stack.push([inner as object, depth + 1]);
  }
}
