/**
 * Running-on platforms per product version, and components whose identifiers cannot be read,
 * through the daemon: real NVD record CVE-2022-22965 (Spring Framework before 5.2.20 and 5.3.0
 * to 5.3.17, in an AND configuration with `cpe:2.3:a:oracle:jdk:*` from version 9 on, not
 * vulnerable itself), uploaded SBOMs, reverse, forward and full matching, and policy changes.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InProcessQueue } from '../../src/jobs/index.ts';
import { DEFAULT_POLICY_YAML } from '../../src/cases/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { describeWithFixtures } from '../support/fixtures.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const spring = (version: string) => ({ name: 'spring-framework', version, cpe: `cpe:2.3:a:vmware:spring_framework:${version}:*:*:*:*:*:*:*` });
const jdk = (version: string) => ({ name: 'jdk', version, cpe: `cpe:2.3:a:oracle:jdk:${version}:*:*:*:*:*:*:*` });

const cyclonedx = (components: Record<string, string>[]): string =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    components: components.map((c, i) => ({ type: 'library', 'bom-ref': `c${i}`, ...c })),
  });

interface FindingOut {
  product: string;
  version: string;
  vulnerability: string;
  component: { name: string };
  match: { confidence: string; marks: string[] };
  state: string;
}

describeWithFixtures('running-on platforms per product version (CVE-2022-22965)', (fixtures) => {
  describeDatabases('daemon', (target) => {
    let t: TestRuntime;
    let dir: string;
    let uploader: { authorization: string };
    const settle = () => (t.rt.queue as InProcessQueue).idle();
    const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: string, type = 'application/json') => {
      const res = await t.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { ...(method === 'POST' ? uploader : t.admin), ...(payload === undefined ? {} : { 'content-type': type }) },
        ...(payload === undefined ? {} : { payload }),
      });
      await settle();
      return res;
    };
    const upload = async (product: string, version: string, components: Record<string, string>[]) => {
      const res = await api('POST', `/sboms?product=${product}&version=${version}&validation=warn`, cyclonedx(components));
      expect(res.statusCode, res.body).toBe(202);
    };
    /** The CVE's findings as `product version: confidence marks`, open or retracted. */
    const findings = async (state: 'open' | 'retracted' = 'open'): Promise<string[]> => {
      const res = await api('GET', `/findings?vulnerability=CVE-2022-22965&state=${state}`);
      return res
        .json<{ items: FindingOut[] }>()
        .items.map((f) => `${f.product} ${f.version}: ${f.component.name} ${f.match.confidence}${f.match.marks.length ? ` ${f.match.marks.join(',')}` : ''}`)
        .sort();
    };
    const policyDeclaring = (platforms: string[]) =>
      `${DEFAULT_POLICY_YAML}products:\n  - products: appliance\n    platforms: [${platforms.map((p) => JSON.stringify(p)).join(', ')}]\n`;

    beforeAll(async () => {
      t = await openTestRuntime(target, 'in-process');
      uploader = await t.tokenFor('conformance', 'uploader');
      await upload('shop', '1.0', [spring('5.3.17'), jdk('11.0.2')]);
      await upload('legacy', '1.0', [spring('5.3.17'), jdk('1.8.0')]);
      // A generator that drops the Maven group writes a purl the maven type forbids.
      await upload('appliance', '1.0', [spring('5.3.17'), { name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/log4j-core@2.14.1' }]);
      dir = await mkdtemp(path.join(tmpdir(), 'kanshi-platforms-'));
      await mkdir(path.join(dir, 'nvd'));
      await copyFile(path.join(fixtures, 'feeds/nvd/cve/CVE-2022-22965.json'), path.join(dir, 'nvd/CVE-2022-22965.json'));
      expect((await t.rt.feeds.syncNow('nvd', dir))[0]?.error).toBeUndefined();
      await settle();
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('reverse matching settles the platform per product version: JDK 11 confirms, JDK 8 rules out, no JDK leaves it unverified', async () => {
      expect(await findings()).toEqual(['appliance 1.0: spring-framework low platform-unverified', 'shop 1.0: spring-framework medium']);
    });

    it('forward matching of a new version settles it against that version’s own inventory', async () => {
      await upload('shop', '2.0', [spring('5.3.17'), jdk('17')]);
      await upload('legacy', '2.0', [spring('5.3.17'), jdk('1.8.0_202')]);
      expect(await findings()).toEqual([
        'appliance 1.0: spring-framework low platform-unverified',
        'shop 1.0: spring-framework medium',
        'shop 2.0: spring-framework medium',
      ]);
    });

    it('platforms the policy declares for a product settle it on the next run a policy change asks for, and retract it when they rule it out', async () => {
      expect((await api('PUT', '/policy', policyDeclaring(['cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*']), 'application/yaml')).statusCode).toBe(200);
      expect(await findings()).toContain('appliance 1.0: spring-framework medium');

      expect((await api('PUT', '/policy', policyDeclaring(['cpe:/a:oracle:jdk:1.8.0']), 'application/yaml')).statusCode).toBe(200);
      expect(await findings()).not.toContain(expect.stringMatching(/^appliance/));
      expect(await findings('retracted')).toEqual(['appliance 1.0: spring-framework medium']);
      const events = await api('GET', '/events?after=0&limit=1000');
      expect(
        events
          .json<{ items: { type: string; data: { reason?: string } }[] }>()
          .items.filter((e) => e.type === 'finding.retracted')
          .map((e) => e.data.reason),
      ).toEqual(['platform-absent']);
    });

    it('a full re-match agrees with what the forward and reverse runs settled', async () => {
      const before = await findings();
      const r = await t.rt.matching.rematchAll();
      expect({ opened: r.opened, retracted: r.retracted }).toEqual({ opened: 0, retracted: 0 });
      expect(await findings()).toEqual(before);
    });

    it('a policy that declares a platform the matcher cannot use is refused with its line', async () => {
      const res = await api('POST', '/policy/check', policyDeclaring(['cpe:2.3:o:*:linux_kernel:6.1:*:*:*:*:*:*:*']), 'application/yaml');
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
        { path: expect.stringMatching(/ products\.0\.platforms\.0$/), message: expect.stringMatching(/names its vendor and product/) },
      ]);
    });

    it('a component whose purl cannot be read is counted undecided in its version and listed with the reason', async () => {
      const version = (await api('GET', '/products/appliance/versions/1.0')).json<{ undecided: unknown }>();
      expect(version.undecided).toEqual({ total: 1, candidates: 0, unreadableIdentifiers: 1 });
      const listed = (await api('GET', '/products/appliance/versions/1.0/components?undecided=true')).json<{
        items: { name: string; purl: string | null; unreadableIdentifier: string | null }[];
        total: number;
      }>();
      expect(listed.total).toBe(1);
      expect(listed.items[0]).toMatchObject({
        name: 'log4j-core',
        purl: null,
        unreadableIdentifier: expect.stringMatching(/^purl "pkg:maven\/log4j-core@2.14.1" ignored: .*namespace/),
      });
      const readable = (await api('GET', '/products/appliance/versions/1.0/components?undecided=false')).json<{ items: { name: string }[] }>();
      expect(readable.items.map((c) => c.name)).toEqual(['spring-framework']);
      expect((await api('GET', '/products/shop/versions/1.0')).json<{ undecided: unknown }>().undecided).toEqual({
        total: 0,
        candidates: 0,
        unreadableIdentifiers: 0,
      });
    });
  });
});
