/**
 * The delivery planner: a cursor consumer of the published outbox. Each batch of events becomes
 * delivery rows, one per (event, subscription) that wants it, inserted in the transaction that
 * moves the cursor: an event is planned exactly once, and a change that rolled back (never
 * published) is never planned. Sending happens in jobs after the commit.
 */
import type { AlertEvent, Policy, PolicySubscription, Priority } from '../cases/index.ts';
import { ALERT_EVENTS, type PolicyService } from '../cases/index.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/index.ts';
import { lockCursor, moveCursor, publishedAfter, type EventType, type StoredEvent } from '../events/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import {
  casesForPlanning,
  exposedCases,
  insertDeliveries,
  listSubscriptions,
  productNames,
  syncPolicySubscriptions,
  type NewSubscription,
  type SubscriptionRow,
} from './alerts.repo.ts';
import type { AlertsConfig } from './channels.ts';
import { batch, defaultTimeZone, digestDue, wants, type EventFacts, type PlannedDelivery, type SubscriptionRule } from './plan.ts';

const CURSOR = 'alerts';
const BATCH = 500;
/** The outbox stores some of these under types other branches add; the planner asks for every name. */
export const ALERT_EVENT_TYPES = ALERT_EVENTS as unknown as readonly EventType[];

const tx = <T>(db: Db, fn: (t: Db) => Promise<T>): Promise<T> => db.transaction((t) => fn(t as unknown as Db));

export const ruleOf = (s: SubscriptionRow): SubscriptionRule => ({
  id: s.id,
  teamId: s.teamId,
  events: s.events,
  minPriority: (s.minPriority as Priority | null) ?? null,
  products: s.products ?? null,
  digest: s.digest as SubscriptionRule['digest'],
  timeZone: s.timeZone,
});

/** The policy file's subscriptions as rows; a webhook's secret comes from `alerts.secrets` by name. */
export function policySubscriptionRows(policy: Policy, secrets: Record<string, string>): (NewSubscription & { policyName: string })[] {
  return policy.alerts.subscriptions.map((s: PolicySubscription) => ({
    policyName: s.name,
    teamId: s.team ?? null,
    channel: s.channel.type,
    target: s.channel.type === 'email' ? s.channel.to : s.channel.url,
    secret: s.channel.type === 'webhook' ? (secrets[s.channel.secretRef] ?? null) : null,
    events: s.events,
    minPriority: s.minPriority ?? null,
    products: s.products ?? null,
    digest: s.digest,
    locale: s.locale,
    timeZone: s.timeZone ?? defaultTimeZone(s.locale),
  }));
}

export class DeliveryPlanner {
  private syncedPolicy = -1;

  constructor(private readonly deps: { db: Db; clock: Clock; queue: JobQueue; policy: PolicyService; config: AlertsConfig }) {}

