import { AppError } from '../core/errors.ts';
import type { Role } from '../db/index.ts';

/** How long tokens live (kanshi.yaml `tokens`). */
export interface TokenLifetimePolicy {
  /** Lifetime of a non-admin token created without one. */
  defaultTtlMs: number;
  /** Longest lifetime any token may be given. */
  maxTtlMs: number;
}

/**
 * When a new token expires: the lifetime asked for, else the default for every role but admin
 * (an admin token without one lives until revoked, like the bootstrap token); never past the maximum.
 */
export function tokenExpiry(role: Role, requestedMs: number | undefined, policy: TokenLifetimePolicy, now: Date): Date | null {
  if (requestedMs !== undefined && (requestedMs <= 0 || requestedMs > policy.maxTtlMs)) {
    throw new AppError('INVALID_EXPIRY', `a token lives at most ${policy.maxTtlMs / 1000} s (tokens.maxTtl)`, 400, [
      { path: 'expiresIn', message: 'longer than tokens.maxTtl' },
    ]);
  }
  const ttl = requestedMs ?? (role === 'admin' ? undefined : Math.min(policy.defaultTtlMs, policy.maxTtlMs));
  return ttl === undefined ? null : new Date(now.getTime() + ttl);
}
