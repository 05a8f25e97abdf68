import { expect, it } from 'vitest';
import { rubygemsScheme } from '../../src/ids/versions/rubygems.scheme.ts';
import { SIGN, batch, describeWithReference, probe, versionPairs } from './reference.ts';

/** Answers `x` when Gem::Version rejects either side. */
const SCRIPT = `
out = []
STDIN.each_line do |line|
  a, b = line.chomp.split("\\t", 2)
  if Gem::Version.correct?(a) && Gem::Version.correct?(b)
    out << (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
  else
    out << "x"
  end
end
STDOUT.write(out.join("\\n") + "\\n")
`;

describeWithReference(
  'RubyGems order vs Gem::Version (ruby)',
  () => probe('ruby', ['-e', 'Gem::Version']),
  () => {
    it('agrees on 6000 seeded pairs, and on which strings Gem::Version accepts', () => {
      const pieces = ['.0', '.1', '.10', '.a', '.b1', '.pre', '.rc2', '-beta', '-1', '.B', '.Z', 'a', '1', '_', '.'];
      const pairs = versionPairs(0x9e3, 6000, pieces, ['1.0', '1.2.3', '0', '2', '1.0.0']);
      const ref = batch('ruby', ['-e', SCRIPT], pairs);
      const strict = (v: string): boolean => {
        const c = rubygemsScheme.check(v);
        return c.ok && c.canonical;
      };
      const diffs: string[] = [];
      let compared = 0;
      pairs.forEach(([a, b], i) => {
        const both = strict(a) && strict(b);
        if (ref[i] === 'x') {
          if (both) diffs.push(`${a} ${b}: Gem::Version rejects one, we call both canonical`);
          return;
        }
        compared++;
        if (!both) diffs.push(`${a} ${b}: Gem::Version accepts both, we do not`);
        else if (SIGN(rubygemsScheme.compare(a, b)) !== ref[i]) diffs.push(`${a} ${b}: ref ${ref[i]}`);
      });
      expect(diffs).toEqual([]);
      expect(compared).toBeGreaterThan(2000);
    });
  },
);
