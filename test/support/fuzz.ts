import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Runs per fuzz property: a quick few hundred in every test run (a fixed seed under CI, see
 * fast-check.setup.ts), as many as `KANSHI_FUZZ_RUNS` says for a long run.
 */
export const fuzzRuns = (quick: number): number => {
  const n = Number(process.env.KANSHI_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : quick;
};

/** Longest one parse of one mutated input may take: far above any real run, so only a hang trips it. */
export const RUN_LIMIT_MS = 20_000;

/** Timeout of one fuzz test: the default minute for the quick pass, a day for a long run. */
export const fuzzTimeout = (): number => (process.env.KANSHI_FUZZ_RUNS === undefined ? 60_000 : 86_400_000);

/** Options for fc.assert: the run count, and no shrinking beyond a few seconds on a long run. */
export const fuzzOptions = (quick: number): fc.Parameters<unknown> => ({ numRuns: fuzzRuns(quick), endOnFailure: process.env.KANSHI_FUZZ_RUNS !== undefined });

// Strings every parser must survive wherever they appear.
const HOSTILE = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '😀',
  '\u202e',
  '\ufeff',
  '-1',
  '1e999',
  'NaN',
  '__proto__',
  'constructor',
  '<x>',
  '&#0;',
  '%00',
  'null',
  '\n\r\t',
  'SPDXRef-',
  'pkg:',
  'cpe:2.3:',
];

const DEEP = '\u0001deep:';
const hugeString = fc.integer({ min: 20_000, max: 300_000 }).map((n) => 'A'.repeat(n));

/** Mutated documents stay under this many characters: large enough to pass every limit, small enough to run hundreds. */
const MAX_CHARS = 4_000_000;

/** What replaces a value somewhere in a document: another JSON type, a hostile string, a huge one, deep nesting. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -0, 1e308, [], {}),
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  hugeString,
  fc.integer({ min: 100, max: 5_000 }).map((n) => `${DEEP}${n}`),
  fc.jsonValue({ maxDepth: 3 }),
);

type Op = { kind: 'replace'; value: unknown } | { kind: 'wrap' } | { kind: 'delete' } | { kind: 'repeat'; times: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: replacement.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 1_000 }).map((times) => ({ kind: 'repeat' as const, times })) },
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in a JSON value a mutation can hit, found without recursion. */
function slots(root: { doc: unknown }): Slot[] {
  const out: Slot[] = [{ parent: root as Record<string, unknown>, key: 'doc' }];
  for (let i = 0; i < out.length; i++) {
    const { parent, key } = out[i]!;
    const v = (parent as Record<string | number, unknown>)[key];
    if (Array.isArray(v)) v.forEach((_x, k) => out.push({ parent: v, key: k }));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push({ parent: v as Record<string, unknown>, key: k });
  }
  return out;
}

function apply(root: { doc: unknown }, at: number, mutation: Op): void {
  const all = slots(root);
  const { parent, key } = all[at % all.length]!;
  const p = parent as Record<string | number, unknown>;
  switch (mutation.kind) {
    case 'replace':
      p[key] = mutation.value;
      return;
    case 'wrap':
      p[key] = typeof key === 'number' ? { value: p[key] } : [p[key]];
      return;
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else if (parent !== root) delete p[key];
      return;
    case 'repeat':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 0, ...Array.from({ length: mutation.times }, () => parent[key]));
      else p[key] = Array.from({ length: mutation.times }, () => p[key]);
      return;
  }
}

/** JSON text of a mutated document; deep-nesting markers become nested arrays (JSON.stringify would overflow on them). */
function serialize(doc: unknown): string {
  return JSON.stringify(doc).replace(/"\\u0001deep:(\d+)"/g, (_m, n: string) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`);
}

/**
 * Structure-aware mutations of real-shaped JSON seeds: one to four edits anywhere in the tree,
 * each replacing a value with another type, a hostile or huge string or deep nesting, wrapping
 * it, deleting it or repeating it thousands of times. Yields the document as JSON text.
 */
export function mutatedJson(seeds: readonly unknown[]): fc.Arbitrary<string> {
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat(), op), { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let root = { doc: structuredClone(seeds[seed]) };
    for (const [at, mutation] of edits) {
      const before = structuredClone(root);
      apply(root, at, mutation);
      if (sizeOf(root.doc) > MAX_CHARS) root = before;
    }
    return serialize(root.doc);
  });
}

/**
 * Mutations of real-shaped text seeds (XML, tag-value, CSV, YAML): one to four splices, each
 * cutting a few characters somewhere and putting in a format token, a hostile string, a huge
 * string, a piece of the document repeated, or `open`/`close` nested thousands deep.
 */
export function mutatedText(seeds: readonly string[], format: { tokens: readonly string[]; open: string; close: string }): fc.Arbitrary<string> {
  const insert = fc.oneof(
    fc.constantFrom(...format.tokens, ...HOSTILE),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    hugeString,
    fc.integer({ min: 100, max: 5_000 }).map((n) => `${format.open.repeat(n)}${format.close.repeat(n)}`),
    fc.record({ from: fc.nat(), length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 1_000 }) }),
  );
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), insert), { minLength: 1, maxLength: 4 }))
    .map(([seed, edits]) => {
      let text = seeds[seed]!;
      for (const [at, cut, piece] of edits) {
        const pos = at % (text.length + 1);
        const put =
          typeof piece === 'string' ? piece : text.slice(piece.from % (text.length + 1), (piece.from % (text.length + 1)) + piece.length).repeat(piece.times);
        if (text.length + put.length <= MAX_CHARS) text = text.slice(0, pos) + put + text.slice(pos + cut);
      }
      return text;
    });
}

/**
 * The fuzz verdict on one run: it ended (a result or a typed error, which `run` checks) within
 * RUN_LIMIT_MS, and what it produced is proportional to what it read — no amplification.
 */
export async function expectBounded(input: string | Buffer, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  const output = await run();
  expect(performance.now() - started).toBeLessThan(RUN_LIMIT_MS);
  expect(sizeOf(output)).toBeLessThan(100 * input.length + 1_000_000);
}

/** Roughly how many characters a value serialises to (a shared value counts each time), counted without recursion. */
function sizeOf(value: unknown): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    // A deep-nesting marker stands for 2n brackets once serialised.
    if (typeof v === 'string') size += v.startsWith(DEEP) ? 2 * Number(v.slice(DEEP.length)) : v.length + 2;
    else if (v === null || typeof v !== 'object') size += 4;
    else {
      size += 2;
      for (const [k, x] of Object.entries(v)) {
        size += k.length + 3;
        stack.push(x);
      }
    }
  }
  return size;
}
