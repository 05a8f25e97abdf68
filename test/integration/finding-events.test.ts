import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.ts';
import type { InProcessQueue } from '../../src/jobs/index.ts';
import { databaseTargets } from '../support/databases.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** A CycloneDX 1.6 document naming npm packages; `serial` changes the bytes without changing the inventory. */
function sbom(packages: Record<string, string>, serial = 1): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    version: 1,
    metadata: { timestamp: new Date(Date.UTC(2025, 0, serial)).toISOString(), component: { type: 'application', name: 'shop', version: '1' } },
    components: Object.entries(packages).map(([name, version]) => ({
      type: 'library',
      'bom-ref': `pkg:npm/${name}@${version}`,
      name,
      version,
      purl: `pkg:npm/${name}@${version}`,
    })),
  });
}

/** An OSV record for an npm package fixed at `fixed`. */
const osv = (id: string, name: string, fixed: string, extra: Record<string, unknown> = {}) => ({
  schema_version: '1.6.0',
  id,
  modified: new Date().toISOString(),
  summary: `${name} flaw`,
  affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
  ...extra,
});

interface EventRow {
  id: number;
  type: string;
  vulnerability_id: string | null;
  data: Record<string, unknown>;
}

for (const target of databaseTargets()) {
  const title = `findings as an event stream [${target.kind}]`;
  if (target.skip !== undefined) {
    describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
    continue;
  }
  describe(title, () => {
    let t: TestRuntime;
    let dumps: string;
    let uploader: { authorization: string };
    let seen = 0;

    const settle = () => (t.rt.queue as InProcessQueue).idle();
    const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.rt.deps.db, q);
    /** Events written since the last call. */
    const newEvents = async (): Promise<EventRow[]> => {
      // Cases follow findings under the default policy; this stream is about findings and their causes.
      const out = await rows<EventRow>(
        sql`select id::int as id, type, vulnerability_id, data from events where id > ${seen} and type not like 'case.%' order by id`,
      );
      seen = out.at(-1)?.id ?? seen;
      return out;
    };
    const upload = async (body: string, version = '1.0', part = 'main'): Promise<string> => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sboms?product=shop&version=${version}&part=${part}`,
        headers: { ...uploader, 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode).toBe(202);
      await settle();
      return res.json<{ id: string }>().id;
    };
    const sync = async (files: Record<string, unknown>): Promise<void> => {
      const dir = await mkdtemp(path.join(dumps, 'dump-'));
      for (const [name, content] of Object.entries(files)) {
        const file = path.join(dir, name);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, JSON.stringify(content));
      }
      const source = Object.keys(files)[0]!.split('/')[0]!;
      const [report] = await t.rt.feeds.syncNow(source, dir);
      expect(report?.error).toBeUndefined();
      await settle();
    };
    const findings = () =>
      rows<{ id: number; vulnerability_id: string; state: string; retract_reason: string | null; first_seen: string }>(
        sql`select id::int as id, vulnerability_id, state, retract_reason, first_seen::text from findings order by id`,
      );

    beforeAll(async () => {
      t = await openTestRuntime(target, 'in-process', (c) => ({
        ...c,
        teams: [
          { id: 'web', name: 'Web' },
          { id: 'ops', name: 'Ops' },
        ],
      }));
      uploader = await t.tokenFor('web', 'uploader');
      dumps = await mkdtemp(path.join(tmpdir(), 'kanshi-events-'));
    });
    afterAll(async () => {
      await t?.close();
      await rm(dumps, { recursive: true, force: true });
    });

    it('an upload opens its findings with one finding.opened event each, after sbom.processed', async () => {
      await sync({ 'osv/GHSA-1111-2222-3333.json': osv('GHSA-1111-2222-3333', 'left-pad', '1.3.0') });
      await newEvents();
      await upload(sbom({ 'left-pad': '1.1.0', lodash: '4.17.21' }));
      const events = await newEvents();
      expect(events.map((e) => e.type)).toEqual(['sbom.processed', 'finding.opened']);
      expect(events[1]).toMatchObject({ vulnerability_id: 'GHSA-1111-2222-3333', data: { reopened: false } });
      expect(await findings()).toMatchObject([{ vulnerability_id: 'GHSA-1111-2222-3333', state: 'open' }]);
    });

    it('re-uploading the same inventory with a new timestamp keeps the finding, its id and first seen, and says nothing about it', async () => {
      const before = await findings();
      await upload(sbom({ 'left-pad': '1.1.0', lodash: '4.17.21' }, 2));
      expect((await newEvents()).map((e) => e.type)).toEqual(['sbom.processed']);
      expect(await findings()).toEqual(before);
    });

    it('a GHSA absorbed into its CVE keeps its finding: re-keyed in place, one vulnerability.absorbed event, no finding event', async () => {
      const [before] = await findings();
      await sync({
        'osv/GHSA-1111-2222-3333.json': osv('GHSA-1111-2222-3333', 'left-pad', '1.3.0', { aliases: ['CVE-2099-4242'] }),
      });
      const events = await newEvents();
      expect(events.filter((e) => e.type.startsWith('finding.'))).toEqual([]);
      expect(events.filter((e) => e.type === 'vulnerability.absorbed').map((e) => e.data)).toEqual([{ from: 'GHSA-1111-2222-3333', into: 'CVE-2099-4242' }]);
      expect(await findings()).toEqual([{ ...before!, vulnerability_id: 'CVE-2099-4242' }]);
    });

    it('a KEV addition is reported once, and only when new to the catalogue', async () => {
      const kev = (added: string) => ({
        'kev/known_exploited_vulnerabilities.json': {
          title: 'CISA Catalog of Known Exploited Vulnerabilities',
          catalogVersion: '2099.01.02',
          dateReleased: '2099-01-02T17:00:00.000Z',
          count: 1,
          vulnerabilities: [
            {
              cveID: 'CVE-2099-4242',
              vendorProject: 'left-pad',
              product: 'left-pad',
              vulnerabilityName: 'left-pad flaw',
              dateAdded: added,
              shortDescription: 'x',
              requiredAction: 'patch',
              dueDate: '2099-02-01',
              knownRansomwareCampaignUse: 'Unknown',
              notes: '',
            },
          ],
        },
      });
      await sync(kev('2099-01-02'));
      expect((await newEvents()).filter((e) => e.type === 'vulnerability.kev-added').map((e) => e.data)).toEqual([
        { cve: 'CVE-2099-4242', dateAdded: '2099-01-02' },
      ]);
      await sync(kev('2099-01-03'));
      expect((await newEvents()).filter((e) => e.type === 'vulnerability.kev-added')).toEqual([]);
    });

    it('retracts with the reason: component gone, range changed, advisory withdrawn, version archived', async () => {
      const reasons = async () => (await newEvents()).filter((e) => e.type === 'finding.retracted').map((e) => e.data.reason);
      // The fix shipped: the vulnerable package version is gone from the inventory.
      await upload(sbom({ 'left-pad': '1.3.0', lodash: '4.17.21' }, 3));
      expect(await reasons()).toEqual(['component-gone']);
      // Back to the vulnerable version: the same finding comes back, reopened.
      await upload(sbom({ 'left-pad': '1.1.0', lodash: '4.17.21' }, 4));
      expect((await newEvents()).filter((e) => e.type === 'finding.opened').map((e) => e.data.reopened)).toEqual([true]);
      // The advisory narrows its range past the shipped version.
      await sync({ 'osv/GHSA-1111-2222-3333.json': osv('GHSA-1111-2222-3333', 'left-pad', '1.0.0', { aliases: ['CVE-2099-4242'] }) });
      expect(await reasons()).toEqual(['range-changed']);
      await sync({ 'osv/GHSA-1111-2222-3333.json': osv('GHSA-1111-2222-3333', 'left-pad', '1.3.0', { aliases: ['CVE-2099-4242'] }) });
      await newEvents();
      await sync({
        'osv/GHSA-1111-2222-3333.json': osv('GHSA-1111-2222-3333', 'left-pad', '1.3.0', { aliases: ['CVE-2099-4242'], withdrawn: new Date().toISOString() }),
      });
      expect(await reasons()).toEqual(['advisory-withdrawn']);
      await sync({ 'osv/GHSA-1111-2222-3333.json': osv('GHSA-1111-2222-3333', 'left-pad', '1.3.0', { aliases: ['CVE-2099-4242'] }) });
      await newEvents();
      const patch = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/products/shop/versions/1.0',
        headers: t.admin,
        payload: { lifecycle: 'archived' },
      });
      expect(patch.statusCode).toBe(200);
      await settle();
      expect(await reasons()).toEqual(['version-archived']);
      const [only] = await findings();
      expect(only).toMatchObject({ state: 'retracted', retract_reason: 'version-archived' });
    });

    it('of two uploads of one part, the one accepted last stays current whatever order they finish in', async () => {
      const repo = t.rt.inventory.repo;
      const older = await repo.getUploadForProcessing(await upload(sbom({ a: '1.0.0' }, 10), '2.0'));
      const newer = await repo.getUploadForProcessing(await upload(sbom({ b: '1.0.0' }, 11), '2.0'));
      // The older one's job runs again late (a retry, a slow worker): it must not replace the newer.
      await t.rt.deps.db.execute(sql`update sbom_uploads set status = 'queued' where id = ${older!.id}`);
      await t.rt.inventory.ingest.process(older!.id);
      const parts = await t.app.inject({ method: 'GET', url: '/api/v1/products/shop/versions/2.0', headers: t.admin });
      expect(parts.json<{ parts: { uploadId: string }[] }>().parts.map((p) => p.uploadId)).toEqual([newer!.id]);
      const names = await rows<{ name: string }>(
        sql`select c.name from components c join product_versions pv on pv.id = c.product_version_id where pv.version = '2.0'`,
      );
      expect(names.map((n) => n.name)).toEqual(['b']);
      const processed = (await newEvents()).filter((e) => e.type === 'sbom.processed').map((e) => e.data.current);
      expect(processed).toEqual([true, true, false]);
    });

    it('GET /events pages in published order, gap-free, scoped to the caller’s team', async () => {
      const all: number[] = [];
      for (let after = 0; ;) {
        const page = (await t.app.inject({ method: 'GET', url: `/api/v1/events?after=${after}&limit=7`, headers: t.admin })).json<{
          items: { id: number }[];
          next: number;
        }>();
        if (page.items.length === 0) break;
        all.push(...page.items.map((e) => e.id));
        after = page.next;
      }
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const [{ n }] = (await rows<{ n: number }>(sql`select count(*)::int as n from events`)) as [{ n: number }];
      expect(all.length).toBe(n);

      const other = await t.tokenFor('ops', 'member');
      const theirs = (await t.app.inject({ method: 'GET', url: '/api/v1/events?limit=1000', headers: other })).json<{ items: { team: string | null }[] }>();
      expect(theirs.items.length).toBeGreaterThan(0);
      expect(theirs.items.every((e) => e.team === null)).toBe(true);
      const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/events?limit=1000', headers: uploader })).json<{ items: { team: string | null }[] }>();
      expect(mine.items.some((e) => e.team === 'web')).toBe(true);
      expect(mine.items.every((e) => e.team === null || e.team === 'web')).toBe(true);
    });
  });
}
