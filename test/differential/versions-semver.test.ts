import semver from 'semver';
import { expect, it } from 'vitest';
import { semverScheme } from '../../src/ids/versions/semver.scheme.ts';
import { SIGN, describeWithReference, versionPairs } from './reference.ts';

describeWithReference(
  'semver order vs npm semver',
  () => null,
  () => {
    it('agrees with semver.compare on 16000 seeded pairs both accept, and on strictness', () => {
      const pieces = ['-alpha', '-beta.1', '-rc.2', '.0', '.1', '.10', '.x', '-0', '-01', '+b.1', '+exp', '-x-y', '.'];
      const pairs = versionPairs(0x5e3, 16000, pieces, ['1.2.3', '0.0.0', '1.0.0', '1.0.0', '10.20.3', 'v1.2.3', '1.2']);
      const diffs: string[] = [];
      let compared = 0;
      for (const [a, b] of pairs) {
        for (const v of [a, b]) {
          const c = semverScheme.check(v);
          const strict = c.ok && c.canonical;
          if (strict !== (semver.valid(v) !== null)) diffs.push(`${v}: strict ${strict}, semver.valid ${semver.valid(v)}`);
        }
        if (semver.valid(a) === null || semver.valid(b) === null) continue;
        compared++;
        if (SIGN(semverScheme.compare(a, b)) !== SIGN(semver.compare(a, b))) diffs.push(`${a} ${b}`);
      }
      expect([...new Set(diffs)]).toEqual([]);
      expect(compared).toBeGreaterThan(2000);
    });
  },
);
