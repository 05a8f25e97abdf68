import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema/index.ts';
import { tokenExpiry } from './token-expiry.ts';

const DAY = 86_400_000;
const policy = { defaultTtlMs: 90 * DAY, maxTtlMs: 365 * DAY };
const now = new Date('2026-01-01T00:00:00Z');

describe('tokenExpiry', () => {
  it.each<[Role, number | undefined, string | null]>([
    ['uploader', undefined, '2026-04-01T00:00:00.000Z'], // the default, 90 days
    ['member', 7 * DAY, '2026-01-08T00:00:00.000Z'],
    ['psirt', 365 * DAY, '2027-01-01T00:00:00.000Z'], // exactly the maximum
    ['admin', undefined, null], // admin tokens live until revoked unless asked otherwise
    ['admin', DAY, '2026-01-02T00:00:00.000Z'],
  ])('%s asking %s ms expires at %s', (role, requested, expected) => {
    expect(tokenExpiry(role, requested, policy, now)?.toISOString() ?? null).toBe(expected);
  });

  it.each([366 * DAY, 0, -1])('refuses a lifetime of %s ms', (requested) => {
    expect(() => tokenExpiry('uploader', requested, policy, now)).toThrow(/tokens.maxTtl/);
  });

  it('keeps the default within a smaller maximum', () => {
    expect(tokenExpiry('uploader', undefined, { defaultTtlMs: 90 * DAY, maxTtlMs: DAY }, now)?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});
