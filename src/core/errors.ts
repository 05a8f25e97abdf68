/** One problem in an input, located by JSON pointer or `line N`. */
export interface ProblemDetail {
  path: string;
  message: string;
}

/**
 * An error the caller can act on. The HTTP layer maps `status` and `code` into
 * `{error: {code, message, details}}`; anything that is not an AppError is masked as a 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details: ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`, 404);
export const unauthorized = (message = 'missing or invalid bearer token'): AppError => new AppError('UNAUTHORIZED', message, 401);
