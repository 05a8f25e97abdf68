import { createHash, randomBytes } from 'node:crypto';

/** A new bearer token: 32 random bytes, recognisable by its prefix in secret scanners. */
export const generateToken = (): string => `kanshi_${randomBytes(32).toString('base64url')}`;

/**
 * Tokens are 256-bit random values, so a plain SHA-256 is enough to make a leaked table useless;
 * a slow password hash would only slow down every API call.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
