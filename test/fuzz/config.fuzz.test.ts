import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/index.ts';
import { AppError } from '../../src/core/errors.ts';
import { expectBounded, fuzzOptions, fuzzTimeout, mutatedJson, mutatedText } from '../support/fuzz.ts';

const example = readFileSync(new URL('../../kanshi.example.yaml', import.meta.url), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'kanshi-fuzz-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** kanshi.yaml as loadConfig reads it: a configuration, or INVALID_CONFIG listing the problems — nothing else. */
async function loads(text: string): Promise<void> {
  const file = path.join(work, 'kanshi.yaml');
  writeFileSync(file, text);
  await expectBounded(text, async () => {
    try {
      return loadConfig({ KANSHI_CONFIG: file });
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'INVALID_CONFIG', details: expect.any(Array) });
      return (e as AppError).details;
    }
  });
}

const YAML = {
  tokens: [
    '\n  ',
    ': ',
    '- ',
    '&a ',
    '*a',
    '<<: *a\n',
    '!!binary ',
    '!!js/function ',
    '? ',
    '|\n',
    '>\n',
    '{',
    '}',
    '[',
    ']',
    '#',
    '%YAML 1.2\n---\n',
    '\n---\n',
    "'",
    '"',
  ],
  open: '[',
  close: ']',
};

describe('kanshi.yaml under fuzzing: a configuration or INVALID_CONFIG, never a crash', () => {
  it(
    'YAML text mutations (anchors, aliases, tags, deep flow nesting)',
    async () => {
      await fc.assert(fc.asyncProperty(mutatedText([example, 'teams: []\n'], YAML), loads), fuzzOptions(200));
    },
    fuzzTimeout(),
  );

  it(
    'structure-aware mutations of the example configuration',
    async () => {
      await fc.assert(fc.asyncProperty(mutatedJson([parseYaml(example) as unknown]), loads), fuzzOptions(200));
    },
    fuzzTimeout(),
  );

  it('an alias bomb is refused, not expanded', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_v, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    await loads(bomb);
  });
});
