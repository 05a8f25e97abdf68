import { describe, expect, it } from 'vitest';
import { batch, digestDue, retryDelay, wants, type EventFacts, type PlannedDelivery, type SubscriptionRule } from './plan.ts';

const sub = (over: Partial<SubscriptionRule> = {}): SubscriptionRule => ({
  id: 1,
  teamId: 'web',
  events: ['case.opened', 'feed.failing'],
  minPriority: null,
  products: null,
  digest: 'none',
  timeZone: 'UTC',
  ...over,
});
const opened: EventFacts = { type: 'case.opened', teamIds: ['web'], products: ['shop-frontend'], priority: 'P2' };

describe('wants', () => {
  it.each([
    { why: 'its team, its event', s: sub(), f: opened, want: true },
    { why: 'an event it did not ask for', s: sub(), f: { ...opened, type: 'case.assigned' }, want: false },
    { why: "another team's case", s: sub(), f: { ...opened, teamIds: ['iot'] }, want: false },
    { why: 'the PSIRT hears of every team', s: sub({ teamId: null }), f: { ...opened, teamIds: ['iot'] }, want: true },
    { why: 'P2 is below a P1 minimum', s: sub({ minPriority: 'P1' }), f: opened, want: false },
    { why: 'P2 meets a P3 minimum', s: sub({ minPriority: 'P3' }), f: opened, want: true },
    {
      why: 'no priority (an SBOM) passes a minimum',
      s: sub({ minPriority: 'P1', events: ['sbom.processed'] }),
      f: { ...opened, type: 'sbom.processed', priority: null },
      want: true,
    },
    { why: 'product pattern matches', s: sub({ products: ['shop-*'] }), f: opened, want: true },
    { why: 'product pattern misses', s: sub({ products: ['router-*'] }), f: opened, want: false },
    { why: 'a failing feed reaches only the PSIRT', s: sub(), f: { type: 'feed.failing', teamIds: null, products: [], priority: null }, want: false },
    { why: 'a failing feed reaches the PSIRT', s: sub({ teamId: null }), f: { type: 'feed.failing', teamIds: null, products: [], priority: null }, want: true },
  ])('$why', ({ s, f, want }) => expect(wants(s, f)).toBe(want));
});

describe('digestDue', () => {
  it.each([
    { why: 'immediate', now: '2026-12-02T05:10:00Z', digest: 'none', tz: 'UTC', due: '2026-12-02T05:10:00.000Z' },
    { why: 'hourly: the next full hour', now: '2026-12-02T05:10:00Z', digest: 'hourly', tz: 'Asia/Tokyo', due: '2026-12-02T06:00:00.000Z' },
    { why: 'hourly in a half-hour zone', now: '2026-12-02T05:10:00Z', digest: 'hourly', tz: 'Asia/Kolkata', due: '2026-12-02T05:30:00.000Z' },
    { why: 'daily 9:00 Tokyo, before it', now: '2026-12-01T23:00:00Z', digest: 'daily', tz: 'Asia/Tokyo', due: '2026-12-02T00:00:00.000Z' },
    { why: 'daily 9:00 Tokyo, after it: tomorrow', now: '2026-12-02T01:00:00Z', digest: 'daily', tz: 'Asia/Tokyo', due: '2026-12-03T00:00:00.000Z' },
    { why: 'daily across the end of a month', now: '2026-11-30T10:00:00Z', digest: 'daily', tz: 'UTC', due: '2026-12-01T09:00:00.000Z' },
    {
      why: 'daily over a DST change (New York, 9:00 EST)',
      now: '2026-11-01T14:00:00Z',
      digest: 'daily',
      tz: 'America/New_York',
      due: '2026-11-02T14:00:00.000Z',
    },
  ] as const)('$why', ({ now, digest, tz, due }) => expect(digestDue(new Date(now), digest, tz, 9).toISOString()).toBe(due));
});

describe('batch', () => {
  const p = (subscriptionId: number, seq: number, vuln: string, type = 'case.opened'): PlannedDelivery => ({
    subscriptionId,
    eventId: seq,
    eventSeq: seq,
    type,
    vulnerabilityId: vuln,
    dueAt: new Date('2026-12-02T06:00:00Z'),
    batchKey: null,
  });
  it('lists a burst of one vulnerability as one message per subscription, and leaves the rest alone', () => {
    const out = batch(
      [p(1, 1, 'CVE-1'), p(1, 2, 'CVE-1'), p(1, 3, 'CVE-1'), p(2, 1, 'CVE-1'), p(1, 4, 'CVE-2'), p(1, 5, 'CVE-1', 'case.assigned')],
      () => 'none',
      3,
    );
    expect(out.map((o) => o.batchKey)).toEqual(['burst-1-CVE-1-1', 'burst-1-CVE-1-1', 'burst-1-CVE-1-1', null, null, null]);
  });
  it("puts a digest subscription's rows in its window", () => {
    const out = batch([p(7, 1, 'CVE-1'), p(7, 2, 'CVE-2')], () => 'hourly', 3);
    expect(new Set(out.map((o) => o.batchKey))).toEqual(new Set([`digest-7-${Date.parse('2026-12-02T06:00:00Z')}`]));
  });
});

describe('retryDelay', () => {
  it.each([
    { attempt: 1, retryAfter: undefined, random: 1, delay: 1000 },
    { attempt: 3, retryAfter: undefined, random: 1, delay: 4000 },
    { attempt: 3, retryAfter: undefined, random: 0, delay: 2000 },
    { attempt: 20, retryAfter: undefined, random: 1, delay: 60_000 },
    { attempt: 1, retryAfter: 30_000, random: 1, delay: 30_000 },
    { attempt: 1, retryAfter: 999_999, random: 1, delay: 60_000 },
  ])('attempt $attempt, Retry-After $retryAfter → $delay ms', ({ attempt, retryAfter, random, delay }) =>
    expect(retryDelay(attempt, 1000, 60_000, retryAfter, () => random)).toBe(delay),
  );
});
