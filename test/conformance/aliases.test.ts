/**
 * The alias graph built from every record under `../shared/fixtures/feeds`: aliases are names of
 * vulnerabilities, never document ids, and no vulnerability absorbs a second CVE. Wrong aliases
 * merge unrelated vulnerabilities, and every finding of one then shows the other.
 */
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readFeedDump } from '../../src/cli/commands/scan.command.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { MemoryAdvisoryLookup } from '../../src/matching/memory-lookup.ts';
import type { VulnerabilitySummary } from '../../src/vulns/advisory-lookup.ts';
import type { Advisory } from '../../src/vulns/advisory.ts';
import { isCveId, isVulnerabilityId } from '../../src/vulns/vulnerability-merge.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

describeWithFixtures('alias graph of every fixture record', (fixtures) => {
  let advisories: Advisory[];
  let merged: VulnerabilitySummary[];

  beforeAll(async () => {
    const { records } = await readFeedDump(path.join(fixtures, 'feeds'), silentLogger());
    advisories = records.flatMap((r) => (r.kind === 'advisory' ? [r.advisory] : []));
    const lookup = new MemoryAdvisoryLookup(records);
    const ids = [...new Set(advisories.flatMap((a) => [...a.cves, a.sourceId]))];
    merged = [...(await lookup.summaries(ids)).values()];
  });

  it('reads records of every source, CSAF documents among them', () => {
    expect(new Set(advisories.map((a) => a.source))).toEqual(new Set(['nvd', 'osv', 'jvn', 'csaf']));
    expect(merged.length).toBeGreaterThan(100);
  });

  it('no alias is a CSAF document id or a record id made of one (2022-EVD-UC-01-A-001#CVE-2021-44228)', () => {
    const csaf = advisories.filter((a) => a.source === 'csaf');
    const documentIds = new Set([...csaf.map((a) => a.sourceId), ...csaf.flatMap((a) => a.related)]);
    expect(documentIds).toContain('2022-EVD-UC-01-A-001');
    const leaked = merged.flatMap((v) => v.aliases.filter((alias) => documentIds.has(alias)).map((alias) => `${v.id} ← ${alias}`));
    expect(leaked).toEqual([]);
  });

  it('every alias is shaped like a vulnerability id: no bare tracker numbers, URLs or paths', () => {
    expect(merged.flatMap((v) => v.aliases.filter((a) => !isVulnerabilityId(a)).map((a) => `${v.id} ← ${a}`))).toEqual([]);
  });

  it('no two CVEs are merged into one vulnerability', () => {
    expect(merged.flatMap((v) => v.aliases.filter(isCveId).map((cve) => `${v.id} ← ${cve}`))).toEqual([]);
  });

  it('CVE-2021-44228 keeps its real aliases (GHSA, JVNDB, JVNVU) and only those', () => {
    expect(merged.find((v) => v.id === 'CVE-2021-44228')?.aliases).toEqual(['GHSA-jfh8-c2jp-5v3q', 'JVNDB-2021-005429', 'JVNVU#96768815']);
  });
});
