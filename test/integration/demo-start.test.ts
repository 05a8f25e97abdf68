import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.ts';

const TOKEN = 'demo-admin-token-0123456789';

interface Daemon {
  child: ChildProcess;
  log(): string;
  /** The address the daemon logged once it listened. */
  address: Promise<string>;
}

/** `kanshi start` as a user runs it: the compiled bin, its own data folder, a free port. */
function start(args: string[], env: Record<string, string>): Daemon {
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

describe('kanshi start --demo', () => {
  let daemon: Daemon | undefined;
  afterEach(() => {
    daemon?.child.kill('SIGTERM');
    daemon = undefined;
  });

  it('is ready only once its data is imported and matched, with a CPE-based finding, and schedules no network sync', async () => {
    daemon = start(['--demo'], { KANSHI_ADMIN_TOKEN: TOKEN });
    const base = await daemon.address;
    const notes: string[] = [];
    for (;;) {
      const res = await fetch(`${base}/readyz`);
      const body = (await res.json()) as { startup?: string };
      if (res.status === 200) break;
      if (body.startup) notes.push(body.startup);
      await new Promise((r) => setTimeout(r, 50));
    }
    const findings = (await (await fetch(`${base}/api/v1/findings?limit=100`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      items: { vulnerability: string; component: { name: string }; confidence?: string; match?: { confidence: string } }[];
    };
    const seen = findings.items.map((f) => `${f.component.name} ${f.vulnerability}`);
    expect(seen).toEqual(expect.arrayContaining(['lodash CVE-2021-23337', 'log4j-core CVE-2021-44228', 'zlib CVE-2018-25032']));
    const zlib = findings.items.find((f) => f.vulnerability === 'CVE-2018-25032')!;
    expect(JSON.stringify(zlib)).toMatch(/"medium"/);
    expect(daemon.log()).toMatch(/network feed syncs not scheduled/);
    // Listening comes first, loading after: readiness said what it was waiting for.
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => /loading the demo/.test(n))).toBe(true);
  }, 120_000);

  it('says how to get a first token when none is set', async () => {
    daemon = start(['--offline'], {});
    await daemon.address;
    expect(daemon.log()).toMatch(/no KANSHI_ADMIN_TOKEN set: to get a first token.*kanshi token create --role admin/);
  }, 60_000);
});
