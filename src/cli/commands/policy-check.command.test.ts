import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Capture } from '../../../test/support/capture.ts';
import { DEFAULT_POLICY_YAML } from '../../cases/index.ts';
import { policyCheckCommand } from './policy-check.command.ts';

describe('kanshi policy check', () => {
  it.each([
    ['the default policy', DEFAULT_POLICY_YAML, 0, /valid policy \(8 rules, cases open at P4\)/],
    ['a kanshi.yaml with a policy section', `server:\n  logLevel: info\npolicy:\n${DEFAULT_POLICY_YAML.replace(/^/gm, '  ')}`, 0, /valid policy/],
    ['a policy with a bad priority', 'rules:\n  - { priority: P9 }\n', 1, /policy\.yaml:2:17: rules\.0\.priority: /],
  ])('%s → exit %d', async (_name, text, code, output) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kanshi-policy-'));
    const file = path.join(dir, 'policy.yaml');
    await writeFile(file, text);
    const out = new Capture();
    const err = new Capture();
    expect(await policyCheckCommand(file, out, err)).toBe(code);
    expect(out.text + err.text).toMatch(output);
  });
});
