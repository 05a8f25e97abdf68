/**
 * Random interleavings of uploads (parts replaced, processed out of order) and feed changes
 * (added, range changed, withdrawn, merged into a CVE) with matching running concurrently on
 * Postgres. At every quiet point the open findings must be what an independent oracle computes
 * from the inventory and the advisories, the outbox events of the interval must tell exactly
 * the difference (no finding flips that nothing touched), and at the end a full re-match must
 * change nothing and the replayed outbox must give the final state.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { queryRows, teams, type Db } from '../../src/db/index.ts';
import { InventoryRepo, parseSbom } from '../../src/inventory/index.ts';
import { MatchingService, rekeyFindings } from '../../src/matching/index.ts';
import { advisory, osvPackage } from '../../src/matching/testdata/advisories.ts';
import { storeBatch } from '../../src/vulns/index.ts';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const PACKAGES = ['a', 'b'] as const;
const VERSIONS = ['1.0.0', '1.0.1', '1.0.2', '1.0.3'];
const PRODUCTS = ['p0', 'p1'];
const PARTS = ['main', 'extra'];

type Upload = { kind: 'upload'; product: number; part: number; packages: { pkg: number; version: number }[] };
/** Advisory `adv` (on package `adv`) fixed at VERSIONS[fixed] (4: no fix), maybe withdrawn, maybe now known by its CVE. */
type Feed = { kind: 'feed'; adv: number; fixed: number; withdrawn: boolean; alias: boolean };
type Op = Upload | Feed;

const upload: fc.Arbitrary<Upload> = fc.record({
  kind: fc.constant('upload' as const),
  product: fc.nat(PRODUCTS.length - 1),
  part: fc.nat(PARTS.length - 1),
  packages: fc.uniqueArray(fc.record({ pkg: fc.nat(PACKAGES.length - 1), version: fc.nat(VERSIONS.length - 1) }), {
    maxLength: 3,
    selector: (p) => `${p.pkg}@${p.version}`,
  }),
});
const feed: fc.Arbitrary<Feed> = fc.record({
  kind: fc.constant('feed' as const),
  adv: fc.nat(PACKAGES.length - 1),
  fixed: fc.nat(VERSIONS.length),
  withdrawn: fc.boolean(),
  alias: fc.boolean(),
});
/** Ops run concurrently; at most one change per advisory, so the order of commits cannot change the outcome. */
const batch = fc
  .array(fc.oneof(upload, feed), { minLength: 1, maxLength: 4 })
  .map((ops) => ops.filter((op, i) => op.kind === 'upload' || ops.findIndex((o) => o.kind === 'feed' && o.adv === op.adv) === i));

interface Model {
  /** `product/part` → packages of the part's latest accepted upload. */
  parts: Map<string, { pkg: number; version: number }[]>;
  advisories: Map<number, { fixed: number; withdrawn: boolean; alias: boolean }>;
}

const target = databaseTargets().find((t) => t.kind === 'postgres')!;

const title = 'matching under random interleavings [postgres]';
if (target.skip !== undefined) describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
else
  describe(title, () => {
    let t: TestDatabase;
    let run = 0;

    beforeAll(async () => {
      t = await openTestDatabase(target);
      await t.db.insert(teams).values({ id: 'web', name: 'Web' });
    });
    afterAll(() => t?.cleanup());

    it('keeps findings equal to an oracle and the outbox equal to their changes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(batch, { minLength: 2, maxLength: 6 }), async (batches) => {
          run++;
          await scenario(t.db, run, batches);
        }),
        { numRuns: Number(process.env.KANSHI_INTERLEAVING_RUNS ?? 12), endOnFailure: true },
      );
    }, 600_000);
  });

