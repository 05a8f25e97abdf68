import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './fixtures.ts';

const SOURCES = ['src', 'feeds', 'scripts', 'web', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts'];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/**
 * Vitest global setup. CLI tests run `bin/kanshi.js` as users do, and the bin runs the compiled
 * output: rebuild it when a source is newer than the last build, so a test never runs stale code.
 */
export default function ensureCompiledBuild(): void {
  const stamp = path.join(repoRoot, 'dist/.tsbuildinfo');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (SOURCES.every((s) => newestMtime(path.join(repoRoot, s)) <= built)) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  // tsc leaves its build info alone when nothing needed emitting; the stamp still marks this check.
  const now = new Date();
  utimesSync(stamp, now, now);
}
