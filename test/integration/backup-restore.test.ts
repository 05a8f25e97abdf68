import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { packageRoot } from '../../src/core/package-root.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { queryRows } from '../../src/db/index.ts';
import { openRuntime, type Runtime } from '../../src/runtime/index.ts';
import { describeDatabases, type DatabaseTarget } from '../support/databases.ts';
import { ADMIN_TOKEN } from '../support/runtime.ts';

const sboms = path.join(packageRoot(), 'sboms');
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
/** Two runtimes, an ingest with matching and a small feed import on a loaded 2-core machine. */
const TIMEOUT_MS = 120_000;

/** Where a Kanshi keeps its data: a PGlite folder, or a Postgres database. */
type Place = { dataDir: string } | { url: string };

async function open(place: Place): Promise<Runtime> {
  const env = 'url' in place ? { DATABASE_URL: place.url, KANSHI_DATA_DIR: 'memory://' } : { KANSHI_DATA_DIR: place.dataDir };
  const base = loadConfig({ KANSHI_ADMIN_TOKEN: ADMIN_TOKEN, ...env });
  return openRuntime({ ...base, server: { ...base.server, parseThreads: 0 }, teams: [{ id: 'web', name: 'Web' }] }, { log: silentLogger() });
}

/** What a restore must bring back: row counts of the core tables, and the findings as the API lists them. */
async function contents(rt: Runtime): Promise<{ counts: Record<string, number>; findings: string[] }> {
  const counts: Record<string, number> = {};
  for (const table of ['products', 'product_versions', 'components', 'vulnerabilities', 'findings', 'cases', 'events', 'api_tokens']) {
    counts[table] = (await queryRows<{ n: number }>(rt.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
  }
  const app = await rt.buildHttp();
  const res = await app.inject({ method: 'GET', url: '/api/v1/findings?product=acme-portal', headers: admin });
  await app.close();
  const findings = res.json<{ items: { vulnerability: string; component: { name: string } }[] }>().items.map((f) => `${f.component.name} ${f.vulnerability}`);
  return { counts, findings: findings.sort() };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * The procedures README's operations section gives: PGlite — stop the daemon, copy its data
 * folder; Postgres — pg_dump in the custom format, pg_restore into an empty database.
 */
describeDatabases('backup and restore', (target: DatabaseTarget) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** A fresh place of the target's kind. */
  async function place(): Promise<Place> {
    if (target.kind === 'pglite') {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'kanshi-backup-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      return { dataDir };
    }
    const name = `kanshi_t_backup_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await adminQuery(target.url!, `CREATE DATABASE ${name}`);
    cleanups.push(() => adminQuery(target.url!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const url = new URL(target.url!);
    url.pathname = `/${name}`;
    return { url: url.toString() };
  }

  it(
    'a backup of a filled database, restored into a fresh one, serves the same products, findings, cases and events',
    async () => {
      const source = await place();
      const rt = await open(source);
      let before: Awaited<ReturnType<typeof contents>>;
      try {
        const app = await rt.buildHttp();
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/sboms?product=acme-portal&version=2.4.0&team=web',
          headers: { ...admin, 'content-type': 'application/json' },
          payload: readFileSync(path.join(sboms, 'acme-portal_2.4.0.cdx.json')),
        });
        expect(res.statusCode).toBe(202);
        await app.close();
        await rt.withJobs(async () => undefined);
        const reports = await rt.withJobs(() => rt.feeds.syncNow(undefined, path.join(sboms, 'demo-feeds')));
        expect(reports.filter((r) => r.error)).toEqual([]);
        await rt.withJobs(async () => undefined);
        before = await contents(rt);
      } finally {
        await rt.close();
      }
      expect(before.findings).toEqual(['lodash CVE-2021-23337', 'log4j-core CVE-2021-44228']);
      expect(before.counts.cases).toBeGreaterThan(0);
      expect(before.counts.events).toBeGreaterThan(0);

      const restored = await place();
      if ('dataDir' in source && 'dataDir' in restored) {
        cpSync(source.dataDir, restored.dataDir, { recursive: true });
      } else if ('url' in source && 'url' in restored) {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'kanshi-dump-')), 'kanshi.dump');
        cleanups.push(() => rmSync(path.dirname(file), { recursive: true, force: true }));
        execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, source.url]);
        execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored.url}`, file]);
      }

      const again = await open(restored);
      try {
        expect(await contents(again)).toEqual(before);
      } finally {
        await again.close();
      }
    },
    TIMEOUT_MS,
  );
});
