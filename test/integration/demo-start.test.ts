import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon as start, untilReady, type Daemon } from '../support/daemon.ts';

const TOKEN = 'demo-admin-token-0123456789';

describe('kanshi start --demo', () => {
  let daemon: Daemon | undefined;
  afterEach(() => {
    daemon?.child.kill('SIGTERM');
    daemon = undefined;
  });

  it('is ready only once its data is imported and matched, with a CPE-based finding, and schedules no network sync', async () => {
    daemon = start(['--demo'], { KANSHI_ADMIN_TOKEN: TOKEN });
    const base = await daemon.address;
    const notes = await untilReady(base);
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
