/**
 * Identifiers that used to miss the matcher, against the real records under
 * `../shared/fixtures/feeds`: Go standard library, Bitnami, SwiftURL, Rocky and Alma Linux, OS
 * binary packages whose advisories name their source package, and identifiers that cannot be read.
 * Components are written the way Syft, Trivy and cdxgen write them (each row says which).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFeedDump, scanCommand } from '../../src/cli/commands/scan.command.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { parseSbom } from '../../src/inventory/parsers/index.ts';
import type { ParsedComponent } from '../../src/inventory/sbom-model.ts';
import { matchInventory } from '../../src/matching/match-batch.ts';
import type { Finding } from '../../src/matching/match.model.ts';
import { MemoryAdvisoryLookup } from '../../src/matching/memory-lookup.ts';
import { advisory, osvPackage } from '../../src/matching/testdata/advisories.ts';
import type { ScanReport } from '../../src/matching/scan-report.ts';
import { Capture } from '../support/capture.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

interface Component {
  name: string;
  version: string;
  purl: string;
  cpe?: string;
}

/** A CycloneDX 1.5 JSON document with these components, as the tools write them. */
const cyclonedx = (components: Component[]): Buffer =>
  Buffer.from(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: components.map((c, i) => ({ type: 'library', 'bom-ref': `c${i}`, ...c })),
    }),
  );

