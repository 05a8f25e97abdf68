import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { packageRoot } from '../../src/core/package-root.ts';
import { describeDatabases } from '../support/databases.ts';
import { openTestRuntime } from '../support/runtime.ts';

const sboms = path.join(packageRoot(), 'sboms');
/**
 * A runtime with its migrations, an ingest with forward matching, a feed import with reverse
 * matching: 15–25 s on PGlite on a 2-core machine running other suites, so the default 60 s is
 * too close when the whole suite runs files in parallel.
 */
const IMPORT_TIMEOUT_MS = 180_000;

/**
 * The air-gapped routine with the embedded queue: `kanshi feeds sync --from-dir` runs as a
 * one-shot command, and the reverse matching it triggers must finish before the command exits,
 * or the inventory would keep stale findings until the next upload.
 */
describeDatabases('one-shot feed import with in-process jobs', (target) => {
  it(
    'matches the existing inventory before returning',
    async () => {
      const t = await openTestRuntime(target, 'in-process', (c) => c, { work: false });
      try {
        const uploader = await t.tokenFor('web', 'uploader');
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/sboms?product=acme-portal&version=2.4.0',
          headers: { ...uploader, 'content-type': 'application/json' },
          payload: readFileSync(path.join(sboms, 'acme-portal_2.4.0.cdx.json')),
        });
        expect(res.statusCode).toBe(202);
        // The queued ingest job and its forward matching run here, as in a one-shot command.
        await t.rt.withJobs(async () => undefined);

        const reports = await t.rt.withJobs(() => t.rt.feeds.syncNow(undefined, path.join(sboms, 'demo-feeds')));
        expect(reports.filter((r) => r.error)).toEqual([]);

        const findings = (await t.app.inject({ method: 'GET', url: '/api/v1/findings?product=acme-portal', headers: uploader })).json<{
          items: { vulnerability: string; component: { name: string } }[];
        }>();
        expect(findings.items.map((f) => `${f.component.name} ${f.vulnerability}`).sort()).toEqual(['lodash CVE-2021-23337', 'log4j-core CVE-2021-44228']);
      } finally {
        await t.close();
      }
    },
    IMPORT_TIMEOUT_MS,
  );
});
