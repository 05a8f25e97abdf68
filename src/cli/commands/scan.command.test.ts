import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Capture } from '../../../test/support/capture.ts';
import { scanCommand } from './scan.command.ts';

/** A dump with one OSV record (medium severity) and an SBOM with the package it names. */
describe('kanshi scan exit codes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kanshi-scan-'));
    await mkdir(path.join(dir, 'feeds/osv'), { recursive: true });
    await writeFile(
      path.join(dir, 'feeds/osv/GHSA-test-0000-0001.json'),
      JSON.stringify({
        schema_version: '1.6.0',
        id: 'GHSA-test-0000-0001',
        modified: '2024-01-01T00:00:00Z',
        aliases: ['CVE-2099-0001'],
        database_specific: { severity: 'MODERATE' },
        affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
      }),
    );
    const bom = (version: string) =>
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'lp', name: 'left-pad', version, purl: `pkg:npm/left-pad@${version}` }] });
    await writeFile(path.join(dir, 'vulnerable.json'), bom('1.1.0'));
    await writeFile(path.join(dir, 'fixed.json'), bom('1.3.0'));
    await writeFile(path.join(dir, 'garbage.json'), '{"not": "an sbom"}');
  });

  it.each([
    { sbom: 'vulnerable.json', failOn: 'medium', code: 1, why: 'a finding at the threshold' },
    { sbom: 'vulnerable.json', failOn: 'high', code: 0, why: 'the finding is below the threshold' },
    { sbom: 'vulnerable.json', failOn: undefined, code: 0, why: 'no threshold: report only' },
    { sbom: 'fixed.json', failOn: 'low', code: 0, why: 'the fixed version is clean' },
    { sbom: 'garbage.json', failOn: 'low', code: 2, why: 'not an SBOM' },
    { sbom: 'missing.json', failOn: 'low', code: 2, why: 'no such file' },
  ] as const)('$sbom --fail-on $failOn → $code: $why', async ({ sbom, failOn, code }) => {
    const out = new Capture();
    const opts = { sbom: path.join(dir, sbom), feedsDir: path.join(dir, 'feeds'), format: 'json' as const, ...(failOn ? { failOn } : {}) };
    expect(await scanCommand(opts, out)).toBe(code);
  });

  it('a missing feeds directory is a usage error', async () => {
    const out = new Capture();
    expect(await scanCommand({ sbom: path.join(dir, 'vulnerable.json'), feedsDir: path.join(dir, 'nope'), format: 'table' }, out)).toBe(2);
    expect(out.text).toContain('feeds directory');
  });
});
