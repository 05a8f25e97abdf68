import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.ts';
import { repoRoot } from '../support/fixtures.ts';
import { generateCycloneDx } from '../support/generate-sbom.ts';
import { testRedisUrl } from '../support/redis.ts';
import { describeDistributed, eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** Runs of "act, kill a worker at a random moment, let another finish"; `KANSHI_CRASH_RUNS=20` for the long run. */
const RUNS = Number(process.env.KANSHI_CRASH_RUNS ?? 4);
const COMPONENTS = 2_000;

/** A seeded generator, so a failing run can be replayed (`KANSHI_CRASH_SEED`). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/**
 * Distributed mode with real `kanshi worker` processes on Postgres and Redis, one of them
 * killed with SIGKILL at a random moment of an ingest or of the reverse matching a feed change
 * causes. Once the others have taken the work over, the findings are what a full re-match
 * makes of them and the outbox tells each finding's history once: nothing lost, nothing twice.
 */
describeDistributed('workers killed mid-ingest and mid-matching', (target) => {
  let t: TestRuntime;
  let configFile: string;
  let dump: string;
  const workers = new Set<ChildProcess>();
  const seed = Number(process.env.KANSHI_CRASH_SEED ?? (process.env.CI === 'true' ? 20261202 : Date.now() % 100_000));
  const next = random(seed);

  beforeAll(async () => {
    t = await openTestRuntime(target, 'bullmq', (c) => c, { work: false });
    const dir = mkdtempSync(path.join(tmpdir(), 'kanshi-crash-'));
    configFile = path.join(dir, 'kanshi.yaml');
    dump = path.join(dir, 'dump');
    writeFileSync(configFile, `jobs:\n  lockDuration: 2s\n  stalledInterval: 1s\n  queuePrefix: ${t.config.jobs.queuePrefix}\nserver:\n  logLevel: error\n`);
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await t?.close();
    if (dump) await rm(path.dirname(dump), { recursive: true, force: true });
  });

  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kanshi.js'), 'worker'], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, REDIS_URL: testRedisUrl, KANSHI_CONFIG: configFile, CI: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.add(child);
    child.once('exit', () => workers.delete(child));
    return child;
  };
  const kill = async (child: ChildProcess): Promise<void> => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  const count = async (q: ReturnType<typeof sql>): Promise<number> => (await queryRows<{ n: number }>(t.rt.deps.db, q))[0]!.n;
  /** Nothing left to do: every upload processed, every event published, every task done. */
  const quiet = async (): Promise<true | undefined> =>
    (await count(sql`select ((select count(*) from sbom_uploads where status in ('queued', 'processing'))
      + (select count(*) from events where seq is null) + (select count(*) from event_tasks where done_at is null))::int as n`)) === 0
      ? true
      : undefined;

  /** OSV records for npm packages of the generated SBOMs, each fixed at `fixed`. */
  const writeAdvisories = async (names: string[], fixed: (i: number) => string, modified: string): Promise<void> => {
    await rm(dump, { recursive: true, force: true });
    await mkdir(path.join(dump, 'osv'), { recursive: true });
    await writeFile(
      path.join(dump, 'osv', 'all.json'),
      JSON.stringify(
        names.map((name, i) => ({
          schema_version: '1.6.0',
          id: `GHSA-crsh-${String(i).padStart(4, '0')}-test`,
          modified,
          affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: fixed(i) }] }] }],
        })),
      ),
    );
  };

  it(
    `keeps findings and the outbox exact across ${RUNS} workers killed at random moments (seed ${seed})`,
    async () => {
      const uploader = await t.tokenFor('web', 'uploader');
      const sboms = [1, 2, 3].map((s) => generateCycloneDx(COMPONENTS, { seed: s }));
      const npmNames = [
        ...new Set(
          sboms.flatMap((b) =>
            (JSON.parse(b.toString()) as { components: { purl: string }[] }).components
              .map((c) => decodeURIComponent(c.purl))
              .filter((p) => p.startsWith('pkg:npm/'))
              .map((p) => p.slice('pkg:npm/'.length, p.lastIndexOf('@'))),
          ),
        ),
      ].slice(0, 300);
      await writeAdvisories(npmNames, () => '5.0.0', '2026-01-01T00:00:00Z');
      expect((await t.rt.feeds.syncNow('osv', dump))[0]?.error).toBeUndefined();

      startWorker();
      startWorker();
      for (let run = 0; run < RUNS; run++) {
        const victim = [...workers][0]!;
        if (run % 2 === 0) {
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/sboms?product=crash-${run % 3}&version=1`,
            headers: { ...uploader, 'content-type': 'application/json' },
            payload: sboms[run % sboms.length],
          });
          expect(res.statusCode).toBe(202);
        } else {
          const cut = ['3.0.0', '5.0.0', '7.0.0'];
          await writeAdvisories(npmNames, (i) => cut[(i + run) % cut.length]!, new Date(Date.UTC(2026, 0, 1, run)).toISOString());
          expect((await t.rt.feeds.syncNow('osv', dump))[0]?.error).toBeUndefined();
        }
        await new Promise((r) => setTimeout(r, 50 + Math.floor(next() * 1500)));
        await kill(victim);
        startWorker();
        await eventually(quiet, 120_000, 250);
      }

      const findings = await count(sql`select count(*)::int as n from findings where state = 'open'`);
      expect(findings).toBeGreaterThan(0);
      // A full re-match finds nothing to open or retract.
      const again = await t.rt.matching.rematchAll();
      expect({ opened: again.opened, retracted: again.retracted }).toEqual({ opened: 0, retracted: 0 });
      // Each finding's events alternate, opened first, and end in its state: none lost, none twice.
      const histories = await queryRows<{ id: string; state: string; types: string[] }>(
        t.rt.deps.db,
        sql`select f.id, f.state, coalesce(array_agg(e.type order by e.id) filter (where e.id is not null), '{}') as types
        from findings f left join events e on e.type like 'finding.%' and (e.data->>'findingId')::bigint = f.id
        group by f.id, f.state`,
      );
      for (const h of histories) {
        expect(h.types.length).toBeGreaterThan(0);
        h.types.forEach((type, i) => expect(type).toBe(i % 2 === 0 ? 'finding.opened' : 'finding.retracted'));
        expect(h.types.length % 2 === 1 ? 'open' : 'retracted').toBe(h.state);
      }
    },
    60_000 + RUNS * 90_000,
  );
});