  /** Plans every published event not planned yet and hands the new deliveries to the send jobs; returns how many events. */
  async plan(): Promise<number> {
    // Read outside the transaction: the embedded database runs one statement stream at a time.
    const { id, policy } = await this.deps.policy.current();
    if (id !== this.syncedPolicy) {
      await tx(this.deps.db, (t) => syncPolicySubscriptions(t, policySubscriptionRows(policy, this.deps.config.secrets)));
      this.syncedPolicy = id;
    }
    let total = 0;
    for (;;) {
      const { n, created } = await tx(this.deps.db, async (t) => {
        const after = await lockCursor(t, CURSOR);
        const events = await publishedAfter(t, after, ALERT_EVENT_TYPES, BATCH);
        if (events.length === 0) return { n: 0, created: [] };
        const subs = (await listSubscriptions(t, null)).filter((s) => s.enabled);
        const rows = subs.length === 0 ? [] : await this.rows(t, events, subs);
        const inserted = await insertDeliveries(t, rows);
        await moveCursor(t, CURSOR, events.at(-1)!.seq as number);
        return { n: events.length, created: inserted };
      });
      await this.handOut(created);
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** One send job per new message, delayed to a digest window's end. */
  async handOut(created: readonly { id: number; batchKey: string | null; dueAt: Date }[]): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const seen = new Set<string>();
    for (const d of created) {
      const key = d.batchKey ?? String(d.id);
      if (seen.has(key)) continue;
      seen.add(key);
      const delay = d.dueAt.getTime() - now;
      await this.deps.queue.enqueue('delivery.send', { deliveryId: d.id }, { jobId: `delivery-${key}`, ...(delay > 0 ? { delayMs: delay } : {}) });
    }
  }

  private async rows(t: Db, events: readonly StoredEvent[], subs: readonly SubscriptionRow[]) {
    const now = this.deps.clock.now();
    const caseInfo = await casesForPlanning(t, [...new Set(events.map((e) => e.caseId).filter((c): c is number => c !== null))]);
    const kev = await exposedCases(
      t,
      events.filter((e) => e.type === 'vulnerability.kev-added').map((e) => String(e.data.cve)),
    );
    const names = await productNames(t, [...new Set(events.map((e) => e.productId).filter((p): p is string => p !== null))]);
    const rules = subs.map(ruleOf);
    const planned: PlannedDelivery[] = [];
    for (const e of events) {
      const f = facts(e, caseInfo, kev, names);
      // Newly in KEV matters to those exposed to it; nobody is, nobody hears of it.
      if (e.type === 'vulnerability.kev-added' && f.teamIds?.length === 0) continue;
      for (const rule of rules) {
        if (!wants(rule, f)) continue;
        planned.push({
          subscriptionId: rule.id,
          eventId: e.id,
          eventSeq: e.seq as number,
          type: e.type,
          vulnerabilityId: e.vulnerabilityId,
          dueAt: digestDue(now, rule.digest, rule.timeZone, this.deps.config.dailyDigestHour),
          batchKey: null,
        });
      }
    }
    const digestOf = new Map(rules.map((r) => [r.id, r.digest]));
    const channelOf = new Map(subs.map((s) => [s.id, s.channel]));
    const caseOf = new Map(events.map((e) => [e.id, e.caseId]));
    return batch(planned, (id) => digestOf.get(id) ?? 'none', this.deps.config.burstThreshold).map((p) => ({
      subscriptionId: p.subscriptionId,
      eventId: p.eventId,
      eventSeq: p.eventSeq,
      eventType: p.type,
      caseId: caseOf.get(p.eventId) ?? null,
      channel: channelOf.get(p.subscriptionId)!,
      batchKey: p.batchKey,
      dueAt: p.dueAt,
      deadAfter: this.deps.config.attempts,
      createdAt: now,
      updatedAt: now,
    }));
  }
}

/** What the planner filters an event on: its teams, products and priority, from its case where it has one. */
function facts(
  e: StoredEvent,
  caseInfo: Awaited<ReturnType<typeof casesForPlanning>>,
  kev: Awaited<ReturnType<typeof exposedCases>>,
  names: Map<string, string>,
): EventFacts {
  const type = e.type as string as AlertEvent;
  if (type === 'vulnerability.kev-added') {
    const exposed = kev.filter((c) => c.vulnerabilityId === String(e.data.cve));
    const priorities = exposed.map((c) => c.priority as Priority).sort();
    return { type, teamIds: [...new Set(exposed.map((c) => c.teamId))], products: exposed.map((c) => c.product), priority: priorities[0] ?? null };
  }
  if (type === 'feed.failing') return { type, teamIds: null, products: [], priority: null };
  const c = e.caseId !== null ? caseInfo.get(e.caseId) : undefined;
  if (c) {
    const priority = (type === 'case.priority-changed' ? e.data.to : type === 'case.opened' ? e.data.priority : c.priority) as Priority;
    return { type, teamIds: [c.teamId], products: [c.product], priority };
  }
  const product = e.productId ? names.get(e.productId) : undefined;
  return { type, teamIds: e.teamId ? [e.teamId] : [], products: product ? [product] : [], priority: null };
}
