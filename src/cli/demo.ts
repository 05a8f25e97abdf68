import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { backdateCase, caseIdOf, CasesService } from '../cases/index.ts';
import { fixedClock } from '../core/clock.ts';
import { packageRoot } from '../core/package-root.ts';
import type { Runtime } from '../runtime/index.ts';

interface DemoEntry {
  file: string;
  product: string;
  version: string;
  part?: string;
  /** The team owning the product (default `demo`). */
  team?: string;
}

type Step = { afterDays: number } & (
  | { to: 'triage' | 'affected' | 'closed'; reason?: string }
  | { to: 'not_affected'; justification: 'vulnerable_code_not_in_execute_path' }
  | { to: 'fix_planned'; fixVersion: string; until: Date }
  | { to: 'fixed'; fixVersion: string }
  | { comment: string }
  | { assign: string }
);

interface DemoCase {
  product: string;
  vulnerability: string;
  openedDaysAgo: number;
  steps: Step[];
  embargoed?: true;
}

const DAY = 86_400_000;
const daysAgo = (n: number): Date => new Date(Date.now() - n * DAY);

/**
 * A few weeks of PSIRT work on the demo's cases, so the overview, team queues and KPIs have a
 * history: each case opened some days ago and moved through the workflow at the times given.
 */
const HISTORY: DemoCase[] = [
  {
    product: 'acme-portal',
    vulnerability: 'CVE-2021-44228',
    openedDaysAgo: 27,
    steps: [
      { afterDays: 0.2, to: 'triage' },
      { afterDays: 0.5, assign: 'sato@example.com' },
      { afterDays: 1, to: 'affected' },
      { afterDays: 2, to: 'fix_planned', fixVersion: '2.4.1', until: daysAgo(10) },
      { afterDays: 9, to: 'fixed', fixVersion: '2.4.1' },
    ],
  },
  {
    product: 'acme-portal',
    vulnerability: 'CVE-2021-23337',
    openedDaysAgo: 20,
    steps: [
      { afterDays: 1.5, to: 'triage' },
      { afterDays: 3, comment: 'template() is never given user input in acme-portal' },
      { afterDays: 4, to: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
      { afterDays: 5, to: 'closed' },
    ],
  },
  {
    product: 'acme-shop',
    vulnerability: 'CVE-2021-44228',
    openedDaysAgo: 12,
    steps: [
      { afterDays: 1, to: 'triage' },
      { afterDays: 3, to: 'affected' },
    ],
  },
  { product: 'acme-shop', vulnerability: 'CVE-2021-23337', openedDaysAgo: 9, steps: [], embargoed: true },
  {
    product: 'acme-router',
    vulnerability: 'CVE-2018-25032',
    openedDaysAgo: 5,
    steps: [
      { afterDays: 1, to: 'triage' },
      { afterDays: 1.2, assign: 'suzuki@example.com' },
      { afterDays: 2, comment: 'firmware build 1.8.3 bundles zlib 1.2.12' },
    ],
  },
  { product: 'acme-router', vulnerability: 'CVE-2021-33503', openedDaysAgo: 1, steps: [] },
];

const CASES_LIMIT_MS = 60_000;

/** The demo cases' ids, once the cases consumer has opened them all. */
async function demoCases(rt: Runtime): Promise<(DemoCase & { id: number })[]> {
  const deadline = Date.now() + CASES_LIMIT_MS;
  for (;;) {
    await rt.cases.service.sync();
    const ids = await Promise.all(HISTORY.map((c) => caseIdOf(rt.deps.db, c.product, c.vulnerability)));
    if (ids.every((id) => id !== undefined)) return HISTORY.map((c, i) => ({ ...c, id: ids[i]! }));
    if (Date.now() > deadline) {
      rt.deps.log.warn('demo cases not all opened after a minute; their history is not written');
      return [];
    }
    await sleep(SETTLE_POLL_MS);
  }
}

/** Writes each demo case's history through the cases service, on a clock set to when it happened. */
async function writeHistory(rt: Runtime): Promise<void> {
  const clock = fixedClock(new Date());
  const service = new CasesService({ db: rt.deps.db, clock, log: rt.deps.log, policy: rt.cases.policy, events: rt.deps.events });
  const psirt = { id: 'demo-psirt', role: 'psirt' as const };
  for (const c of await demoCases(rt)) {
    const opened = daysAgo(c.openedDaysAgo);
    await backdateCase(rt.deps.db, c.id, opened);
    for (const step of c.steps) {
      clock.set(new Date(opened.getTime() + step.afterDays * DAY));
      if ('comment' in step) await service.comment(c.id, step.comment, psirt, null);
      else if ('assign' in step) await service.update(c.id, { assignee: step.assign }, psirt, null);
      else {
        const { afterDays: _after, ...request } = step;
        await service.transition(c.id, request, psirt, null);
      }
    }
    if (c.embargoed) await rt.cases.disclosure.coordinate(c.id, { embargoed: true }, psirt.id);
  }
  // SLA statuses as of now: the history left some stages late.
  await rt.cases.service.sweep();
  // A KPI snapshot for each day of the history, so the trend has its weeks (and today's replaces the empty one taken at start).
  await rt.kpis.service.snapshot(daysAgo(Math.max(...HISTORY.map((c) => c.openedDaysAgo))));
}

const SETTLE_POLL_MS = 200;
const SETTLE_LIMIT_MS = 300_000;

/** Until the ingest and matching queues hold nothing waiting or running (delayed retries aside). */
async function settled(rt: Runtime): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  while (Date.now() < deadline) {
    const counts = await rt.queue.counts();
    if ([counts.ingest, counts.matching].every((c) => c.waiting + c.active === 0)) return;
    await sleep(SETTLE_POLL_MS);
  }
  rt.deps.log.warn('demo data still being processed after 5 minutes; readiness no longer waits for it');
}

/**
 * `kanshi start --demo`: a small bundled feed snapshot (`sboms/demo-feeds/`, in the feed dump
 * layout) and the example SBOMs listed in `sboms/demo.json`, uploaded as products of their
 * teams, and a few weeks of history on the cases they open (one under embargo), so a first look
 * at the dashboard, the API and the findings has something in it. Returns once the uploads are
 * ingested and matched and the history is written.
 */
export async function loadDemo(rt: Runtime): Promise<void> {
  const dir = path.join(packageRoot(), 'sboms');
  for (const report of await rt.feeds.syncNow(undefined, path.join(dir, 'demo-feeds'))) {
    if (report.error) rt.deps.log.warn({ feed: report.source, error: report.error }, 'demo feed not loaded');
  }
  const entries = JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')) as DemoEntry[];
  const loaders = new Map<string, { tokenId: string; role: 'uploader'; teamId: string }>();
  for (const e of entries) {
    try {
      const team = e.team ?? 'demo';
      const principal = loaders.get(team) ?? {
        tokenId: (await rt.tokens.create({ team, role: 'uploader', label: 'demo loader' })).id,
        role: 'uploader',
        teamId: team,
      };
      loaders.set(team, principal);
      const bytes = await readFile(path.join(dir, e.file));
      const result = await rt.inventory.ingest.accept(principal, { product: e.product, version: e.version, part: e.part ?? 'main', validation: 'warn' }, bytes);
      rt.deps.log.info({ file: e.file, upload: result.id }, 'demo SBOM uploaded');
    } catch (err) {
      rt.deps.log.warn({ err, file: e.file }, 'demo SBOM not loaded');
    }
  }
  await settled(rt);
  await writeHistory(rt);
}
