/** An error caused by the caller's input; servers map it to a 4xx / Redis error reply. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The offending field (JSON path-ish), when one field is to blame. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function badRequest(message: string, field?: string): EngineError {
  return new EngineError('bad_request', message, field);
}

export function notFound(message: string): EngineError {
  return new EngineError('not_found', message);
}

export function conflict(message: string, field?: string): EngineError {
  return new EngineError('conflict', message, field);
}
