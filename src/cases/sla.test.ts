import { describe, expect, it } from 'vitest';
import { pause, resume, slaView, type SlaClock } from './sla.ts';

const H = 3_600_000;
const D = 24 * H;
const targets = { acknowledge: D, triage: 2 * D, plan: 5 * D, fix: 15 * D };
const opened = new Date('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(opened.getTime() + ms);
const clock = (over: Partial<SlaClock> = {}): SlaClock => ({ openedAt: opened, pausedMs: 0, pausedSince: null, done: {}, ...over });

describe('slaView', () => {
  it.each([
    ['just opened', clock(), 0, 'on-track', { acknowledge: 'on-track', triage: 'on-track', plan: 'on-track', fix: 'on-track' }],
    [
      '18 h in: acknowledge near breach (75 %)',
      clock(),
      18 * H,
      'near-breach',
      { acknowledge: 'near-breach', triage: 'on-track', plan: 'on-track', fix: 'on-track' },
    ],
    ['25 h in: acknowledge breached', clock(), 25 * H, 'breached', { acknowledge: 'breached', triage: 'on-track', plan: 'on-track', fix: 'on-track' }],
    [
      '25 h in, acknowledged after 2 h',
      clock({ done: { acknowledge: at(2 * H) } }),
      25 * H,
      'on-track',
      { acknowledge: 'done', triage: 'on-track', plan: 'on-track', fix: 'on-track' },
    ],
    [
      '25 h in after 10 h paused',
      clock({ pausedMs: 10 * H }),
      25 * H,
      'on-track',
      { acknowledge: 'on-track', triage: 'on-track', plan: 'on-track', fix: 'on-track' },
    ],
    [
      'everything done',
      clock({ done: { acknowledge: at(1), triage: at(2), plan: at(3), fix: at(4) } }),
      100 * D,
      'on-track',
      { acknowledge: 'done', triage: 'done', plan: 'done', fix: 'done' },
    ],
  ])('%s', (_name, c, elapsed, status, stages) => {
    const view = slaView(c, targets, 0.75, at(elapsed));
    expect(view.status).toBe(status);
    expect(view.stages).toEqual(stages);
  });

  it('pushes every due date back by the time spent paused, the running pause included', () => {
    const paused = pause(clock(), at(6 * H));
    expect(slaView(paused, targets, 0.75, at(30 * H)).due.acknowledge).toEqual(at(D + 24 * H));
    const resumed = resume(paused, at(16 * H));
    expect(resumed).toEqual(clock({ pausedMs: 10 * H }));
    expect(slaView(resumed, targets, 0.75, at(30 * H)).due).toEqual({
      acknowledge: at(D + 10 * H),
      triage: at(2 * D + 10 * H),
      plan: at(5 * D + 10 * H),
      fix: at(15 * D + 10 * H),
    });
  });

  it('pausing twice or resuming a running clock changes nothing', () => {
    const p = pause(clock(), at(H));
    expect(pause(p, at(2 * H))).toBe(p);
    const c = clock();
    expect(resume(c, at(H))).toBe(c);
  });
});
