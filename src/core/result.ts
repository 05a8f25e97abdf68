/**
 * Typed results for expected failures at boundaries (parsers, validators). Bugs still throw.
 * `code` is a stable UPPER_SNAKE string (e.g. `INVALID_PURL`) that callers and the HTTP layer map;
 * `path` says where in the input the problem is (JSON pointer, `line N`, field name).
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly code: string; readonly message: string; readonly path?: string };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = (code: string, message: string, path?: string): Err =>
  path === undefined ? { ok: false, code, message } : { ok: false, code, message, path };