async function scenario(db: Db, run: number, batches: Op[][]): Promise<void> {
  const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
  const matching = new MatchingService({ db, clock, log: silentLogger() });
  const repo = new InventoryRepo(db);
  const name = (pkg: number) => `r${run}-${PACKAGES[pkg]}`;
  const product = (p: number) => `r${run}-${PRODUCTS[p]}`;
  const ghsa = (adv: number) => `GHSA-r${run}-${adv}`;
  const cve = (adv: number) => `CVE-2099-${String(run * 10 + adv).padStart(5, '0')}`;
  const model: Model = { parts: new Map(), advisories: new Map() };
  const serial = { n: 0 };

  const runUpload = async (op: Upload, accepted: Promise<{ id: string; productVersionId: string }>): Promise<void> => {
    const { id, productVersionId } = await accepted;
    const doc = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: op.packages.map(({ pkg, version }) => {
        const purl = `pkg:npm/${name(pkg)}@${VERSIONS[version]}`;
        return { type: 'library', 'bom-ref': purl, name: name(pkg), version: VERSIONS[version], purl };
      }),
    });
    const parsed = await parseSbom(Buffer.from(doc), { validation: 'warn', maxBytes: 1e6 });
    if (!parsed.ok) throw new Error(parsed.message);
    await repo.storeInventory({ id, productVersionId, part: PARTS[op.part]! }, parsed.sbom, clock.now());
    await matching.matchVersion(productVersionId);
  };
  const runFeed = async (op: Feed): Promise<void> => {
    const record = advisory({
      source: 'osv',
      sourceId: ghsa(op.adv),
      modified: new Date(Date.UTC(2026, 0, 1, 0, 0, serial.n++)).toISOString(),
      aliases: op.alias ? [cve(op.adv)] : [],
      cves: op.alias ? [cve(op.adv)] : [],
      flags: op.withdrawn ? ['withdrawn'] : [],
      affected: [osvPackage('npm', name(op.adv), ['0', VERSIONS[op.fixed]])],
    });
    const changed = await db.transaction(async (tx) => {
      const stored = await storeBatch(tx as unknown as Db, [{ record: { kind: 'advisory', advisory: record }, raw: {}, location: 'test' }]);
      for (const [from, into] of stored.absorbed) await rekeyFindings(tx as unknown as Db, from, into);
      return stored.changedVulnerabilityIds;
    });
    await matching.matchVulnerabilities(changed);
  };

  let before = new Map<string, number>();
  let seen = Number((await queryRows<{ n: string | null }>(db, sql`select max(id) as n from events`))[0]?.n ?? 0);
  for (const ops of batches) {
    // Accepted in order, processed concurrently: the last accepted upload of a part must stay current.
    const accepted = new Map<Upload, Promise<{ id: string; productVersionId: string }>>();
    for (const op of ops) {
      if (op.kind !== 'upload') continue;
      accepted.set(
        op,
        (async () => {
          const { productVersionId } = await repo.ensureProductVersion(product(op.product), '1.0', 'web');
          const up = await repo.insertUpload({
            productVersionId,
            part: PARTS[op.part]!,
            sha256: `${run}-${serial.n++}`,
            sizeBytes: 1,
            rawGzip: Buffer.alloc(0),
            validation: 'warn',
            uploadedBy: null as unknown as string,
          });
          return { id: up.id, productVersionId };
        })(),
      );
      await accepted.get(op);
      model.parts.set(`${op.product}/${op.part}`, op.packages);
    }
    for (const op of ops) {
      if (op.kind !== 'feed') continue;
      const prior = model.advisories.get(op.adv);
      // Once merged into its CVE, an advisory stays merged.
      model.advisories.set(op.adv, { fixed: op.fixed, withdrawn: op.withdrawn, alias: op.alias || (prior?.alias ?? false) });
      op.alias = op.alias || (prior?.alias ?? false);
    }
    await Promise.all(ops.map((op) => (op.kind === 'upload' ? runUpload(op, accepted.get(op)!) : runFeed(op))));

    const after = await openFindings(db, run);
    expect([...after.keys()].sort()).toEqual(expected(model, product, name, ghsa, cve));
    const events = await queryRows<{ id: string; type: string; finding: string }>(
      db,
      sql`select e.id, e.type, e.data->>'findingId' as finding from events e join products p on p.id = e.product_id
        where e.id > ${seen} and p.name like ${`r${run}-%`} and e.type like 'finding.%' order by e.id`,
    );
    seen = Math.max(seen, ...events.map((e) => Number(e.id)));
    const byFinding = new Map<number, string[]>();
    for (const e of events) byFinding.set(Number(e.finding), [...(byFinding.get(Number(e.finding)) ?? []), e.type]);
    const openBefore = new Set(before.values());
    const openAfter = new Set(after.values());
    for (const [finding, types] of byFinding) {
      // Events of one finding alternate, starting from its state before the interval and ending in its state after.
      let open = openBefore.has(finding);
      for (const type of types) {
        expect(type).toBe(open ? 'finding.retracted' : 'finding.opened');
        open = !open;
      }
      expect(open).toBe(openAfter.has(finding));
    }
    for (const f of openAfter) if (!openBefore.has(f)) expect(byFinding.has(f)).toBe(true);
    for (const f of openBefore) if (!openAfter.has(f)) expect(byFinding.has(f)).toBe(true);
    // No phantom flips: a finding whose product no op of the interval uploaded and whose advisory no op changed says nothing.
    const touchedProducts = new Set(ops.flatMap((op) => (op.kind === 'upload' ? [product(op.product)] : [])));
    const touchedPackages = new Set(ops.flatMap((op) => (op.kind === 'feed' ? [name(op.adv)] : [])));
    for (const [key, finding] of [...before, ...after]) {
      const [p, purl] = key.split(' ');
      const pkg = purl!.replace(/^pkg:npm\/(.*)@.*$/, '$1');
      if (!touchedProducts.has(p!) && !touchedPackages.has(pkg)) expect(byFinding.has(finding)).toBe(false);
    }
    before = after;
  }

  const again = await matching.rematchAll();
  expect({ opened: again.opened, retracted: again.retracted }).toEqual({ opened: 0, retracted: 0 });
  const replayed = new Set<number>();
  const all = await queryRows<{ type: string; finding: string }>(
    db,
    sql`select e.type, e.data->>'findingId' as finding from events e join products p on p.id = e.product_id
      where p.name like ${`r${run}-%`} and e.type like 'finding.%' order by e.id`,
  );
  for (const e of all) {
    if (e.type === 'finding.opened') replayed.add(Number(e.finding));
    else replayed.delete(Number(e.finding));
  }
  expect([...replayed].sort()).toEqual([...(await openFindings(db, run)).values()].sort());
}

