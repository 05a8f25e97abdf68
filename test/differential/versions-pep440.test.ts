import { expect, it } from 'vitest';
import { pep440Scheme } from '../../src/ids/versions/pep440.scheme.ts';
import { SIGN, batch, describeWithReference, probe, versionPairs } from './reference.ts';

/** Debian's python3-packaging; a pyenv `python3` first on PATH may lack it. */
const PYTHON = '/usr/bin/python3';
/** Answers `x` when packaging rejects either side (packaging ≥ 22 has no LegacyVersion). */
const SCRIPT = `
import sys
from packaging.version import Version, InvalidVersion
out = []
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    try:
        x, y = Version(a), Version(b)
        out.append("-1" if x < y else "1" if x > y else "0")
    except InvalidVersion:
        out.append("x")
sys.stdout.write("\\n".join(out) + "\\n")
`;

describeWithReference(
  'PEP 440 order vs packaging (python3-packaging)',
  () => probe(PYTHON, ['-c', 'import packaging.version']),
  () => {
    it('agrees on 16000 seeded pairs, and on which strings are PEP 440', () => {
      const pieces = [
        '.0',
        '.1',
        '.10',
        'a1',
        'b2',
        'rc1',
        '.post1',
        '-1',
        '.dev0',
        'dev',
        '+local.1',
        '+abc',
        '-',
        '_',
        'c',
        'alpha',
        'preview',
        'rev',
        'r',
        '.',
        '01',
      ];
      const pairs = versionPairs(0x440, 16000, pieces, ['1.0', '1.2.3', '0', '2!1.0', 'v1.0', '1.0.0']);
      const ref = batch(PYTHON, ['-c', SCRIPT], pairs);
      const diffs: string[] = [];
      let compared = 0;
      pairs.forEach(([a, b], i) => {
        const canonical =
          pep440Scheme.check(a).ok &&
          pep440Scheme.check(b).ok &&
          (pep440Scheme.check(a) as { canonical: boolean }).canonical &&
          (pep440Scheme.check(b) as { canonical: boolean }).canonical;
        if (ref[i] === 'x') {
          if (canonical) diffs.push(`${a} ${b}: packaging rejects one, we call both canonical`);
          return;
        }
        compared++;
        if (!canonical) diffs.push(`${a} ${b}: packaging accepts both, we do not`);
        else if (SIGN(pep440Scheme.compare(a, b)) !== ref[i]) diffs.push(`${a} ${b}: ref ${ref[i]}`);
      });
      expect(diffs).toEqual([]);
      expect(compared).toBeGreaterThan(2000);
    });
  },
);
