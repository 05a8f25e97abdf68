import semver from 'semver';
import { versionScheme } from '../src/ids/versions/index.ts';
import { type BenchFigure, type BenchSuite, bestOf } from './bench.ts';

const PAIRS = 1_000_000;
/** Distinct versions per ecosystem: about what one advisory database holds for a popular package set. */
const POOL = 4_000;

/** Deterministic pseudo-random numbers (mulberry32). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Make = (n: (max: number) => number, pick: (xs: string[]) => string) => string;

/** Realistic version shapes per ecosystem. */
const SHAPES: Record<string, Make> = {
  npm: (n, pick) => `${n(20)}.${n(30)}.${n(50)}${pick(['', '', '', '-rc.1', '-beta.2', '-alpha'])}`,
  PyPI: (n, pick) => `${n(20)}.${n(30)}${pick(['', '.0', `.${n(9)}`])}${pick(['', '', 'a1', 'b2', 'rc1', '.post1', '.dev3'])}`,
  Maven: (n, pick) => `${n(10)}.${n(20)}.${n(30)}${pick(['', '', '-SNAPSHOT', '.Final', '-M1', '-RC2', '.RELEASE', '-beta-1'])}`,
  Go: (n, pick) => `v${n(3)}.${n(20)}.${n(40)}${pick(['', '', '+incompatible', `-0.2023${n(9)}1201${n(9)}4503-abcdef123456`])}`,
  RubyGems: (n, pick) => `${n(8)}.${n(20)}.${n(20)}${pick(['', '', '.1', '.rc1', '.beta.2', '.pre'])}`,
  NuGet: (n, pick) => `${n(10)}.${n(10)}.${n(20)}${pick(['', '', '.1', '-preview.1', '-rc.2'])}`,
  Packagist: (n, pick) => `${pick(['', 'v'])}${n(8)}.${n(20)}.${n(20)}${pick(['', '', '-beta1', '-RC2', '-dev', 'p1'])}`,
  Pub: (n, pick) => `${n(5)}.${n(20)}.${n(20)}${pick(['', '', '+1', '-dev.3'])}`,
  CRAN: (n, pick) => `${n(5)}.${n(20)}${pick(['', '-1', '.3', '-12'])}`,
  Hackage: (n, pick) => `${n(5)}.${n(20)}${pick(['', '.1', '.3.2'])}`,
  Debian: (n, pick) =>
    `${pick(['', '', '1:'])}${n(5)}.${n(20)}.${n(20)}${pick(['', '~rc1', '+dfsg'])}-${n(5)}${pick(['', '+deb12u1', 'ubuntu0.22.04.1', '~bpo11+1'])}`,
  'Red Hat': (n, pick) => `${pick(['', '', '1:'])}${n(5)}.${n(20)}.${n(20)}-${n(200)}${pick(['.el9', '.el8_6.1', '.el9_2'])}`,
  Alpine: (n, pick) => `${n(5)}.${n(20)}.${n(20)}${pick(['', '', '_rc1', '_p2', 'a'])}-r${n(10)}`,
  generic: (n, pick) => `${n(10)}.${n(20)}.${n(20)}${pick(['', '', 'k', '-rc1', '.M1', ' update 45'])}`,
};

function pairsFor(shape: Make, seed: number): [string[], string[]] {
  const rnd = seeded(seed);
  const n = (max: number): number => Math.floor(rnd() * max);
  const pick = (xs: string[]): string => xs[n(xs.length)] as string;
  const pool = Array.from({ length: POOL }, () => shape(n, pick));
  const a = new Array<string>(PAIRS);
  const b = new Array<string>(PAIRS);
  for (let i = 0; i < PAIRS; i++) {
    a[i] = pool[n(POOL)] as string;
    b[i] = pool[n(POOL)] as string;
  }
  return [a, b];
}

async function nsPerComparison(compare: (x: string, y: string) => number, [a, b]: [string[], string[]]): Promise<number> {
  let sink = 0;
  const ms = await bestOf(3, () => {
    for (let i = 0; i < PAIRS; i++) sink += compare(a[i] as string, b[i] as string);
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return (ms * 1e6) / PAIRS;
}

export const suite: BenchSuite = {
  name: 'versions',
  async run(ctx) {
    const npmPairs = pairsFor(SHAPES.npm as Make, 1);
    ctx.progress('semver.compare baseline');
    const baseline = await nsPerComparison((x, y) => semver.compare(x, y), npmPairs);
    const figures: BenchFigure[] = [{ name: 'versions.semver.compare (baseline)', value: baseline, unit: 'ns/cmp', target: null, ratio: null }];
    for (const [index, [ecosystem, shape]] of Object.entries(SHAPES).entries()) {
      const scheme = versionScheme(ecosystem);
      if (scheme === undefined) throw new Error(`no scheme for ${ecosystem}`);
      ctx.progress(`${ecosystem} (${scheme.id})`);
      const ns = await nsPerComparison(scheme.compare, ecosystem === 'npm' ? npmPairs : pairsFor(shape, index + 2));
      figures.push({
        name: `versions.${ecosystem}`,
        value: ns,
        unit: 'ns/cmp',
        target: baseline * (ecosystem === 'npm' ? 1 : 3),
        ratio: ns / baseline,
      });
    }
    return figures;
  },
};
