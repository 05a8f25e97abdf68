import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import type { InProcessQueue } from '../../src/jobs/index.ts';
import type { DatabaseTarget } from './databases.ts';
import { openTestRuntime, type TestRuntime } from './runtime.ts';

/** An embedded-queue runtime with teams `web` and `ops`, the given policy file, and a folder for feed dumps. */
export interface CasesRuntime extends TestRuntime {
  /** Runs every job enqueued so far to the end. */
  settle(): Promise<void>;
  /** Imports OSV records as an `osv` dump, then lets matching and cases catch up. */
  importOsv(...records: object[]): Promise<void>;
}

export async function openCasesRuntime(target: DatabaseTarget, policy: string, clock: Clock): Promise<CasesRuntime> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kanshi-cases-'));
  await writeFile(path.join(dir, 'policy.yaml'), policy);
  const t = await openTestRuntime(
    target,
    'in-process',
    (c) => ({
      ...c,
      teams: [
        { id: 'web', name: 'Web' },
        { id: 'ops', name: 'Ops' },
      ],
      policy: { file: path.join(dir, 'policy.yaml') },
    }),
    { clock },
  );
  const settle = () => (t.rt.queue as InProcessQueue).idle();
  return {
    ...t,
    settle,
    async importOsv(...records) {
      const dump = path.join(dir, 'dump', 'osv');
      await rm(dump, { recursive: true, force: true });
      await mkdir(dump, { recursive: true });
      for (const [i, r] of records.entries()) await writeFile(path.join(dump, `${i}.json`), JSON.stringify(r));
      const [report] = await t.rt.feeds.syncNow('osv', path.join(dir, 'dump'));
      if (report?.error) throw new Error(`OSV import failed: ${report.error}`);
      await settle();
    },
    async close() {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
