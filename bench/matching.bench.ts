/**
 * Matching at realistic scale: a store of 450,000 advisories, a portfolio of 1,000 product
 * versions × 1,000 components (50,000 distinct package versions).
 * (a) scan of a 10,000-component SBOM against the in-memory store, with the ratio per component
 *     to a bare Map lookup; (b) reverse match of one new advisory on Postgres; (c) full re-match
 *     on Postgres. Store and portfolio are generated SQL-side with generate_series.
 */
import { sql } from 'drizzle-orm';
import { silentLogger } from '../src/core/logger.ts';
import { fixedClock } from '../src/core/clock.ts';
import type { Db } from '../src/db/index.ts';
import { parseSbom } from '../src/inventory/parsers/index.ts';
import { matchInventory } from '../src/matching/match-batch.ts';
import { MatchingService } from '../src/matching/matching.service.ts';
import { MemoryAdvisoryLookup } from '../src/matching/memory-lookup.ts';
import type { Advisory, FeedRecord } from '../src/vulns/advisory.ts';
import { storeBatch } from '../src/vulns/index.ts';
import { openTestDatabase } from '../test/support/databases.ts';
import { generateCycloneDx } from '../test/support/generate-sbom.ts';
import { bestOf, type BenchFigure, type BenchSuite } from './bench.ts';

const ADVISORIES = 450_000;
const VERSIONS = 1_000;
const COMPONENTS = 1_000;
/** 5,000 packages × 10 versions = 50,000 distinct package versions in the portfolio. */
const PACKAGES = 5_000;
const PACKAGE_VERSIONS = 10;
/** Advisories spread over this many package names (every seventh name): one portfolio package in seven has some. */
const ADVISORY_PACKAGES = 100_000;

function advisoryFor(n: number, ecosystem: string, name: string, fixed: string): Advisory {
  return {
    source: 'osv',
    sourceId: `GHSA-bench-${n}`,
    cves: [`CVE-2030-${String(10_000 + n)}`],
    aliases: [],
    related: [],
    flags: [],
    modified: '2025-01-01T00:00:00Z',
    titles: [],
    descriptions: [],
    severities: [{ source: 'ghsa', type: 'CVSS_V3', version: '3.1', score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
    cwes: [],
    references: [],
    affected: [
      { kind: 'package', ecosystem, name, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }], versions: [], status: 'affected' },
    ],
    remediations: [],
  };
}

/** (a): 450,000 advisories in memory; one in ten of the SBOM's packages has some. */
async function scanFigures(progress: (m: string) => void): Promise<BenchFigure[]> {
  progress('generating 450,000 advisories in memory');
  const ecosystems = ['npm', 'Maven', 'PyPI'];
  const records: FeedRecord[] = [];
  for (let n = 0; n < ADVISORIES; n++) {
    // One package in ten of the SBOM has advisories, as in real inventories.
    const i = (n % ADVISORY_PACKAGES) * 10;
    // Names as generate-sbom spells them: package-i, npm scoped every third, Maven grouped.
    const eco = ecosystems[i % 3] as string;
    const name =
      eco === 'npm'
        ? i % 3 === 0
          ? `@scope${i % 17}/package-${i}`
          : `package-${i}`
        : eco === 'Maven'
          ? `org.example.group${i % 23}:package-${i}`
          : `package-${i}`;
    records.push({ kind: 'advisory', advisory: advisoryFor(n, eco, name, `${1 + (n % 9)}.${n % 30}.0`) });
  }
  const lookup = new MemoryAdvisoryLookup(records);
  const bytes = generateCycloneDx(10_000);
  progress('scanning a 10,000-component SBOM');
  let findings = 0;
  const scanMs = await bestOf(3, async () => {
    const parsed = await parseSbom(bytes, { validation: 'warn', maxBytes: 1 << 30 });
    if (!parsed.ok) throw new Error(parsed.message);
    const results = await matchInventory(parsed.sbom.components, lookup);
    findings = results.reduce((s, r) => s + r.findings.length, 0);
  });
  progress(`${findings} findings`);
  const parsed = await parseSbom(bytes, { validation: 'warn', maxBytes: 1 << 30 });
  if (!parsed.ok) throw new Error(parsed.message);
  const matchMs = await bestOf(3, () => matchInventory(parsed.sbom.components, lookup));
  // The baseline: one Map lookup per component, keyed by its purl, on the same machine.
  const map = new Map(parsed.sbom.components.map((c, i) => [c.purl ?? String(i), i]));
  const purls = parsed.sbom.components.map((c) => c.purl ?? '');
  let sink = 0;
  const mapMs = await bestOf(5, () => {
    for (const p of purls) sink += map.get(p) ?? 0;
  });
  if (sink < 0) throw new Error('unreachable');
  const perComponentUs = (matchMs * 1000) / purls.length;
  return [
    { name: 'matching.scan_10k_components_embedded', value: Math.round(scanMs), unit: 'ms', target: 1000, ratio: null },
    {
      name: 'matching.match_per_component',
      value: Number(perComponentUs.toFixed(2)),
      unit: 'µs',
      target: null,
      ratio: Math.round(matchMs / Math.max(mapMs, 1e-6)),
    },
  ];
}

