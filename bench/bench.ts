import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** One figure of `npm run bench` (DESIGN.md "Benchmarks"). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The target in the same unit, or null. */
  target: number | null;
  /** A comparison the issue asks for (e.g. time ÷ baseline), or null. */
  ratio: number | null;
}

export interface BenchContext {
  /** Postgres for the Postgres figures; null when none is reachable (those figures are skipped). */
  postgresUrl: string | null;
  /** `../shared/fixtures`, or null when absent. */
  fixturesDir: string | null;
  /** Progress line on stderr. */
  progress(message: string): void;
}

/** A bench suite: `bench/<area>.bench.ts` exports one as `suite`. */
export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

/** Wall time of `fn` in milliseconds, best of `repeat` runs after one warm-up. */
export async function bestOf(repeat: number, fn: () => unknown): Promise<number> {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

/**
 * Peak RSS of this process, sampled. getrusage's maxrss is no use in a bench child process:
 * Linux carries it across fork and exec, so a child would report its parent's peak.
 */
export function rssSampler(everyMs = 2): { peakMb(): number; stop(): number } {
  let peak = process.memoryUsage.rss();
  const sample = (): void => void (peak = Math.max(peak, process.memoryUsage.rss()));
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peakMb: () => (sample(), peak / 1024 / 1024),
    stop: () => {
      clearInterval(timer);
      sample();
      return peak / 1024 / 1024;
    },
  };
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

/** A new, empty database on the Postgres server at `url`: its URL, and `drop` to remove it (connections closed by force). */
export async function freshPostgres(url: string, prefix = 'kanshi_bench'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let compiled = false;

/**
 * Runs `bench/<name>-case.ts` in a process of its own, compiled as `npm run build` compiles the
 * daemon: memory figures are those of the code that is deployed, not of a TypeScript loader
 * (tsx holds about 80 MB of its own). The output lands under node_modules/.cache, where it
 * still resolves the project's packages and package root, and never shadows `dist/`.
 * Returns the case's stdout.
 */
export function runCase(name: string, args: string[]): string {
  if (!compiled) {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.bench.json')], { stdio: 'inherit' });
    compiled = true;
  }
  const file = path.join(root, 'node_modules/.cache/kanshi-bench/bench', `${name}-case.js`);
  return execFileSync(process.execPath, [file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
}
