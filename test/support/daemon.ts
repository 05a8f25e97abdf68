import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixtures.ts';

export interface Daemon {
  child: ChildProcess;
  log(): string;
  /** The address the daemon logged once it listened. */
  address: Promise<string>;
}

/** `kanshi start` as a user runs it: the compiled bin, its own data folder, a free port. */
export function startDaemon(args: string[], env: Record<string, string>): Daemon {
  const { KANSHI_CONFIG: _config, KANSHI_ADMIN_TOKEN: _admin, DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kanshi-demo-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kanshi.js'), 'start', ...args], {
    cwd: dataDir,
    env: { ...inherited, KANSHI_PORT: '0', KANSHI_DATA_DIR: path.join(dataDir, 'data'), ...env },
  });
  let log = '';
  const address = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /"address":"([^"]+)"/.exec(log);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    child.on('exit', (code) => reject(new Error(`kanshi start exited with ${code}: ${log}`)));
  });
  return { child, log: () => log, address };
}

/** Until `/readyz` answers 200; returns the startup notes it gave meanwhile. */
export async function untilReady(base: string): Promise<string[]> {
  const notes: string[] = [];
  for (;;) {
    const res = await fetch(`${base}/readyz`);
    const body = (await res.json()) as { startup?: string };
    if (res.status === 200) return notes;
    if (body.startup) notes.push(body.startup);
    await new Promise((r) => setTimeout(r, 50));
  }
}
