/** JSON Schema validation (ajv) with errors that name the offending field. */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { badRequest, EngineError } from './errors';

const ajv = new Ajv({ allErrors: false, strict: false });

/** Dotted field name for an ajv error ("address.zip", "tags[2]" shown as "tags.2"). */
export function fieldOf(e: ErrorObject): string {
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
  const extra =
    e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty
    : e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty
    : '';
  return [base, extra].filter(Boolean).join('.') || '(root)';
}

export function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not allowed';
  return e.message ?? 'is invalid';
}

export function compileSchema(schema: unknown): ValidateFunction {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw badRequest('schema must be a JSON Schema object', 'schema');
  try {
    return ajv.compile(schema as object);
  } catch (e) {
    throw badRequest(`invalid JSON Schema: ${(e as Error).message}`, 'schema');
  }
}

/** Throws a validation error naming the first failing field. */
export function enforce(validate: ValidateFunction, doc: unknown, what = 'document'): void {
  if (validate(doc)) return;
  const e = validate.errors![0];
  const field = fieldOf(e);
  throw new EngineError('validation_failed', `${what} failed schema validation: field "${field}" ${describe(e)}`, field);
}
