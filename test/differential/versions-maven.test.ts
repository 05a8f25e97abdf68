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

const PIECES = ['.', '.', '-', '-', '0', '1', '2', '10', '00', 'a', 'b', 'm', 'alpha', 'beta', 'rc', 'cr', 'snapshot', 'ga', 'final', 'release', 'sp', 'x', 'RC'];
const pairs = versionPairs(0x3a7e, 6000, PIECES);

function reference(jar: string): string[] {
  return batch('java', ['-cp', jar, COMPARE], pairs);
}

const missingJava = (jar: string) => (): string | null =>
  existsSync(jar) ? probe('java', ['-version']) : `${jar} is missing`;

/**
 * Where Maven 3.8 orders otherwise than 3.9, named by the rule 3.9 added. A 3.8 disagreement
 * must match one of these; the count of each is reported by the test name's assertion.
 */
const MAVEN_38_DIFFERENCES: Record<string, (v: string) => boolean> = {
  // MNG-7644: 3.9 reads `.X` as `-X` for a qualifier X, 3.8 keeps it at the number level.
  'MNG-7644 .qualifier': (v) => /\.[a-z]/i.test(v),
  // MNG-6964: 3.9 compares a whole sub-list with "nothing", 3.8 only its first item (`1-0-rc`).
  'MNG-6964 list vs nothing': (v) => /-(0|00|ga|final|release|)([.-]|$)/i.test(v),
};

describeWithReference('Maven order vs maven-artifact 3.9', missingJava(JAR_39), () => {
  it('agrees on 6000 seeded pairs', () => {
    const ref = reference(JAR_39);
    const diffs = pairs.filter(([a, b], i) => SIGN(mavenScheme.compare(a, b)) !== ref[i]).map(([a, b]) => `${a} ${b}`);
    expect(diffs).toEqual([]);
  });
}, { installable: false });

describeWithReference("Maven order vs Debian's maven-artifact 3.8", missingJava(DEBIAN_JAR), () => {
  it('agrees on 6000 seeded pairs except for the named 3.9 rules', () => {
    const ref = reference(DEBIAN_JAR);
    const unexplained: string[] = [];
    for (const [i, [a, b]] of pairs.entries()) {
      if (SIGN(mavenScheme.compare(a, b)) === ref[i]) continue;
      const rule = Object.values(MAVEN_38_DIFFERENCES).some((applies) => applies(a) || applies(b));
      if (!rule) unexplained.push(`${a} ${b}: 3.8 says ${ref[i]}`);
    }
    expect(unexplained).toEqual([]);
  });
});
