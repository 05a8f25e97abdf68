import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { mavenScheme } from '../../src/ids/versions/maven.scheme.ts';
import { SIGN, batch, describeWithReference, probe, versionPairs } from './reference.ts';

const COMPARE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'references/MavenCompare.java');
/** Debian's `maven` package (3.8). */
const DEBIAN_JAR = '/usr/share/maven/lib/maven-artifact-3.x.jar';
/**
 * maven-artifact 3.9.x from the local Maven repository, when a build has fetched it. Neither npm
 * nor Debian ships it, so CI cannot install it: this comparison runs where it is present, and
 * the Debian 3.8 one below (with the 3.9 rule changes named) always runs under CI.
 */
const JAR_39 = path.join(homedir(), '.m2/repository/org/apache/maven/maven-artifact/3.9.6/maven-artifact-3.9.6.jar');

const PIECES = [
  '.',
  '.',
  '-',
  '-',
  '0',
  '1',
  '2',
  '10',
  '00',
  'a',
  'b',
  'm',
  'alpha',
  'beta',
  'rc',
  'cr',
  'snapshot',
  'ga',
  'final',
  'release',
  'sp',
  'x',
  'RC',
];
/** Pairs aimed at the two rules Maven 3.9 changed (MNG-7644, MNG-6964), beside the seeded ones. */
const RULE_PAIRS: Array<[string, string]> = [
  ['1.0.0.RC1', '1.0.0-RC2'],
  ['1.0.0.RC1', '1.0.1'],
  ['1.0.x', '1.0-x'],
  ['1.a1', '1-a1'],
  ['1-0-rc', '1'],
  ['1-0-rc', '1-0'],
  ['1-ga-1', '1-1'],
  ['1-1.rc', '1-1'],
  ['1.0-0.alpha', '1.0'],
];
const pairs = [...versionPairs(0x3a7e, 6000, PIECES), ...RULE_PAIRS];

function reference(jar: string): string[] {
  return batch('java', ['-cp', jar, COMPARE], pairs);
}

const missingJava = (jar: string) => (): string | null => (existsSync(jar) ? probe('java', ['-version']) : `${jar} is missing`);

/** One pair on which Debian's maven-artifact orders otherwise than Kanshi, and why. */
interface KnownDifference {
  a: string;
  b: string;
  /** What maven-artifact 3.8 answers: `-1`, `0` or `1`. */
  maven38: string;
  why: string;
}

/**
 * Every pair of the comparison on which Debian's maven-artifact (3.8.7) disagrees, by name: a
 * new disagreement fails the test, and so does an entry that no longer disagrees. Empty today:
 * Debian's 3.8.7 already reads `.X` as `-X` (MNG-7644) and compares a sub-list with "nothing"
 * item by item (MNG-6964) on every pair here, RULE_PAIRS included.
 */
const MAVEN_38_DIFFERENCES: readonly KnownDifference[] = [];

describeWithReference(
  'Maven order vs maven-artifact 3.9',
  missingJava(JAR_39),
  () => {
    it('agrees on 6000 seeded pairs and the rule pairs', () => {
      const ref = reference(JAR_39);
      const diffs = pairs.filter(([a, b], i) => SIGN(mavenScheme.compare(a, b)) !== ref[i]).map(([a, b]) => `${a} ${b}`);
      expect(diffs).toEqual([]);
    });
  },
  { installable: false },
);

describeWithReference("Maven order vs Debian's maven-artifact 3.8", missingJava(DEBIAN_JAR), () => {
  it('agrees on 6000 seeded pairs and the rule pairs, except for the pairs named as known differences', () => {
    const ref = reference(DEBIAN_JAR);
    const differences = pairs.flatMap(([a, b], i) => (SIGN(mavenScheme.compare(a, b)) === ref[i] ? [] : [{ a, b, maven38: ref[i] }]));
    expect(differences).toEqual(MAVEN_38_DIFFERENCES.map(({ a, b, maven38 }) => ({ a, b, maven38 })));
  });
});