describeWithFixtures('matching recall on the real feed records', (fixtures) => {
  const feeds = path.join(fixtures, 'feeds');
  let lookup: MemoryAdvisoryLookup;
  let tmp: string;

  beforeAll(async () => {
    lookup = new MemoryAdvisoryLookup((await readFeedDump(feeds, silentLogger())).records);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kanshi-recall-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function parse(bytes: Buffer): Promise<ParsedComponent[]> {
    const parsed = await parseSbom(bytes, { validation: 'warn', maxBytes: 1 << 30 });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.sbom.components;
  }

  /** The findings of the one component of a CycloneDX document built from it. */
  async function findingsOf(c: Component): Promise<Finding[]> {
    const [result] = await matchInventory(await parse(cyclonedx([c])), lookup);
    return result?.findings ?? [];
  }

  const affectedIds = (findings: Finding[]): string[] => findings.filter((f) => f.outcome === 'affected').map((f) => f.vulnerabilityId);

  it.each([
    // GO-2023-2102 (CVE-2023-39325): stdlib <1.20.10, 1.21.0-0 ≤ v < 1.21.3. GO-2022-0969 (CVE-2022-27664): <1.18.6, 1.19.0-0 ≤ v < 1.19.1.
    {
      by: 'Syft',
      c: { name: 'stdlib', version: 'go1.21.1', purl: 'pkg:golang/stdlib@1.21.1', cpe: 'cpe:2.3:a:golang:go:1.21.1:-:*:*:*:*:*:*' },
      found: ['CVE-2023-39325'],
      clean: ['CVE-2022-27664'],
    },
    {
      by: 'Syft',
      c: { name: 'stdlib', version: 'go1.20.10', purl: 'pkg:golang/stdlib@1.20.10', cpe: 'cpe:2.3:a:golang:go:1.20.10:-:*:*:*:*:*:*' },
      found: [],
      clean: ['CVE-2023-39325', 'CVE-2022-27664'],
    },
    { by: 'Trivy', c: { name: 'stdlib', version: 'v1.19.0', purl: 'pkg:golang/stdlib@v1.19.0' }, found: ['CVE-2023-39325', 'CVE-2022-27664'], clean: [] },
    { by: 'Trivy', c: { name: 'stdlib', version: 'v1.21.3', purl: 'pkg:golang/stdlib@v1.21.3' }, found: [], clean: ['CVE-2023-39325', 'CVE-2022-27664'] },
    {
      by: 'the go command spelling',
      c: { name: 'stdlib', version: 'go1.18.6', purl: 'pkg:golang/stdlib@go1.18.6' },
      found: ['CVE-2023-39325'],
      clean: ['CVE-2022-27664'],
    },
    {
      by: 'the go command spelling',
      c: { name: 'stdlib', version: 'go1.19', purl: 'pkg:golang/stdlib@go1.19' },
      found: ['CVE-2023-39325', 'CVE-2022-27664'],
      clean: [],
    },
    // BIT-zookeeper-2024-23944: 3.6.0 ≤ v < 3.8.4, 3.9.0 ≤ v < 3.9.2; BIT-wp-cli-2021-29504: 0.12.0 ≤ v < 2.5.0.
    {
      by: 'Syft (Bitnami SPDX)',
      c: { name: 'zookeeper', version: '3.9.1', purl: 'pkg:bitnami/zookeeper@3.9.1?arch=arm64&distro=debian-12' },
      found: ['CVE-2024-23944'],
      clean: [],
    },
    {
      by: 'Syft (Bitnami SPDX)',
      c: { name: 'zookeeper', version: '3.9.2', purl: 'pkg:bitnami/zookeeper@3.9.2?arch=arm64&distro=debian-12' },
      found: [],
      clean: ['CVE-2024-23944'],
    },
    {
      by: 'Syft (Bitnami SPDX)',
      c: { name: 'zookeeper', version: '3.8.3', purl: 'pkg:bitnami/zookeeper@3.8.3?arch=amd64&distro=debian-12' },
      found: ['CVE-2024-23944'],
      clean: [],
    },
    {
      by: 'Syft (Bitnami SPDX)',
      c: { name: 'wp-cli', version: '2.4.0', purl: 'pkg:bitnami/wp-cli@2.4.0?arch=amd64&distro=debian-11' },
      found: ['CVE-2021-29504'],
      clean: [],
    },
    {
      by: 'Syft (Bitnami SPDX)',
      c: { name: 'wp-cli', version: '2.5.0', purl: 'pkg:bitnami/wp-cli@2.5.0?arch=amd64&distro=debian-11' },
      found: [],
      clean: ['CVE-2021-29504'],
    },
    // GHSA-2jx2-qcm4-rf9h: github.com/grpc/grpc-swift < 1.2.0.
    {
      by: 'Syft and Trivy (Package.resolved)',
      c: { name: 'grpc-swift', version: '1.1.0', purl: 'pkg:swift/github.com/grpc/grpc-swift@1.1.0' },
      found: ['CVE-2021-36153'],
      clean: [],
    },
    {
      by: 'Syft and Trivy (Package.resolved)',
      c: { name: 'grpc-swift', version: '1.2.0', purl: 'pkg:swift/github.com/grpc/grpc-swift@1.2.0' },
      found: [],
      clean: ['CVE-2021-36153'],
    },
    // RLSA-2023:0005: bcel on Rocky Linux 9 fixed in 0:6.4.1-9.el9_1. RXSA-2023:0101: kernel on Rocky Linux 8 fixed in 0:4.18.0-425.10.1.el8_7.cloud.
    {
      by: 'Syft',
      c: { name: 'bcel', version: '6.4.1-9.el9', purl: 'pkg:rpm/rocky/bcel@6.4.1-9.el9?arch=noarch&upstream=bcel-6.4.1-9.el9.src.rpm&distro=rocky-9.1' },
      found: ['RLSA-2023:0005'],
      clean: [],
    },
    {
      by: 'Trivy',
      c: { name: 'bcel', version: '6.4.1-9.el9_1', purl: 'pkg:rpm/rocky/bcel@6.4.1-9.el9_1?arch=noarch&distro=rocky-9.1' },
      found: [],
      clean: ['RLSA-2023:0005'],
    },
    {
      by: 'Syft',
      c: { name: 'kernel', version: '4.18.0-425.3.1.el8', purl: 'pkg:rpm/rocky/kernel@4.18.0-425.3.1.el8?arch=x86_64&distro=rocky-8.7' },
      found: ['RXSA-2023:0101'],
      clean: [],
    },
    // ALSA-2023:7465: squid on AlmaLinux 9 fixed in 7:5.5-6.el9_3.2; the epoch comes in the qualifier.
    {
      by: 'Syft',
      c: {
        name: 'squid',
        version: '5.5-6.el9_3.1',
        purl: 'pkg:rpm/almalinux/squid@5.5-6.el9_3.1?arch=x86_64&epoch=7&upstream=squid-5.5-6.el9_3.1.src.rpm&distro=almalinux-9.3',
      },
      found: ['ALSA-2023:7465'],
      clean: [],
    },
    {
      by: 'Trivy',
      c: { name: 'squid', version: '7:5.5-6.el9_3.2', purl: 'pkg:rpm/alma/squid@5.5-6.el9_3.2?arch=x86_64&epoch=7&distro=alma-9.3' },
      found: [],
      clean: ['ALSA-2023:7465'],
    },
  ])('$c.purl ($by)', async ({ c, found, clean }) => {
    const affected = affectedIds(await findingsOf(c));
    expect(affected).toEqual(expect.arrayContaining(found));
    for (const id of clean) expect(affected).not.toContain(id);
  });

  it("Syft's upstream= qualifiers of a real Debian SBOM name each binary package's source package", async () => {
    const components = await parse(await readFile(path.join(fixtures, 'sboms/cyclonedx/xml/elixir-image_syft.cdx-1.4.xml')));
    const withUpstream = components.filter((c) => c.purl?.startsWith('pkg:deb/') && c.purl.includes('upstream='));
    expect(withUpstream.length).toBeGreaterThan(100);
    const bsdutils = withUpstream.find((c) => c.name === 'bsdutils');
    expect(bsdutils?.purl).toContain('upstream=util-linux%402.36.1-8%2Bdeb11u1');
    // Matching looks the source package up: a record naming util-linux on Debian 11 reaches bsdutils.
    const utilLinux = new MemoryAdvisoryLookup([
      {
        kind: 'advisory',
        advisory: advisory({ source: 'osv', sourceId: 'DSA-TEST-1', affected: [osvPackage('Debian:11', 'util-linux', ['0', '2.36.1-8+deb11u2'])] }),
      },
    ]);
    const results = await matchInventory(components, utilLinux);
    const hits = results.filter((r) => r.findings.length > 0).map((r) => [r.component.name, r.findings[0]?.primary.searched]);
    expect(hits).toContainEqual(['bsdutils', 'Debian:11/util-linux@2.36.1-8+deb11u1 (source of bsdutils)']);
    expect(hits.every(([, searched]) => searched?.includes('util-linux'))).toBe(true);
  });

  /**
   * The Debian records of the fixtures are for Debian 3.0, 4.0 and 6.0; no fixture SBOM is that
   * old. This one takes the shape of the real Syft SBOM above (arch, upstream, distro from
   * VERSION_ID) for the binary packages those records' source packages build.
   */
  const debianSbom = (): Buffer =>
    cyclonedx([
      {
        name: 'libgnutls26',
        version: '2.8.6-1+squeeze2',
        purl: 'pkg:deb/debian/libgnutls26@2.8.6-1%2Bsqueeze2?arch=amd64&upstream=gnutls26&distro=debian-6.0.10',
      },
      {
        name: 'gnutls-bin',
        version: '2.8.6-1+squeeze2',
        purl: 'pkg:deb/debian/gnutls-bin@2.8.6-1%2Bsqueeze2?arch=amd64&upstream=gnutls26&distro=debian-6.0.10',
      },
      {
        name: 'libgnutls26',
        version: '2.8.6-1+squeeze4',
        purl: 'pkg:deb/debian/libgnutls26@2.8.6-1%2Bsqueeze4?arch=amd64&upstream=gnutls26&distro=debian-6.0.10',
      },
      { name: 'libgnutls26', version: '2.8.6-1+squeeze2', purl: 'pkg:deb/debian/libgnutls26@2.8.6-1%2Bsqueeze2?arch=amd64&distro=debian-6.0.10' },
      { name: 'kismet', version: '2005.08.R1-0.1', purl: 'pkg:deb/debian/kismet@2005.08.R1-0.1?arch=i386&distro=debian-4.0' },
    ]);

  it('binary packages of the Debian records match by source package, and the match says so; the fixed version does not', async () => {
    const results = await matchInventory(await parse(debianSbom()), lookup);
    const verdicts = results.map((r) => ({
      purl: r.component.purl,
      matches: r.findings.filter((f) => f.outcome === 'affected').map((f) => `${f.primary.source} ${f.primary.method} ${f.primary.searched}`),
    }));
    expect(verdicts).toEqual([
      {
        purl: expect.stringContaining('libgnutls26@2.8.6-1%2Bsqueeze2?arch=amd64&distro'),
        matches: ['osv:DLA-0001-1 distro-package Debian:6.0/gnutls26@2.8.6-1+squeeze2 (source of libgnutls26)'],
      },
      { purl: expect.stringContaining('gnutls-bin'), matches: ['osv:DLA-0001-1 distro-package Debian:6.0/gnutls26@2.8.6-1+squeeze2 (source of gnutls-bin)'] },
      { purl: expect.stringContaining('squeeze4'), matches: [] },
      { purl: expect.not.stringContaining('upstream'), matches: [] },
      { purl: expect.stringContaining('kismet'), matches: ['osv:DTSA-1-1 distro-package Debian:4.0/kismet@2005.08.R1-0.1'] },
    ]);
  });

  it('kanshi scan reports the source-package match, and lists components whose purl cannot be read as undecided', async () => {
    const doc = JSON.parse(debianSbom().toString()) as { components: Record<string, string>[] };
    // A generator that drops the Maven group writes a purl the maven type forbids.
    doc.components.push({ type: 'library', 'bom-ref': 'broken', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/log4j-core@2.14.1' });
    const file = path.join(tmp, 'debian-6.cdx.json');
    await writeFile(file, JSON.stringify(doc));
    const out = new Capture();
    expect(await scanCommand({ sbom: file, feedsDir: feeds, format: 'json' }, out, new Capture())).toBe(0);
    const report = JSON.parse(out.text) as ScanReport;
    expect(report.findings.filter((f) => f.vulnerability.id === 'DLA-0001-1').map((f) => [f.component.name, f.match.searched])).toEqual([
      ['libgnutls26', 'Debian:6.0/gnutls26@2.8.6-1+squeeze2 (source of libgnutls26)'],
      ['gnutls-bin', 'Debian:6.0/gnutls26@2.8.6-1+squeeze2 (source of gnutls-bin)'],
    ]);
    expect(report.undecided).toContainEqual({
      component: { bomRef: 'broken', name: 'log4j-core', version: '2.14.1', purl: null, cpe: null },
      vulnerability: null,
      match: null,
      reason: expect.stringMatching(/^purl "pkg:maven\/log4j-core@2.14.1" ignored: .*namespace/),
    });
    const table = new Capture();
    await scanCommand({ sbom: file, feedsDir: feeds, format: 'table' }, table, new Capture());
    expect(table.text).toMatch(/could not be decided:\n(.*\n)* {2}log4j-core@2\.14\.1 purl "pkg:maven\/log4j-core@2\.14\.1" ignored/);
  });
});