/** Open findings of the run: `product purl vulnerability` → finding id. */
async function openFindings(db: Db, run: number): Promise<Map<string, number>> {
  const rows = await queryRows<{ key: string; id: string }>(
    db,
    sql`select p.name || ' ' || pkv.purl || ' ' || f.vulnerability_id as key, f.id from findings f
      join product_versions pv on pv.id = f.product_version_id join products p on p.id = pv.product_id
      join package_versions pkv on pkv.id = f.package_version_id
      where f.state = 'open' and p.name like ${`r${run}-%`}`,
  );
  return new Map(rows.map((r) => [r.key, Number(r.id)]));
}

/** What the findings must be: every shipped package version inside an advisory's range that is not withdrawn. */
function expected(
  model: Model,
  product: (p: number) => string,
  name: (pkg: number) => string,
  ghsa: (adv: number) => string,
  cve: (adv: number) => string,
): string[] {
  const out = new Set<string>();
  for (const [key, packages] of model.parts) {
    const p = Number(key.split('/')[0]);
    for (const { pkg, version } of packages) {
      const adv = model.advisories.get(pkg);
      if (!adv || adv.withdrawn || version >= adv.fixed) continue;
      out.add(`${product(p)} pkg:npm/${name(pkg)}@${VERSIONS[version]} ${adv.alias ? cve(pkg) : ghsa(pkg)}`);
    }
  }
  return [...out].sort();
}
