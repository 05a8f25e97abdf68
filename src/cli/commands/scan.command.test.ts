import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Capture } from '../../../test/support/capture.ts';
import { packageRoot } from '../../core/package-root.ts';
import { scanCommand } from './scan.command.ts';

/** An OSV record fixed in `fixed` for one package, with what the test adds (aliases, severity). */
const osvRecord = (id: string, ecosystem: string, name: string, fixed: string, extra: object): string =>
  JSON.stringify({
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    ...extra,
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
  });

/** A dump with one OSV record (medium severity) and an SBOM with the package it names. */
describe('kanshi scan exit codes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kanshi-scan-'));
    await mkdir(path.join(dir, 'feeds/osv'), { recursive: true });
    await writeFile(
      path.join(dir, 'feeds/osv/GHSA-test-0000-0001.json'),
      osvRecord('GHSA-test-0000-0001', 'npm', 'left-pad', '1.3.0', { aliases: ['CVE-2099-0001'], database_specific: { severity: 'MODERATE' } }),
    );
    const bom = (version: string) =>
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        components: [{ type: 'library', 'bom-ref': 'lp', name: 'left-pad', version, purl: `pkg:npm/left-pad@${version}` }],
      });
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

describe('kanshi scan severity', () => {
  it('takes the severity of any merged record: a Go advisory without one gets the NVD score of its CVE', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kanshi-scan-severity-'));
    await mkdir(path.join(dir, 'feeds/osv'), { recursive: true });
    await mkdir(path.join(dir, 'feeds/nvd'), { recursive: true });
    await writeFile(path.join(dir, 'feeds/osv/GO-2099-0002.json'), osvRecord('GO-2099-0002', 'Go', 'example.com/mod', '1.2.0', { aliases: ['CVE-2099-0002'] }));
    // The demo's NVD record, renamed: CVSS 3.1 7.5 (high) from NVD, no configuration naming this module.
    const nvd = JSON.parse(await readFile(path.join(packageRoot(), 'sboms/demo-feeds/nvd/CVE-2018-25032.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(dir, 'feeds/nvd/CVE-2099-0002.json'), JSON.stringify({ ...nvd, id: 'CVE-2099-0002' }));
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [{ type: 'library', 'bom-ref': 'm', name: 'example.com/mod', version: 'v1.1.0', purl: 'pkg:golang/example.com/mod@v1.1.0' }],
    };
    await writeFile(path.join(dir, 'sbom.json'), JSON.stringify(sbom));
    const out = new Capture();
    expect(
      await scanCommand({ sbom: path.join(dir, 'sbom.json'), feedsDir: path.join(dir, 'feeds'), format: 'json', failOn: 'high', unknownAs: 'ignore' }, out),
    ).toBe(1);
    const doc = JSON.parse(out.text) as { findings: { vulnerability: { id: string; severity: string } }[] };
    expect(doc.findings.map((f) => f.vulnerability)).toEqual([expect.objectContaining({ id: 'CVE-2099-0002', severity: 'high' })]);
  });
});
