/**
 * Which subscriptions an event reaches, and when: pure rules of the delivery planner.
 */
import { atLeast, patternMatches, type Priority } from '../cases/index.ts';

/** A subscription as the planner judges it. */
export interface SubscriptionRule {
  id: number;
  /** null: the PSIRT's, every team and the operational events. */
  teamId: string | null;
  events: readonly string[];
  minPriority: Priority | null;
  products: readonly string[] | null;
  digest: 'none' | 'hourly' | 'daily';
  timeZone: string;
}

/** What the planner knows of an event when it plans it. */
export interface EventFacts {
  type: string;
  /** Teams concerned; null for an operational event (a failing feed) that only the PSIRT hears of. */
  teamIds: readonly string[] | null;
  products: readonly string[];
  /** The case's priority (the new one for a change); null when the event has none (an SBOM, a feed). */
  priority: Priority | null;
}

/** Whether the event reaches the subscription: its type, its team's scope, the minimum priority, the products. */
export function wants(sub: SubscriptionRule, f: EventFacts): boolean {
  if (!sub.events.includes(f.type)) return false;
  if (sub.teamId !== null && (f.teamIds === null || !f.teamIds.includes(sub.teamId))) return false;
  if (sub.minPriority !== null && f.priority !== null && !atLeast(f.priority, sub.minPriority)) return false;
  if (sub.products !== null && !f.products.some((name) => sub.products!.some((p) => patternMatches(p, name)))) return false;
  return true;
}

/** The default time zone of a recipient: Japan for Japanese, UTC otherwise. */
export const defaultTimeZone = (locale: string): string => (locale === 'ja' ? 'Asia/Tokyo' : 'UTC');

/** The wall-clock fields of `at` in `timeZone`. */
function wallClock(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute! };
}

/** The instant at which `timeZone`'s wall clock shows the given fields (the later one across a DST fold). */
function instantOf(y: number, mo: number, d: number, h: number, timeZone: string): Date {
  const guess = Date.UTC(y, mo - 1, d, h);
  let at = guess;
  // Two rounds settle the offset, DST changes included.
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(at), timeZone);
    at += guess - Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
  }
  return new Date(at);
}

/**
 * When the digest window `now` falls in closes: the next full hour of the recipient's clock, or
 * the next `dailyHour`:00 of it. `none` sends at once (`now`).
 */
export function digestDue(now: Date, digest: SubscriptionRule['digest'], timeZone: string, dailyHour: number): Date {
  if (digest === 'none') return now;
  const w = wallClock(now, timeZone);
  if (digest === 'hourly') return instantOf(w.y, w.mo, w.d, w.h + 1, timeZone);
  const today = instantOf(w.y, w.mo, w.d, dailyHour, timeZone);
  return today > now ? today : instantOf(w.y, w.mo, w.d + 1, dailyHour, timeZone);
}

/** A planned delivery before it has a row. */
export interface PlannedDelivery {
  subscriptionId: number;
  eventId: number;
  eventSeq: number;
  type: string;
  vulnerabilityId: string | null;
  dueAt: Date;
  batchKey: string | null;
}

const keyPart = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * Groups planned deliveries into messages. A digest subscription's rows share their window's key.
 * A burst, `threshold` or more `case.opened` of one vulnerability for one subscription in one
 * batch (an advisory hitting many products), becomes one message listing them. Keys are stable
 * (they become the `webhook-id` of the message) and fit in a job id.
 */
export function batch(
  planned: readonly PlannedDelivery[],
  digestOf: (subscriptionId: number) => SubscriptionRule['digest'],
  threshold: number,
): PlannedDelivery[] {
  const bursts = new Map<string, PlannedDelivery[]>();
  for (const p of planned) {
    if (p.type !== 'case.opened' || p.vulnerabilityId === null) continue;
    const k = `${p.subscriptionId}|${p.vulnerabilityId}`;
    bursts.set(k, [...(bursts.get(k) ?? []), p]);
  }
  const burstKey = new Map<PlannedDelivery, string>();
  for (const group of bursts.values()) {
    if (group.length < threshold) continue;
    const first = group[0]!;
    for (const p of group) burstKey.set(p, `burst-${first.subscriptionId}-${keyPart(first.vulnerabilityId!)}-${first.eventSeq}`);
  }
  return planned.map((p) => {
    if (digestOf(p.subscriptionId) !== 'none') return { ...p, batchKey: `digest-${p.subscriptionId}-${p.dueAt.getTime()}` };
    return { ...p, batchKey: burstKey.get(p) ?? null };
  });
}

/** Backoff before attempt `attempt + 1`: doubling from `baseMs` with jitter, capped; the receiver's `Retry-After` wins (capped too). */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(maxMs, retryAfterMs);
  return Math.round(Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + random() / 2));
}
