/**
 * The dashboard: server time of every API call its pages make, on the matching bench's portfolio
 * (1,000 product versions × 1,000 components, 450,000 advisories) with its findings and a case per
 * (product, vulnerability); and the size of what the first page loads, gzipped.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { openTestRuntime } from '../test/support/runtime.ts';
import { bestOf, type BenchFigure, type BenchSuite } from './bench.ts';
import { generatePortfolio } from './matching.bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 300;

/** Gzipped size of index.html and the scripts and styles it loads up front (charts load later). */
function firstPageKb(): number | null {
  const dir = path.join(root, 'dist/web');
  let html: string;
  try {
    html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const bytes = [html, ...files.map((f) => readFileSync(path.join(dir, f)))].reduce((n, b) => n + gzipSync(b).length, 0);
  return Number((bytes / 1024).toFixed(1));
}

/** All built assets, gzipped: what a visit to every page fetches at most. */
function allAssetsKb(): number | null {
  try {
    const dir = path.join(root, 'dist/web/assets');
    return Number((readdirSync(dir).reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f))).length, 0) / 1024).toFixed(1));
  } catch {
    return null;
  }
}

/** The pages and the calls each makes (web/src/pages), with the portfolio's names. */
const PAGES: Record<string, string[]> = {
  overview: [
    ...['P1', 'P2', 'P3', 'P4'].flatMap((p) => ['on-track', 'near-breach', 'breached'].map((s) => `/cases?priority=${p}&sla=${s}&limit=1`)),
    '/cases?kev=true&limit=1',
    '/cases?limit=10',
    '/exposure/components?limit=5',
  ],
  exposure: ['/exposure/components?limit=20', '/exposure/components?q=pkg-14&limit=20', '/where-used?q=pkg:npm/pkg-14'],
  products: ['/products?limit=100&offset=0'],
  version: [
    '/products/product-7',
    '/products/product-7/versions/1.3',
    '/products/product-7/versions/1.3/components?limit=50&offset=0',
    '/products/product-7/versions/1.3/components?q=pkg-1&limit=50&offset=0',
    '/findings?product=product-7&version=1.3&limit=200',
    '/cases?product=product-7&limit=100',
  ],
  team: ['/cases?team=bench&limit=200'],
  case: ['/cases/1'],
  feeds: ['/feeds'],
  session: ['/me', '/teams'],
};

async function apiFigures(url: string, progress: (m: string) => void): Promise<BenchFigure[]> {
  const t = await openTestRuntime({ kind: 'postgres', url }, 'in-process', (c) => c, { work: false });
  try {
    const db = t.rt.deps.db;
    await generatePortfolio(db, progress);
    progress('matching the portfolio');
    await t.rt.matching.service.rematchAll();
    progress('a case per product and vulnerability');
    await db.execute(sql`
      insert into cases (vulnerability_id, product_id, team_id, priority, state, opened_at, updated_at, sla_status, next_due_at)
      select f.vulnerability_id, pv.product_id, 'bench', (array['P1','P2','P3','P4'])[1 + (hashtext(f.vulnerability_id) & 3)],
        (array['new','triage','affected','fix_planned'])[1 + ((hashtext(f.vulnerability_id) >> 2) & 3)],
        now() - interval '20 days' * random(), now(), (array['on-track','near-breach','breached'])[1 + ((hashtext(f.vulnerability_id) >> 4) & 1)],
        now() + interval '10 days' * random()
      from findings f join product_versions pv on pv.id = f.product_version_id
      group by 1, 2`);
    const { rows } = (await db.execute(
      sql`select (select count(*) from findings)::int as findings, (select count(*) from cases)::int as cases`,
    )) as unknown as {
      rows: { findings: number; cases: number }[];
    };
    const counts = rows[0];
    progress(`${counts?.findings} findings, ${counts?.cases} cases`);
    await db.execute(sql`analyze`);
    const figures: BenchFigure[] = [];
    for (const [page, calls] of Object.entries(PAGES)) {
      let worst = 0;
      for (const call of calls) {
        const ms = await bestOf(3, async () => {
          const res = await t.app.inject({ method: 'GET', url: `/api/v1${call}`, headers: t.admin });
          if (res.statusCode !== 200) throw new Error(`${call}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        });
        worst = Math.max(worst, ms);
      }
      progress(`${page}: slowest of ${calls.length} calls ${worst.toFixed(1)} ms`);
      figures.push({ name: `dashboard.api_slowest_call_${page}`, value: Number(worst.toFixed(1)), unit: 'ms', target: TARGET_MS, ratio: null });
    }
    return figures;
  } finally {
    await t.close();
  }
}

export const suite: BenchSuite = {
  name: 'dashboard',
  async run(ctx) {
    const figures: BenchFigure[] = [];
    const first = firstPageKb();
    const all = allAssetsKb();
    if (first === null || all === null) ctx.progress('dashboard not built (npm run build): asset sizes skipped');
    else
      figures.push(
        { name: 'dashboard.first_page_gzip', value: first, unit: 'kB', target: 500, ratio: null },
        { name: 'dashboard.all_assets_gzip', value: all, unit: 'kB', target: null, ratio: null },
      );
    if (ctx.postgresUrl) figures.push(...(await apiFigures(ctx.postgresUrl, ctx.progress)));
    else ctx.progress('no Postgres reachable: API timings skipped');
    return figures;
  },
};
