import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running `entry`. From the compiled build the entry is a `.js` file loaded as
 * is; from the TypeScript sources (tests under vitest, tsx) the thread registers the same loader
 * before it loads its entry (`--import tsx` in a worker's execArgv does not take effect on Node 20).
 */
export function startThread(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const require = createRequire(import.meta.url);
  const tsx = require('tsx/package.json') as { exports: { './esm/api': { import: { default: string } } } };
  const api = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), tsx.exports['./esm/api'].import.default));
  const boot = `import(${JSON.stringify(api.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** The entry module of a thread next to `moduleUrl` (an `import.meta.url`), with the caller's own extension (`.ts` or `.js`). */
export const siblingEntry = (moduleUrl: string, name: string): URL => new URL(`./${name}${path.extname(new URL(moduleUrl).pathname)}`, moduleUrl);
