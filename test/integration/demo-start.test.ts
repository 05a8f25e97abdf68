import { afterEach, describe, expect, it } from 'vitest';
import type { TrendDay } from '../../src/kpis/kpis.service.ts';
import { startDaemon as start, untilReady, type Daemon } from '../support/daemon.ts';

const TOKEN = 'demo-admin-token-0123456789';
const DAY = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('kanshi start --demo', () => {
  let daemon: Daemon | undefined;
  afterEach(() => {
    daemon?.child.kill('SIGTERM');
    daemon = undefined;
  });

  it('is ready only once its data is imported and matched, with a CPE-based finding and a daily KPI trend over its history, and schedules no network sync', async () => {
    daemon = start(['--demo'], { KANSHI_ADMIN_TOKEN: TOKEN });
    const base = await daemon.address;
    const notes = await untilReady(base);
    const get = async <T>(url: string): Promise<T> =>
      (await (await fetch(`${base}/api/v1${url}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as T;
    const findings = (await get('/findings?limit=100')) as {
      items: { vulnerability: string; component: { name: string }; confidence?: string; match?: { confidence: string } }[];
    };
    const seen = findings.items.map((f) => `${f.component.name} ${f.vulnerability}`);
    expect(seen).toEqual(expect.arrayContaining(['lodash CVE-2021-23337', 'log4j-core CVE-2021-44228', 'zlib CVE-2018-25032']));
    const zlib = findings.items.find((f) => f.vulnerability === 'CVE-2018-25032')!;
    expect(JSON.stringify(zlib)).toMatch(/"medium"/);

    // One point a day from the day the oldest demo case opened (27 days ago) through today, each as the cases stood then.
    const trend = (await get<{ items: TrendDay[] }>('/kpis/trend?days=60')).items;
    const first = Date.parse(trend[0]!.day);
    expect(trend.map((d) => d.day)).toEqual(Array.from({ length: 28 }, (_, i) => isoDay(first + i * DAY)));
    expect([isoDay(Date.now()), isoDay(Date.now() - DAY)]).toContain(trend.at(-1)!.day);
    const open = trend.map((d) => Object.values(d.openByPriority).reduce((a, b) => a + b, 0));
    // The portal's log4j case alone at first; shop's two and router's two open today; none between the portal's closing and shop's opening.
    expect(open[0]).toBe(1);
    expect(open.at(-1)).toBe(4);
    expect(new Set(open)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(trend.map((d) => Object.values(d.openBySla).reduce((a, b) => a + b, 0))).toEqual(open);
    expect(trend.reduce((n, d) => n + d.opened, 0)).toBe(6);
    expect(trend.reduce((n, d) => n + d.closed, 0)).toBe(1);
    expect(trend.some((d) => (d.openBySla.breached ?? 0) > 0)).toBe(true);
    expect(new Set(trend.map((d) => d.exposedVersions)).size).toBeGreaterThan(1);
    expect(trend.some((d) => d.kevCases > 0)).toBe(true);
    expect(daemon.log()).toMatch(/network feed syncs not scheduled/);
    // Listening comes first, loading after: readiness said what it was waiting for.
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => /loading the demo/.test(n))).toBe(true);
  }, 240_000);

  it('says how to get a first token when none is set', async () => {
    daemon = start(['--offline'], {});
    await daemon.address;
    expect(daemon.log()).toMatch(/no KANSHI_ADMIN_TOKEN set: to get a first token.*kanshi token create --role admin/);
  }, 120_000);
});
