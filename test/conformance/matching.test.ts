import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { beforeAll, expect, it } from 'vitest';
import { readFeedDump, scanCommand } from '../../src/cli/commands/scan.command.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { parseSbom } from '../../src/inventory/parsers/index.ts';
import { matchInventory } from '../../src/matching/match-batch.ts';
import { createContext, prepareComponent } from '../../src/matching/matcher.ts';
import { findingsFor, lookupKeys } from '../../src/matching/match.ts';
import { MemoryAdvisoryLookup } from '../../src/matching/memory-lookup.ts';
import type { Finding } from '../../src/matching/match.model.ts';
import { Capture } from '../support/capture.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

describeWithFixtures('matching on the shared real-world SBOMs and feed records', (fixtures) => {
  const feeds = path.join(fixtures, 'feeds');
  let lookup: MemoryAdvisoryLookup;
  const scans = new Map<string, Map<string, Finding[]>>();

  /** Findings by component purl for one fixture SBOM. */
  async function scan(sbom: string): Promise<Map<string, Finding[]>> {
    const hit = scans.get(sbom);
    if (hit) return hit;
    const parsed = await parseSbom(await readFile(path.join(fixtures, 'sboms', sbom)), { validation: 'warn', maxBytes: 1 << 30 });
    if (!parsed.ok) throw new Error(parsed.message);
    const out = new Map<string, Finding[]>();
    for (const { component, findings } of await matchInventory(parsed.sbom.components, lookup)) {
      if (component.purl) out.set(component.purl, [...(out.get(component.purl) ?? []), ...findings]);
    }
    scans.set(sbom, out);
    return out;
  }

  beforeAll(async () => {
    lookup = new MemoryAdvisoryLookup((await readFeedDump(feeds, silentLogger())).records);
  });

  it.each([
    {
      sbom: 'cyclonedx/json/nodegoat-1.3.0_cdxgen.cdx-1.5.json',
      purl: 'pkg:npm/lodash@4.17.11',
      found: ['CVE-2019-10744', 'CVE-2020-8203', 'CVE-2021-23337'],
      clean: [],
      why: 'GHSA-jf85/p6mc/35jh: below 4.17.12, 4.17.20, 4.17.21',
    },
    {
      sbom: 'cyclonedx/json/nodegoat-1.3.0_cdxgen.cdx-1.5.json',
      purl: 'pkg:npm/lodash@4.17.20',
      found: ['CVE-2021-23337'],
      clean: ['CVE-2020-8203', 'CVE-2019-10744'],
      why: '4.17.20 is the fix of CVE-2020-8203',
    },
    {
      sbom: 'cyclonedx/json/juice-shop-11.1.2_cyclonedx-npm_bare.cdx-1.4.json',
      purl: 'pkg:npm/lodash@2.4.2',
      found: ['CVE-2019-10744', 'CVE-2020-8203', 'CVE-2021-23337'],
      clean: [],
      why: 'introduced 0 covers lodash 2',
    },
    {
      sbom: 'cyclonedx/json/vuln-spring_cdxgen.cdx-1.5.json',
      purl: 'pkg:maven/org.springframework/spring-beans@5.2.5.RELEASE?type=jar',
      found: ['CVE-2022-22965'],
      clean: [],
      why: 'GHSA-36p3-wjmg-h94x: below 5.2.20.RELEASE',
    },
    {
      sbom: 'cyclonedx/xml/dropwizard-1.3.15.cdx-1.2.xml',
      purl: 'pkg:maven/org.apache.commons/commons-text@1.2?type=jar',
      found: [],
      clean: ['CVE-2022-42889'],
      why: 'GHSA-599f-7c49-w659 starts at 1.5',
    },
    {
      sbom: 'cyclonedx/json/ghidra-10.2.2.cdx-1.4.json',
      purl: 'pkg:maven/org.apache.commons/commons-text@1.10.0',
      found: [],
      clean: ['CVE-2022-42889'],
      why: '1.10.0 is the fix',
    },
    {
      sbom: 'cyclonedx/json/ghidra-10.2.2.cdx-1.4.json',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
      found: [],
      clean: ['CVE-2021-44228', 'CVE-2021-45046'],
      why: 'past every Log4Shell range',
    },
    {
      sbom: 'cyclonedx/xml/projx-client-3.5.1_cyclonedx-npm_dt-issue2519.cdx-1.5.xml',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.0?type=jar',
      found: [],
      clean: ['CVE-2021-44228', 'CVE-2021-45046'],
      why: '2.17.0 is past 2.15.0 and 2.16.0',
    },
  ])('$purl in $sbom: $why', async ({ sbom, purl, found, clean }) => {
    const findings = (await scan(sbom)).get(purl);
    expect(findings, `component ${purl} in ${sbom}`).toBeDefined();
    const affected = (findings ?? []).filter((f) => f.outcome === 'affected').map((f) => f.vulnerabilityId);
    expect(affected).toEqual(expect.arrayContaining(found));
    for (const c of clean) expect(affected).not.toContain(c);
  });

  it('one finding per component and vulnerability on the fixture SBOMs', async () => {
    for (const sbom of ['cyclonedx/json/nodegoat-1.3.0_cdxgen.cdx-1.5.json', 'cyclonedx/json/vuln-spring_cdxgen.cdx-1.5.json']) {
      const parsed = await parseSbom(await readFile(path.join(fixtures, 'sboms', sbom)), { validation: 'warn', maxBytes: 1 << 30 });
      if (!parsed.ok) throw new Error(parsed.message);
      for (const { findings } of await matchInventory(parsed.sbom.components, lookup)) {
        const ids = findings.map((f) => f.vulnerabilityId);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it('log4j-core 2.14.1: the NVD, GHSA and JVN records of CVE-2021-44228 are one finding, with its GHSA alias and KEV', async () => {
    const c = prepareComponent({
      name: 'log4j-core',
      version: '2.14.1',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
    });
    const ctx = createContext({ cpeForPackageEcosystems: true });
    const keys = lookupKeys(c, ctx);
    const byPkg = await lookup.byPackages(keys.packages);
    const byCpe = await lookup.byCpes(keys.cpe ? [keys.cpe] : []);
    const findings = findingsFor(c, [...[...byPkg.values()].flat(), ...[...byCpe.values()].flat()], ctx);
    const log4shell = findings.filter((f) => f.vulnerabilityId === 'CVE-2021-44228');
    expect(log4shell).toHaveLength(1);
    expect(log4shell[0]).toMatchObject({ outcome: 'affected', primary: { source: 'osv:GHSA-jfh8-c2jp-5v3q', confidence: 'high' } });
    const sources = log4shell[0]?.sources ?? [];
    expect(sources).toEqual(expect.arrayContaining(['osv:GHSA-jfh8-c2jp-5v3q', 'nvd:CVE-2021-44228', 'jvn:JVNDB-2021-005429']));
    const summary = (await lookup.summaries(['CVE-2021-44228'])).get('CVE-2021-44228');
    expect(summary).toMatchObject({ kev: true, aliases: expect.arrayContaining(['GHSA-jfh8-c2jp-5v3q']) });
  });

  const run = async (format: 'json' | 'sarif' | 'cyclonedx-vex' | 'table', failOn?: 'critical' | 'low') => {
    const out = new Capture();
    const code = await scanCommand(
      { sbom: path.join(fixtures, 'sboms/cyclonedx/json/vuln-spring_cdxgen.cdx-1.5.json'), feedsDir: feeds, format, ...(failOn ? { failOn } : {}) },
      out,
    );
    return { code, text: out.text };
  };

  it('kanshi scan --format json has the shape of DESIGN.md section 4', async () => {
    const { code, text } = await run('json', 'critical');
    expect(code).toBe(1);
    const doc = JSON.parse(text) as { sbom: object; findings: Record<string, Record<string, unknown>>[] };
    expect(doc.sbom).toEqual({ format: 'CycloneDX', specVersion: '1.5', components: expect.any(Number) });
    const spring = doc.findings.find((f) => (f.component?.purl as string).startsWith('pkg:maven/org.springframework/spring-beans@5.2.5'));
    expect(Object.keys(spring ?? {})).toEqual(['component', 'vulnerability', 'match']);
    expect(Object.keys(spring?.component ?? {})).toEqual(['bomRef', 'name', 'version', 'purl', 'cpe']);
    expect(Object.keys(spring?.vulnerability ?? {})).toEqual(['id', 'aliases', 'sources', 'severity', 'cvss', 'kev', 'epss']);
    expect(Object.keys(spring?.match ?? {})).toEqual(['method', 'confidence', 'source', 'range', 'fixedIn', 'searched']);
    expect(spring).toMatchObject({
      component: { name: 'spring-beans', version: '5.2.5.RELEASE', cpe: null },
      vulnerability: {
        id: 'CVE-2022-22965',
        aliases: expect.arrayContaining(['GHSA-36p3-wjmg-h94x']),
        sources: expect.arrayContaining(['nvd', 'osv']),
        severity: 'critical',
        kev: true,
      },
      match: {
        method: 'purl-range',
        confidence: 'high',
        source: 'osv:GHSA-36p3-wjmg-h94x',
        range: '<5.2.20.RELEASE',
        fixedIn: expect.arrayContaining(['5.2.20.RELEASE']),
      },
    });
    expect(spring?.vulnerability?.cvss).toEqual({ version: expect.any(String), score: expect.any(Number), vector: expect.any(String) });
  });

  it('kanshi scan --format sarif is SARIF 2.1.0', async () => {
    const { text } = await run('sarif');
    const sarif = JSON.parse(text) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: unknown[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [runOut] = sarif.runs;
    expect(runOut?.tool.driver.name).toBe('kanshi');
    expect(runOut?.tool.driver.rules.map((r) => r.id)).toContain('CVE-2022-22965');
    for (const r of runOut?.results ?? []) {
      expect(runOut?.tool.driver.rules.some((rule) => rule.id === r.ruleId)).toBe(true);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.locations.length).toBeGreaterThan(0);
    }
  });

  it('kanshi scan --format cyclonedx-vex validates against the CycloneDX 1.6 schema', async () => {
    const { text } = await run('cyclonedx-vex');
    const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
    expect(errors).toBeNull();
    expect((JSON.parse(text) as { vulnerabilities: { id: string }[] }).vulnerabilities.map((v) => v.id)).toContain('CVE-2022-22965');
  });

  it('kanshi scan --fail-on: 1 at or above the threshold, 0 without a threshold', async () => {
    expect((await run('table', 'low')).code).toBe(1);
    expect((await run('table')).code).toBe(0);
  });
});
