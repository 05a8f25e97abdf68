import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { silentLogger } from '../src/core/logger.ts';
import { createJobQueue } from '../src/jobs/index.ts';
import ensureCompiledBuild from '../test/support/compiled-build.ts';
import { generateCycloneDx } from '../test/support/generate-sbom.ts';
import { freshPostgres, type BenchFigure, type BenchSuite } from './bench.ts';
import { Deployment } from './deployment.ts';
import { generateFeedDump } from './generate-feed-dump.ts';

/** Bench options (environment): shorten them for a local run. */
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
const UPLOADERS = Number(process.env.BENCH_UPLOADERS ?? 50);
const KILLS = Number(process.env.BENCH_KILLS ?? 100);
const COMPONENTS = 2_000;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Upload = { id: string; status: string };
type UploadStatus = { status: string; componentCount?: number | null };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Rows the load and the faults must have left: per upload, its status, its stated count and the components stored. */
async function uploadsAsStored(url: string): Promise<{ id: string; status: string; count: number | null; stored: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; status: string; count: number | null; stored: number }>(
      `select u.id, u.status, u.component_count as count, (select count(*)::int from components c where c.upload_id = u.id) as stored from sbom_uploads u`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function scalar(url: string, query: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(query)).rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Until every upload is processed or failed, or the deadline. */
async function settle(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await scalar(url, `select count(*) as n from sbom_uploads where status not in ('processed', 'failed')`)) === 0) return;
    await sleep(1000);
  }
}

/**
 * (a) `UPLOADERS` CI pipelines upload 2,000-component SBOMs for `LOAD_SECONDS` against the API and
 * two workers on Postgres and Redis. Each pipeline uploads, waits for its SBOM to be processed
 * (as `sbom upload --wait` does), and uploads the next.
 */