/** The store and the portfolio, SQL-side (the dashboard bench reads the same portfolio). */
export async function generatePortfolio(db: Db, progress: (m: string) => void): Promise<void> {
  progress('generating 450,000 advisories in Postgres');
  await db.execute(sql`
    insert into vulnerabilities (id, aliases, sources, severity)
    select 'CVE-2030-' || (10000 + n), array['GHSA-bench-' || n], array['osv'], 'high' from generate_series(0, ${ADVISORIES - 1}) n`);
  await db.execute(sql`
    insert into advisories (id, source, source_id, modified, normalized, content_hash, affected_hash)
    select n + 1, 'osv', 'GHSA-bench-' || n, '2025-01-01T00:00:00Z',
      jsonb_build_object('source', 'osv', 'sourceId', 'GHSA-bench-' || n, 'cves', jsonb_build_array('CVE-2030-' || (10000 + n)),
        'aliases', '[]'::jsonb, 'related', '[]'::jsonb, 'flags', '[]'::jsonb, 'modified', '2025-01-01T00:00:00Z',
        'titles', '[]'::jsonb, 'descriptions', '[]'::jsonb, 'severities', '[]'::jsonb, 'cwes', '[]'::jsonb, 'references', '[]'::jsonb,
        'remediations', '[]'::jsonb,
        'affected', jsonb_build_array(jsonb_build_object('kind', 'package', 'ecosystem', 'npm', 'name', 'pkg-' || ((n % ${ADVISORY_PACKAGES}) * 7),
          'versions', '[]'::jsonb, 'status', 'affected',
          'ranges', jsonb_build_array(jsonb_build_object('type', 'SEMVER', 'events',
            jsonb_build_array(jsonb_build_object('introduced', '0'), jsonb_build_object('fixed', '1.' || ((n / ${ADVISORY_PACKAGES} + n) % ${PACKAGE_VERSIONS}) || '.0')))))))::text,
      md5(n::text), md5(n::text)
    from generate_series(0, ${ADVISORIES - 1}) n`);
  await db.execute(sql`select setval(pg_get_serial_sequence('advisories', 'id'), ${ADVISORIES})`);
  await db.execute(
    sql`insert into advisory_vulnerabilities (advisory_id, vulnerability_id) select n + 1, 'CVE-2030-' || (10000 + n) from generate_series(0, ${ADVISORIES - 1}) n`,
  );
  await db.execute(
    sql`insert into vulnerability_aliases (alias, vulnerability_id) select 'GHSA-bench-' || n, 'CVE-2030-' || (10000 + n) from generate_series(0, ${ADVISORIES - 1}) n`,
  );
  await db.execute(
    sql`insert into affected_packages (ecosystem, name, advisory_id) select 'npm', 'pkg-' || ((n % ${ADVISORY_PACKAGES}) * 7), n + 1 from generate_series(0, ${ADVISORIES - 1}) n`,
  );

  progress('generating 1,000 product versions × 1,000 components');
  await db.execute(sql`insert into teams (id, name) values ('bench', 'Bench')`);
  await db.execute(sql`insert into products (id, name, team_id) select md5('p' || p)::uuid, 'product-' || p, 'bench' from generate_series(0, 99) p`);
  await db.execute(sql`
    insert into product_versions (id, product_id, version)
    select md5('v' || v)::uuid, md5('p' || (v / 10))::uuid, '1.' || (v % 10) from generate_series(0, ${VERSIONS - 1}) v`);
  await db.execute(sql`
    insert into sbom_uploads (id, product_version_id, sha256, size_bytes, raw_gzip, validation, status)
    select md5('u' || v)::uuid, md5('v' || v)::uuid, md5('u' || v), 1, '\\x00'::bytea, 'warn', 'processed' from generate_series(0, ${VERSIONS - 1}) v`);
  // Package (7v + 13i) mod 5000 at version v mod 10: 50,000 distinct package versions, each in about 20 product versions.
  await db.execute(sql`
    insert into components (upload_id, product_version_id, bom_ref, type, name, version, purl, purl_base)
    select md5('u' || v)::uuid, md5('v' || v)::uuid, 'c' || i, 'library', 'pkg-' || ((v * 7 + i * 13) % ${PACKAGES}), '1.' || (v % ${PACKAGE_VERSIONS}) || '.5',
      'pkg:npm/pkg-' || ((v * 7 + i * 13) % ${PACKAGES}) || '@1.' || (v % ${PACKAGE_VERSIONS}) || '.5', 'pkg:npm/pkg-' || ((v * 7 + i * 13) % ${PACKAGES})
    from generate_series(0, ${VERSIONS - 1}) v, generate_series(0, ${COMPONENTS - 1}) i`);
  await db.execute(sql`analyze`);
}

