import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { CASE_EVENT_TYPES } from '../../src/cases/cases.service.ts';
import type { Clock } from '../../src/core/clock.ts';
import { queryRows } from '../../src/db/index.ts';
import type { InProcessQueue } from '../../src/jobs/index.ts';
import type { DatabaseTarget } from './databases.ts';
import type { QueueKind } from './redis.ts';
import { eventually, openTestRuntime, type TestRuntime } from './runtime.ts';

/**
 * A runtime with teams `web` and `ops`, the given policy file (the default policy without one), a
 * named CSAF publisher for the exports, and a folder for feed dumps.
 */
export interface CasesRuntime extends TestRuntime {
  /** Runs every job enqueued so far, and the work they cause, to the end. */
  settle(): Promise<void>;
  /** Imports a feed dump folder (every source it holds a folder for), then lets matching and cases catch up. */
  importFeeds(dumpDir: string): Promise<void>;
  /** Imports OSV records as an `osv` dump, then lets matching and cases catch up. */
  importOsv(...records: object[]): Promise<void>;
}

/** `queue`: the embedded queue by default; `bullmq` works the jobs through Redis as `kanshi worker` does. */
export async function openCasesRuntime(
  target: DatabaseTarget,
  policy: string | undefined,
  clock: Clock,
  queue: QueueKind = 'in-process',
): Promise<CasesRuntime> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kanshi-cases-'));
  if (policy !== undefined) await writeFile(path.join(dir, 'policy.yaml'), policy);
  const t = await openTestRuntime(
    target,
    queue,
    (c) => ({
      ...c,
      teams: [
        { id: 'web', name: 'Web' },
        { id: 'ops', name: 'Ops' },
      ],
      csaf: { ...c.csaf, publisher: { name: 'ACME PSIRT', namespace: 'https://psirt.acme.example' } },
      ...(policy !== undefined ? { policy: { file: path.join(dir, 'policy.yaml') } } : {}),
    }),
    { clock },
  );
  const settle = queue === 'in-process' ? () => (t.rt.queue as InProcessQueue).idle() : () => bullmqSettled(t);
  const importFeeds = async (dumpDir: string): Promise<void> => {
    const failed = (await t.rt.feeds.syncNow(undefined, dumpDir)).filter((r) => r.error);
    if (failed.length > 0) throw new Error(`feed import failed: ${failed.map((r) => `${r.source}: ${r.error}`).join('; ')}`);
    await settle();
  };
  return {
    ...t,
    settle,
    importFeeds,
    async importOsv(...records) {
      const dump = path.join(dir, 'dump');
      await rm(dump, { recursive: true, force: true });
      await mkdir(path.join(dump, 'osv'), { recursive: true });
      for (const [i, r] of records.entries()) await writeFile(path.join(dump, 'osv', `${i}.json`), JSON.stringify(r));
      await importFeeds(dump);
    },
    async close() {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * BullMQ has no "idle" to wait for: the work is done when every upload is processed, every event
 * published, every event task done, the cases consumer has read every published event of its types, and no
 * job waits or runs, seen twice in a row (a job in hand may be about to enqueue the next).
 */
async function bullmqSettled(t: TestRuntime): Promise<void> {
  const quiet = async (): Promise<boolean> => {
    const [row] = await queryRows<{ n: number }>(
      t.rt.deps.db,
      sql`select ((select count(*) from sbom_uploads where status in ('queued', 'processing'))
        + (select count(*) from events where seq is null)
        + (select count(*) from event_tasks where done_at is null)
        + (select count(*) from events where seq > coalesce((select seq from event_cursors where consumer = 'cases'), 0)
          and type in (${sql.join(
            CASE_EVENT_TYPES.map((type) => sql`${type}`),
            sql`, `,
          )})))::int as n`,
    );
    const counts = Object.values(await t.rt.queue.counts());
    return row!.n === 0 && counts.every((c) => c.waiting === 0 && c.active === 0);
  };
  let seen = 0;
  await eventually(async () => ((await quiet()) ? (++seen >= 2 ? true : undefined) : ((seen = 0), undefined)), 120_000, 100);
}
