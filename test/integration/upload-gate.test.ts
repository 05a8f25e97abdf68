import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/package-root.ts';
import { runKanshi as kanshi } from '../support/cli.ts';
import { describeDatabases } from '../support/databases.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'kanshi-gate-'));
const sbom = (name: string, components: [string, string, string][]): string => {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: components.map(([type, n, v]) => ({ type: 'library', 'bom-ref': `${n}@${v}`, name: n, version: v, purl: `pkg:${type}/${n}@${v}` })),
    }),
  );
  return file;
};
// lodash 4.17.20: CVE-2021-23337, high (CVSS 7.2, policy P2), fixed in 4.17.21; urllib3 1.26.4: CVE-2021-33503, high.
const v1 = sbom('shop-1.0.cdx.json', [['npm', 'lodash', '4.17.20']]);
const v2 = sbom('shop-1.1.cdx.json', [
  ['npm', 'lodash', '4.17.20'],
  ['pypi', 'urllib3', '1.26.4'],
]);
const bad = path.join(dir, 'bad.json');
writeFileSync(bad, '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"name": 1}]}');

/** A daemon with no network; the bundled demo feed dump holds the advisories. */
const IMPORT_TIMEOUT_MS = 180_000;

interface GateJson {
  upload: { product: string; version: string };
  previousVersion: string | null;
  bySeverity: Record<string, number>;
  findings: { component: { name: string }; vulnerability: { id: string; severity: string; cvss: { score: number } | null }; new: boolean; priority?: string }[];
  upgrades: { component: { name: string }; to: string }[];
  gate: { failOn: string; tripped: number };
}

