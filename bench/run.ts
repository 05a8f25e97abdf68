import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import type { BenchContext, BenchFigure, BenchSuite } from './bench.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

async function reachablePostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null;
  }
}

const fixtures = path.resolve(here, '../../shared/fixtures');
const ctx: BenchContext = {
  postgresUrl: await reachablePostgres(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
  fixturesDir: existsSync(fixtures) ? fixtures : null,
  progress: (m) => process.stderr.write(`  … ${m}\n`),
};

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const results: Record<string, Omit<BenchFigure, 'name'>> = {};
const rows: BenchFigure[] = [];
for (const file of files) {
  const { suite } = (await import(pathToFileURL(path.join(here, file)).href)) as { suite: BenchSuite };
  process.stderr.write(`${suite.name}\n`);
  for (const figure of await suite.run(ctx)) {
    rows.push(figure);
    const { name, ...rest } = figure;
    results[name] = rest;
  }
}

const fmt = (n: number | null): string => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toPrecision(4));
const width = Math.max(...rows.map((r) => r.name.length), 4);
console.log(`${'name'.padEnd(width)}  ${'value'.padStart(12)}  unit        ${'target'.padStart(10)}  ${'ratio'.padStart(8)}`);
for (const r of rows) {
  // Rates (records/s) must reach their target; times and sizes must stay under theirs.
  const higherIsBetter = r.unit.endsWith('/s');
  const met = r.target === null ? '' : (higherIsBetter ? r.value >= r.target : r.value <= r.target) ? '  ok' : '  MISSED';
  console.log(`${r.name.padEnd(width)}  ${fmt(r.value).padStart(12)}  ${r.unit.padEnd(10)}  ${fmt(r.target).padStart(10)}  ${fmt(r.ratio).padStart(8)}${met}`);
}
writeFileSync(path.resolve(here, '../bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