async function load(d: Deployment, dbUrl: string, sbom: Buffer, progress: (m: string) => void): Promise<BenchFigure[]> {
  const tokens = await Promise.all(
    Array.from({ length: UPLOADERS }, async () => (await d.request<{ token: string }>('POST', '/tokens', { team: 'bench', role: 'uploader' })).body.token),
  );
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + LOAD_SECONDS * 1000;
  const pipeline = async (i: number): Promise<void> => {
    for (let n = 0; Date.now() < end; n++) {
      const t0 = performance.now();
      const res = await d.request<Upload>('POST', `/sboms?product=load-${i}&version=${n}`, sbom, tokens[i]).catch(() => ({ status: 0, body: undefined }));
      latencies.push(performance.now() - t0);
      if (res.status !== 202 || !res.body) {
        errors++;
        continue;
      }
      const waitUntil = Date.now() + 300_000;
      for (;;) {
        await sleep(500);
        const s = await d.request<UploadStatus>('GET', `/sboms/${res.body.id}`, undefined, tokens[i]);
        if (s.body.status === 'processed' || s.body.status === 'failed' || Date.now() > waitUntil) {
          if (s.body.status !== 'processed' || s.body.componentCount !== COMPONENTS) errors++;
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: UPLOADERS }, (_, i) => pipeline(i)));
  progress(`load: ${latencies.length} uploads, settling`);
  await settle(dbUrl, 300_000);
  const rows = await uploadsAsStored(dbUrl);
  const wrong = rows.filter((r) => r.status !== 'processed' || r.count !== COMPONENTS || r.stored !== COMPONENTS).length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  return [
    { name: 'load.uploads', value: latencies.length, unit: 'uploads', target: null, ratio: null },
    { name: 'load.errors', value: errors, unit: 'errors', target: 0, ratio: null },
    { name: 'load.not-processed-exactly', value: wrong, unit: 'uploads', target: 0, ratio: null },
    { name: 'load.time-to-202.p50', value: Math.round(percentile(sorted, 50)), unit: 'ms', target: null, ratio: null },
    { name: 'load.time-to-202.p99', value: Math.round(p99), unit: 'ms', target: 500, ratio: p99 / 500 },
  ];
}

/**
 * (b) `KILLS` SIGKILLs of a worker while it ingests or imports a feed dump; the killed worker is
 * started again at once. Afterwards every upload holds exactly its components and the feed
 * exactly its records.
 */
async function kills(d: Deployment, dbUrl: string, sbom: Buffer, progress: (m: string) => void): Promise<BenchFigure[]> {
  const dump = mkdtempSync(path.join(tmpdir(), 'kanshi-bench-dump-'));
  const OSV_RECORDS = 3_000;
  await generateFeedDump(dump, { nvd: 0, osv: OSV_RECORDS });
  let killed = 0;
  let uploads = 0;
  const queue = createJobQueue(silentLogger(), { redisUrl: REDIS_URL, concurrency: 1, attempts: 1, prefix: d.prefix });
  try {
    while (killed < KILLS) {
      // Work for both kinds of job: a new upload and a feed import, each long enough to be caught in the middle.
      const res = await d.request<Upload>('POST', `/sboms?product=crash&version=${uploads++}&team=bench`, sbom);
      if (res.status !== 202) throw new Error(`upload refused: ${res.status}`);
      // The same job `kanshi feeds sync --from-dir` queues (the API queues network syncs only).
      if (killed % 5 === 0) await queue.enqueue('feeds.sync', { source: 'osv', fromDir: dump }, { jobId: `bench-sync-${killed}` });
      // Wait for a job to be running, then kill a worker.
      const deadline = Date.now() + 60_000;
      const busy = `select (select count(*) from sbom_uploads where status = 'processing') + (select count(*) from feed_state where lease_expires_at > now()) as n`;
      while (Date.now() < deadline && (await scalar(dbUrl, busy)) === 0) await sleep(50);
      const victim = killed % d.workers.length;
      await sleep(Math.random() * 300);
      await Deployment.kill(d.workers[victim]);
      d.startWorker(victim);
      killed++;
      if (killed % 10 === 0) progress(`faults: ${killed} workers killed`);
    }
    await settle(dbUrl, 600_000);
    const crash = await scalar(
      dbUrl,
      `select count(*) as n from sbom_uploads u join product_versions v on v.id = u.product_version_id join products p on p.id = v.product_id where p.name = 'crash'`,
    );
    const wrong = (await uploadsAsStored(dbUrl)).filter((r) => r.status !== 'processed' || r.stored !== COMPONENTS || r.count !== COMPONENTS).length;
    // A sync job killed mid-import is taken over; one more import afterwards must leave exactly the dump's records.
    const deadline = Date.now() + 600_000;
    let advisories = 0;
    while (Date.now() < deadline) {
      advisories = await scalar(dbUrl, `select count(*) as n from advisories where source = 'osv'`);
      const running = await scalar(dbUrl, `select count(*) as n from feed_state where source = 'osv' and lease_expires_at > now()`);
      if (advisories >= OSV_RECORDS && running === 0) break;
      await sleep(1000);
    }
    return [
      { name: 'faults.workers-killed', value: killed, unit: 'kills', target: null, ratio: null },
      { name: 'faults.uploads', value: crash, unit: 'uploads', target: null, ratio: null },
      { name: 'faults.uploads-lost-or-duplicated', value: wrong, unit: 'uploads', target: 0, ratio: null },
      { name: 'faults.feed-records-off', value: Math.abs(advisories - OSV_RECORDS), unit: 'records', target: 0, ratio: null },
    ];
  } finally {
    await queue.close();
    rmSync(dump, { recursive: true, force: true });
  }
}

/** (c) The embedded daemon killed right after it answered 202: the upload is processed once it is started again. */
async function apiKill(sbom: Buffer): Promise<BenchFigure[]> {
  const d = await Deployment.start({ workers: 0 });
  try {
    const res = await d.request<Upload>('POST', '/sboms?product=restart&version=1&team=bench', sbom);
    if (res.status !== 202) throw new Error(`upload refused: ${res.status}`);
    await Deployment.kill(d.api);
    const t0 = Date.now();
    await d.startApi();
    let status: UploadStatus = { status: 'unknown' };
    while (Date.now() - t0 < 300_000) {
      status = (await d.request<UploadStatus>('GET', `/sboms/${res.body.id}`)).body;
      if (status.status === 'processed' || status.status === 'failed') break;
      await sleep(250);
    }
    const ok = status.status === 'processed' && status.componentCount === COMPONENTS;
    return [
      { name: 'api-kill.processed-after-restart', value: ok ? 1 : 0, unit: 'bool', target: 1, ratio: null },
      { name: 'api-kill.restart-to-processed', value: Date.now() - t0, unit: 'ms', target: null, ratio: null },
    ];
  } finally {
    await d.close();
  }
}

export const suite: BenchSuite = {
  name: 'load and faults (distributed: API + 2 workers on Postgres and Redis; embedded restart)',
  async run(ctx) {
    ensureCompiledBuild();
    const sbom = generateCycloneDx(COMPONENTS);
    const figures: BenchFigure[] = [];
    // Each figure is shown as soon as it is measured: a scenario that fails does not take the others' with it.
    const report = (measured: BenchFigure[]): void => {
      for (const f of measured) ctx.progress(`${f.name} = ${f.value} ${f.unit}`);
      figures.push(...measured);
    };
    if (ctx.postgresUrl) {
      for (const [name, scenario] of [
        ['load', load],
        ['faults', kills],
      ] as const) {
        const db = await freshPostgres(ctx.postgresUrl, `kanshi_bench_${name}`);
        const d = await Deployment.start({ databaseUrl: db.url, redisUrl: REDIS_URL, workers: 2 });
        try {
          ctx.progress(`${name}: API and 2 workers up`);
          report(await scenario(d, db.url, sbom, ctx.progress));
        } finally {
          await d.close();
          await db.drop();
        }
      }
    } else ctx.progress('no Postgres: load and worker faults skipped');
    report(await apiKill(sbom));
    return figures;
  },
};
