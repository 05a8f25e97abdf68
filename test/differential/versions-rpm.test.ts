import { expect, it } from 'vitest';
import { rpmScheme } from '../../src/ids/versions/rpm.scheme.ts';
import { SIGN, batch, describeWithReference, probe, versionPairs } from './reference.ts';

const PYTHON = '/usr/bin/python3';
/** rpm.labelCompare on EVRs split the way rpm's parseEVR splits them. */
const SCRIPT = `
import sys, rpm
def evr(s):
    i = 0
    while i < len(s) and s[i].isdigit(): i += 1
    e = None
    if i < len(s) and s[i] == ":":
        e, s, i = (s[:i] or "0"), s[i + 1:], 0
    d = s.rfind("-")
    if d >= i and d >= 0: return (e, s[:d], s[d + 1:])
    return (e, s, None)
out = []
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    try:
        out.append(str(rpm.labelCompare(evr(a), evr(b))))
    except ValueError:
        out.append("x")
sys.stdout.write("\\n".join(out) + "\\n")
`;

describeWithReference(
  'rpm order vs rpm.labelCompare (python3-rpm)',
  () => probe(PYTHON, ['-c', 'import rpm']),
  () => {
    it('agrees on 6000 seeded pairs', () => {
      const pieces = ['.', '.', '-', '_', '+', '~', '^', ':', '0', '1', '9', '10', '007', 'a', 'b', 'rc', 'el9', 'git', 'α'];
      const pairs = versionPairs(0x7e4, 6000, pieces, ['0', '1', ':1', '1:', '-1']);
      const ref = batch(PYTHON, ['-c', SCRIPT], pairs);
      const ok = (v: string): boolean => rpmScheme.check(v).ok;
      const diffs: string[] = [];
      pairs.forEach(([a, b], i) => {
        if (ref[i] === 'x') {
          if (ok(a) && ok(b)) diffs.push(`${a} ${b}: rpm rejects one, we accept both`);
        } else if (!ok(a) || !ok(b)) diffs.push(`${a} ${b}: rpm accepts both, we do not`);
        else if (SIGN(rpmScheme.compare(a, b)) !== ref[i]) diffs.push(`${a} ${b}: ref ${ref[i]}`);
      });
      expect(diffs).toEqual([]);
    });
  },
);
