import { expect, it } from 'vitest';
import type { VersionScheme } from '../../src/ids/versions/version-scheme.ts';

/** `[a, op, b, where the row comes from]`, op one of `<`, `=`, `>`. */
export type OrderRow = readonly [a: string, op: '<' | '=' | '>', b: string, source: string];

/** One test per row, checked in both directions. */
export function itOrders(scheme: VersionScheme, rows: readonly OrderRow[]): void {
  it.each(rows)('%s %s %s (%s)', (a, op, b) => {
    const sign = { '<': -1, '=': 0, '>': 1 }[op];
    expect(Math.sign(scheme.compare(a, b))).toBe(sign);
    expect(Math.sign(scheme.compare(b, a))).toBe(-sign || 0);
  });
}

/** `[version, expected check: 'canonical' | 'lenient' | 'invalid']`. */
export type CheckRow = readonly [version: string, expected: 'canonical' | 'lenient' | 'invalid'];

export function itChecks(scheme: VersionScheme, rows: readonly CheckRow[]): void {
  it.each(rows)('check(%j) is %s', (version, expected) => {
    const c = scheme.check(version);
    expect(c.ok ? (c.canonical ? 'canonical' : 'lenient') : 'invalid').toBe(expected);
    if (!c.ok) expect(() => scheme.compare(version, version)).toThrow(/invalid/);
  });
}
