import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { CpeConfiguration } from '../../src/vulns/advisory.ts';
import { evaluateConfiguration, toCpe22, toCpe23 } from '../../src/ids/cpe/index.ts';
import { testSemver } from '../../src/ids/ranges/testdata/semver-scheme.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

const unxml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** (2.2 URI, 2.3 formatted string) pairs from an NVD/OpenSCAP dictionary: each binding of one WFN. */
function dictionaryPairs(file: string): { uri: string; fs: string }[] {
  const xml = readFileSync(file, 'utf8');
  const out: { uri: string; fs: string }[] = [];
  for (const m of xml.matchAll(/<cpe-item\b[^>]*\bname="([^"]+)"[^>]*>[\s\S]*?<cpe-23:cpe23-item name="([^"]+)"/g)) {
    out.push({ uri: unxml(m[1] ?? ''), fs: unxml(m[2] ?? '') });
  }
  return out;
}

describeWithFixtures('CPE bindings', (dir) => {
  const cpeDir = path.join(dir, 'identifiers/cpe');

  const vectors = JSON.parse(readFileSync(path.join(cpeDir, 'syft_cpe-data.json'), 'utf8')) as {
    'cpe-string': string;
    'cpe-url': string;
  }[];
  it.each(vectors)('syft vector $cpe-string', (v) => {
    expect(toCpe23(v['cpe-string'])).toEqual({ ok: true, value: v['cpe-string'].toLowerCase() });
    expect(toCpe23(v['cpe-url'])).toEqual({ ok: true, value: v['cpe-string'].toLowerCase() });
    expect(toCpe22(v['cpe-string'])).toEqual({ ok: true, value: v['cpe-url'].toLowerCase() });
  });

  for (const dict of ['nvd-official-cpe-dictionary_v2.3_slice-2023-06.xml', 'openscap_official-cpe-dictionary_v2.3.xml']) {
    it(`${dict}: every 2.2 URI binds to its listed 2.3 name and back`, () => {
      const pairs = dictionaryPairs(path.join(cpeDir, dict));
      expect(pairs.length).toBeGreaterThan(0);
      const wrong = pairs.filter(({ uri, fs }) => {
        const a = toCpe23(uri);
        const b = toCpe22(fs);
        return !(a.ok && a.value === fs.toLowerCase() && b.ok && b.value === uri.toLowerCase());
      });
      expect(wrong).toEqual([]);
    });
  }

  it('openscap 2.2 dictionary: every URI is accepted', () => {
    const xml = readFileSync(path.join(cpeDir, 'openscap_official-cpe-dictionary_v2.2.xml'), 'utf8');
    const names = [...xml.matchAll(/<cpe-item\b[^>]*\bname="([^"]+)"/g)].map((m) => unxml(m[1] ?? ''));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !toCpe23(n).ok)).toEqual([]);
  });
});

describeWithFixtures('NVD cpeMatch sample', (dir) => {
  const page = JSON.parse(readFileSync(path.join(dir, 'identifiers/cpe/nvd-cve-api-2.0_sample_cpeMatch.json'), 'utf8')) as {
    vulnerabilities: { cve: { id: string; configurations: CpeConfiguration[] } }[];
  };
  const cve = page.vulnerabilities[0]?.cve;
  const config = cve?.configurations[0];

  it.each([
    { cpe: 'cpe:2.3:a:gitea:gitea:1.25.3:*:*:*:*:*:*:*', status: 'affected', why: 'CVE-2026-20912 covers < 1.25.4' },
    { cpe: 'cpe:2.3:a:gitea:gitea:1.25.4:*:*:*:*:*:*:*', status: 'not_affected', why: '1.25.4 is the fix' },
    { cpe: 'cpe:2.3:a:gitea:gitea:1.20.0:*:*:*:*:go:*:*', status: 'not_affected', why: 'criteria target_sw is NA (-); a stated target_sw is disjoint' },
    { cpe: 'cpe:2.3:a:gogs:gogs:0.13.0:*:*:*:*:*:*:*', status: 'not_affected', why: 'another product' },
  ])('$cpe: $status ($why)', ({ cpe, status }) => {
    expect(config).toBeDefined();
    if (config) expect(evaluateConfiguration(config, [{ cpe }], testSemver).status).toBe(status);
  });
});
