import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';
import { isCI } from '../support/fixtures.ts';

/**
 * `describe` for a comparison against a reference tool on this machine. `missing()` returns why
 * the tool is unavailable, or null. Without the tool the suite is skipped with that reason on a
 * user's machine, and fails under CI=true.
 */
export function describeWithReference(
  name: string,
  missing: () => string | null,
  body: () => void,
  /** `installable: false` for a reference no reachable registry ships: skipped even under CI. */
  options: { installable: boolean } = { installable: true },
): void {
  const reason = missing();
  if (reason === null) {
    describe(name, body);
    return;
  }
  if (isCI() && options.installable) {
    describe(name, () => {
      it('has its reference tool', () => {
        throw new Error(`${name}: ${reason} (required under CI=true)`);
      });
    });
    return;
  }
  describe.skip(name, () => {
    it(`skipped: ${reason}`, () => undefined);
  });
}

/** Null when `command args…` exits 0, else a one-line reason. */
export function probe(command: string, args: string[], input = ''): string | null {
  const r = spawnSync(command, args, { input, encoding: 'utf8' });
  if (r.error !== undefined) return `${command} not found`;
  return r.status === 0 ? null : `${command} ${args.join(' ')} failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
}

/**
 * Runs the reference once over all pairs (`a<TAB>b` per line on stdin) and returns its answer
 * line per pair.
 */
export function batch(command: string, args: string[], pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const input = pairs.map(([a, b]) => `${a}\t${b}\n`).join('');
  const r = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
  const out = r.stdout.split('\n');
  out.pop();
  if (out.length !== pairs.length) throw new Error(`${command}: ${out.length} answers for ${pairs.length} pairs`);
  return out;
}

/** mulberry32: a small seeded generator, so every run compares the same pairs. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random version strings built from `pieces`, and pairs of them: half random, half a version
 * against a mutation of itself (a piece changed, added or dropped), so near-equal pairs are common.
 */
export function versionPairs(
  seed: number,
  count: number,
  pieces: readonly string[],
  first: readonly string[] = ['0', '1', '2', '10'],
): Array<[string, string]> {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const make = (): string[] => {
    const parts = [pick(first)];
    const n = 1 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) parts.push(pick(pieces));
    return parts;
  };
  const pairs: Array<[string, string]> = [];
  while (pairs.length < count) {
    const a = make();
    let b: string[];
    if (rnd() < 0.5) b = make();
    else {
      b = [...a];
      const at = 1 + Math.floor(rnd() * a.length);
      const op = rnd();
      if (op < 0.4) b.splice(at, 1, pick(pieces));
      else if (op < 0.7) b.splice(at, 0, pick(pieces));
      else b.splice(at, 1);
    }
    pairs.push([a.join(''), b.join('')]);
  }
  return pairs;
}

export const SIGN = (n: number): string => String(Math.sign(n) || 0);
