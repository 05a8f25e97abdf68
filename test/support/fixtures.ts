import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/fixtures` beside the repository (overridable with KANSHI_FIXTURES). */
export function fixturesDir(): string {
  return process.env.KANSHI_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');
}

const fixturesPresent = (): boolean => existsSync(fixturesDir());

export const isCI = (): boolean => process.env.CI === 'true';

/**
 * `describe` for conformance suites over the shared real-world fixtures. Without them the suite
 * is skipped with a one-line reason on a user's machine, and fails under CI=true.
 */
export function describeWithFixtures(name: string, body: (dir: string) => void): void {
  if (fixturesPresent()) {
    describe(name, () => body(fixturesDir()));
    return;
  }
  if (isCI()) {
    describe(name, () => {
      throw new Error(`needs ${fixturesDir()} (the shared fixtures), which is missing under CI=true`);
    });
    return;
  }
  // The body is not run: it may list fixture files while collecting tests.
  describe.skip(name, () => {
    it(`skipped: needs ${fixturesDir()}`, () => undefined);
  });
}