async function postgresFigures(url: string, progress: (m: string) => void): Promise<BenchFigure[]> {
  const t = await openTestDatabase({ kind: 'postgres', url });
  try {
    const t0 = performance.now();
    await generatePortfolio(t.db, progress);
    const generateMs = performance.now() - t0;
    const service = new MatchingService({ db: t.db, clock: fixedClock(new Date('2025-06-01T00:00:00Z')), log: silentLogger() });

    progress('full re-match');
    const r0 = performance.now();
    const full = await service.rematchAll();
    const fullMs = performance.now() - r0;
    const distinct = await t.db.execute(sql`select count(*)::int as n from package_versions`);
    progress(
      `${full.evaluated} package versions evaluated, ${full.upserted} findings, ${(distinct as unknown as { rows: { n: number }[] }).rows[0]?.n} distinct`,
    );

    progress('reverse match of one new advisory');
    const reverseRuns: number[] = [];
    for (let k = 0; k < 5; k++) {
      const a: Advisory = { ...advisoryFor(ADVISORIES + k, 'npm', `pkg-${7 * (10 + k)}`, '1.9.0'), cves: [`CVE-2031-${10_000 + k}`] };
      const { changedVulnerabilityIds } = await storeBatch(t.db, [{ record: { kind: 'advisory', advisory: a }, raw: {}, location: 'bench' }]);
      const s = performance.now();
      await service.matchVulnerabilities(changedVulnerabilityIds);
      reverseRuns.push(performance.now() - s);
    }
    const reverseMs = Math.min(...reverseRuns);
    return [
      { name: 'matching.generate_portfolio_postgres', value: Math.round(generateMs), unit: 'ms', target: null, ratio: null },
      { name: 'matching.reverse_one_advisory_postgres', value: Number(reverseMs.toFixed(1)), unit: 'ms', target: 100, ratio: null },
      { name: 'matching.full_rematch_postgres', value: Number((fullMs / 1000).toFixed(1)), unit: 's', target: 60, ratio: null },
    ];
  } finally {
    await t.cleanup();
  }
}

export const suite: BenchSuite = {
  name: 'matching',
  async run(ctx) {
    const figures = await scanFigures(ctx.progress);
    if (ctx.postgresUrl) figures.push(...(await postgresFigures(ctx.postgresUrl, ctx.progress)));
    else ctx.progress('no Postgres reachable: reverse and full re-match figures skipped');
    return figures;
  },
};
