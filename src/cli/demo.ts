import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { packageRoot } from '../core/package-root.ts';
import type { Runtime } from '../runtime/index.ts';

interface DemoEntry {
  file: string;
  product: string;
  version: string;
  part?: string;
}

const SETTLE_POLL_MS = 200;
const SETTLE_LIMIT_MS = 300_000;

/** Until the ingest and matching queues hold nothing waiting or running (delayed retries aside). */
async function settled(rt: Runtime): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  while (Date.now() < deadline) {
    const counts = await rt.queue.counts();
    if ([counts.ingest, counts.matching].every((c) => c.waiting + c.active === 0)) return;
    await sleep(SETTLE_POLL_MS);
  }
  rt.deps.log.warn('demo data still being processed after 5 minutes; readiness no longer waits for it');
}

/**
 * `kanshi start --demo`: a small bundled feed snapshot (`sboms/demo-feeds/`, in the feed dump
 * layout) and the example SBOMs listed in `sboms/demo.json`, uploaded as products of a `demo`
 * team, so a first look at the dashboard, the API and the findings has something in it.
 * Returns once the uploads are ingested and matched.
 */
export async function loadDemo(rt: Runtime): Promise<void> {
  const dir = path.join(packageRoot(), 'sboms');
  for (const report of await rt.feeds.syncNow(undefined, path.join(dir, 'demo-feeds'))) {
    if (report.error) rt.deps.log.warn({ feed: report.source, error: report.error }, 'demo feed not loaded');
  }
  const entries = JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')) as DemoEntry[];
  const { id } = await rt.tokens.create({ team: 'demo', role: 'uploader', label: 'demo loader' });
  const principal = { tokenId: id, role: 'uploader' as const, teamId: 'demo' };
  for (const e of entries) {
    try {
      const bytes = await readFile(path.join(dir, e.file));
      const result = await rt.inventory.ingest.accept(principal, { product: e.product, version: e.version, part: e.part ?? 'main', validation: 'warn' }, bytes);
      rt.deps.log.info({ file: e.file, upload: result.id }, 'demo SBOM uploaded');
    } catch (err) {
      rt.deps.log.warn({ err, file: e.file }, 'demo SBOM not loaded');
    }
  }
  await settled(rt);
}
