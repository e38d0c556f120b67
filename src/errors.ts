/**
 * Errors a person or a caller can act on carry a stable `code` (for branching and docs) and a
 * human message that says what was wrong and where. Bugs stay plain `Error`s.
 */
export class HandoffError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

export function isHandoffError(e: unknown): e is HandoffError {
  return e instanceof HandoffError;
}
