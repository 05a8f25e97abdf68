import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures.ts';

/**
 * Runs the CLI as a separate process, as a user or a CI job does, without blocking this one (which
 * may serve the API it calls). `KANSHI_SERVER` and `KANSHI_TOKEN` start empty unless `env` sets them.
 */
export function runKanshi(args: string[], env: Record<string, string> = {}, input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return runProcess(process.execPath, [path.join(repoRoot, 'bin/kanshi.js'), ...args], env, input);
}

/** Runs any command the same way (the single-file CLI, a shell script). */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  input = '',
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, KANSHI_SERVER: '', KANSHI_TOKEN: '', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}
