import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { queryRows } from '../../src/db/index.ts';
import { publishPending } from '../../src/events/index.ts';
import type { InProcessQueue } from '../../src/jobs/index.ts';
import { advisory, osvPackage } from '../../src/matching/testdata/advisories.ts';
import { openRuntime, type Runtime } from '../../src/runtime/index.ts';
import { storeBatch } from '../../src/vulns/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { ADMIN_TOKEN } from '../support/runtime.ts';

const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ type: 'library', 'bom-ref': 'a', name: 'left-pad', version: '1.1.0', purl: 'pkg:npm/left-pad@1.1.0' }],
});

/**
 * The embedded queue keeps its jobs in memory. What the outbox handed out before a stop and
 * was not done is handed out again at the next start.
 */
describeDatabases('outbox after a restart', (target) => {
  let t: TestDatabase;
  let second: Runtime | undefined;
  const config = { ...loadConfig({ KANSHI_ADMIN_TOKEN: ADMIN_TOKEN, KANSHI_DATA_DIR: 'memory://' }), teams: [{ id: 'web', name: 'Web' }] };

  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(async () => {
    await second?.close();
    await t.cleanup();
  });

  it('matches a version whose sbom.processed task was handed out but not done before the stop', async () => {
    const first = await openRuntime(config, { log: silentLogger(), database: t.database });
    await storeBatch(t.db, [
      {
        record: {
          kind: 'advisory',
          advisory: advisory({ source: 'osv', sourceId: 'GHSA-7777-8888-9999', affected: [osvPackage('npm', 'left-pad', ['0', '1.3.0'])] }),
        },
        raw: {},
        location: 'test',
      },
    ]);
    const app = await first.buildHttp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sboms?product=shop&version=1.0&team=web',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: SBOM,
    });
    expect(res.statusCode).toBe(202);
    // The ingest commits its event; the relay publishes it and creates the matching task; the
    // process stops before the matching job runs.
    await first.inventory.ingest.process(res.json<{ id: string }>().id);
    const { tasks } = await publishPending(
      t.db,
      100,
      first.modules.flatMap((m) => m.eventConsumers ?? []),
    );
    expect(tasks.map((k) => [k.consumer, k.event.type])).toEqual([['matching', 'sbom.processed']]);
    await app.close();
    await first.close();

    second = await openRuntime(config, { log: silentLogger(), database: t.database });
    await second.startWorking({ networkSyncs: false });
    await (second.queue as InProcessQueue).idle();
    const findings = await queryRows<{ vulnerability_id: string }>(t.db, sql`select vulnerability_id from findings where state = 'open'`);
    expect(findings).toEqual([{ vulnerability_id: 'GHSA-7777-8888-9999' }]);
    const open = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from event_tasks where done_at is null`);
    expect(open).toEqual([{ n: 0 }]);
  });
});