/** `kanshi sbom upload --wait --fail-on` as a CI job runs it: the compiled bin against a daemon on a port. */
describeDatabases('sbom upload as the CI gate', (target) => {
  let t: TestRuntime;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process');
    const reports = await t.rt.feeds.syncNow(undefined, path.join(packageRoot(), 'sboms', 'demo-feeds'));
    expect(reports.filter((r) => r.error)).toEqual([]);
    const server = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const uploader = (await t.tokenFor('web', 'uploader')).authorization.slice('Bearer '.length);
    env = { KANSHI_SERVER: server, KANSHI_TOKEN: uploader };
  }, IMPORT_TIMEOUT_MS);
  afterAll(async () => t?.close());

  it(
    'waits for matching, prints the summary and exits 1 past --fail-on high, 0 below --fail-on critical',
    async () => {
      const high = await kanshi(['sbom', 'upload', v1, '--product', 'shop', '--version', '1.0', '--wait', '--fail-on', 'high'], env);
      expect(high.err).toMatch(/status: processed, matching: done/);
      expect(high.out).toMatch(/^lodash@4\.17\.20\s+CVE-2021-23337\s+high\s/m);
      expect(high.out).toMatch(/1 finding\(s\) in 1 component\(s\) \(CycloneDX 1\.5\)/);
      expect(high.out).toMatch(/upgrade lodash@4\.17\.20 to 4\.17\.21 clears 1 of its 1 finding\(s\)/);
      expect(high.out).toMatch(/shop 1\.0: 1 finding\(s\) by severity: critical 0, high 1, medium 0, low 0, unknown 0/);
      expect(high.out).toMatch(/new since the previous version: none to compare with/);
      expect(high.out).toMatch(/FAIL: 1 finding\(s\) at or above high/);
      expect(high.code).toBe(1);
      // The upload's status says what the gate waited for, the DESIGN status unchanged beside it.
      const id = /accepted: upload (\S+)/.exec(high.err)![1]!;
      const status = await t.app.inject({ method: 'GET', url: `/api/v1/sboms/${id}`, headers: { authorization: `Bearer ${env.KANSHI_TOKEN}` } });
      expect(status.json()).toMatchObject({ status: 'processed', matching: 'done', findingsUrl: '/api/v1/findings?product=shop&version=1.0' });

      // The same bytes again: the upload already processed and matched is reported at once.
      const critical = await kanshi(['sbom', 'upload', v1, '--product', 'shop', '--version', '1.0', '--fail-on', 'critical'], env);
      expect(critical.out).toMatch(/pass: no finding at or above critical/);
      expect(critical.code).toBe(0);
    },
    IMPORT_TIMEOUT_MS,
  );

  it(
    'reports what is new since the previous version, with priorities, as JSON and SARIF',
    async () => {
      const json = await kanshi(['sbom', 'upload', v2, '--product', 'shop', '--version', '1.1', '--format', 'json', '--fail-on', 'P2'], env);
      const report = JSON.parse(json.out) as GateJson;
      expect(report.upload).toMatchObject({ product: 'shop', version: '1.1' });
      expect(report.previousVersion).toBe('1.0');
      expect(report.bySeverity).toMatchObject({ critical: 0, high: 2 });
      expect(report.findings.map((f) => `${f.component.name} ${f.vulnerability.id} ${f.vulnerability.severity} new=${f.new} ${f.priority}`).sort()).toEqual([
        'lodash CVE-2021-23337 high new=false P2',
        'urllib3 CVE-2021-33503 high new=true P2',
      ]);
      expect(report.findings.every((f) => (f.vulnerability.cvss?.score ?? 0) >= 7)).toBe(true);
      expect(report.upgrades.map((u) => `${u.component.name} ${u.to}`).sort()).toEqual(['lodash 4.17.21', 'urllib3 1.26.5']);
      expect(report.gate).toMatchObject({ failOn: 'P2', tripped: 2 });
      expect(json.err).toMatch(/FAIL: 2 finding\(s\) of priority P2 or more urgent/);
      expect(json.code).toBe(1);

      const sarif = await kanshi(['sbom', 'upload', v2, '--product', 'shop', '--version', '1.1', '--format', 'sarif', '--fail-on', 'P1'], env);
      const doc = JSON.parse(sarif.out) as {
        version: string;
        runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: unknown[] }[] }[];
      };
      expect(doc.version).toBe('2.1.0');
      expect(doc.runs[0]!.tool.driver.name).toBe('kanshi');
      expect(doc.runs[0]!.results.map((r) => `${r.ruleId} ${r.level}`).sort()).toEqual(['CVE-2021-23337 error', 'CVE-2021-33503 error']);
      expect(doc.runs[0]!.results[0]!.locations[0]).toMatchObject({ physicalLocation: { artifactLocation: { uri: 'shop-1.1.cdx.json' } } });
      expect(sarif.err).toMatch(/pass: no finding of priority P1 or more urgent/);
      expect(sarif.code).toBe(0);
    },
    IMPORT_TIMEOUT_MS,
  );

  it('a strict-validation rejection prints the reason and exits 3', async () => {
    const r = await kanshi(['sbom', 'upload', bad, '--product', 'shop', '--version', '9.9', '--wait', '--fail-on', 'high'], env);
    expect(r.err).toMatch(/400 INVALID_SBOM .*\n {2}\S+: /);
    expect(r.code).toBe(3);
  });
});

/** A daemon that accepts and never gets further: the wait ends at --timeout with its own exit code. */
let stuck: Server;
let stuckUrl: string;
beforeAll(async () => {
  stuck = createServer((req, res) => {
    res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', status: 'queued', warnings: [] }));
  });
  await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
  stuckUrl = `http://127.0.0.1:${(stuck.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => stuck.close(() => resolve())));

it('gives up waiting after --timeout with exit code 7', async () => {
  const r = await kanshi(['sbom', 'upload', v1, '--product', 'shop', '--version', '1.0', '--wait', '--timeout', '1', '--fail-on', 'high'], {
    KANSHI_SERVER: stuckUrl,
    KANSHI_TOKEN: 'kanshi_any',
  });
  expect(r.err).toMatch(/timed out: still queued after 1s/);
  expect(r.code).toBe(7);
});
