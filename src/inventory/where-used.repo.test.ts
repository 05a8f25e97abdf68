import { describe, expect, it } from 'vitest';
import { completeCpe23 } from './where-used.repo.ts';

describe('completeCpe23', () => {
  it.each([
    { q: 'cpe:2.3:a:openssl:openssl', full: 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*' },
    { q: 'cpe:2.3:a:openssl:openssl:3.0.7', full: 'cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*' },
    { q: 'cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*', full: 'cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*' },
    { q: 'cpe:2.3:a:vendor:prod\\:uct', full: 'cpe:2.3:a:vendor:prod\\:uct:*:*:*:*:*:*:*:*' },
    { q: 'cpe:/a:openssl:openssl', full: 'cpe:/a:openssl:openssl' },
  ])('$q → $full', ({ q, full }) => {
    expect(completeCpe23(q)).toBe(full);
  });
});
