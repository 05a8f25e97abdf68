import { expect, it } from 'vitest';
import { debScheme } from '../../src/ids/versions/deb.scheme.ts';
import { SIGN, batch, describeWithReference, probe, versionPairs } from './reference.ts';

const PYTHON = '/usr/bin/python3';
/** apt_pkg.version_compare is apt's copy of dpkg's algorithm, and fast enough to batch. */
const SCRIPT = `
import sys, apt_pkg
apt_pkg.init_system()
out = []
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    c = apt_pkg.version_compare(a, b)
    out.append("-1" if c < 0 else "1" if c > 0 else "0")
sys.stdout.write("\\n".join(out) + "\\n")
`;

describeWithReference(
  'deb order vs apt_pkg (python3-apt)',
  () => probe(PYTHON, ['-c', 'import apt_pkg']),
  () => {
    it('agrees on 5000 seeded pairs', () => {
      const pieces = ['.', '.', '-', '+', '~', ':', '0', '1', '9', '10', '00', 'a', 'b', 'z', 'deb', 'ubuntu', '+deb12u1', '~rc1'];
      const pairs = versionPairs(0xdeb, 9000, pieces).filter(([a, b]) => debScheme.check(a).ok && debScheme.check(b).ok);
      expect(pairs.length).toBeGreaterThan(5000);
      const ref = batch(PYTHON, ['-c', SCRIPT], pairs);
      const diffs = pairs.filter(([a, b], i) => SIGN(debScheme.compare(a, b)) !== ref[i]).map(([a, b]) => `${a} ${b}`);
      expect(diffs).toEqual([]);
    });
  },
);
