import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSuite, bestOf } from './bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What a CI step pays on every `kanshi` call before doing anything: the bin as installed
 * (compiled by `npm install`), started as a process of its own.
 */
export const suite: BenchSuite = {
  name: 'cli',
  async run(ctx) {
    ctx.progress('npm run build (incremental)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    const help = await bestOf(5, () => execFileSync(process.execPath, [path.join(root, 'bin/kanshi.js'), '--help'], { stdio: 'ignore' }));
    return [{ name: 'cli.help.wall', value: Math.round(help), unit: 'ms', target: 500, ratio: null }];
  },
};
