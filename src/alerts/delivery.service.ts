/**
 * Sends planned deliveries: claims a message (a delivery, or the rows of its digest or burst),
 * keeps each case's events in order per subscription, renders and sends it, and records the
 * outcome. A failed attempt is retried through the job queue with backoff and jitter (or after
 * the receiver's `Retry-After`), and goes to the dead letter when its attempts are used up. A
 * crash between sending and recording resends the message under the same id.
 */
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { appendEvents } from '../events/index.ts';
import type { Db } from '../db/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import {
  blockedByEarlier,
  claimMessage,
  dueMessages,
  failingFeeds,
  markFeedFailureReported,
  messageRows,
  nextOfCases,
  recordDead,
  recordFailure,
  recordSent,
  release,
  subscriptionById,
  type DeliveryRow,
  type MessageRow,
  type SubscriptionRow,
} from './alerts.repo.ts';
import type { AlertsConfig, Channels } from './channels.ts';
import { retryDelay } from './plan.ts';
import type { AlertItem, AlertMessage, Locale } from './render.ts';

/** Beyond a send's own timeout: how long a claimed message stays with the worker that claimed it. */
const LEASE_MARGIN_MS = 15_000;

export class DeliveryService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      log: Logger;
      queue: JobQueue;
      config: AlertsConfig;
      channels: Channels;
      events: { kick(): Promise<void> };
    },
  ) {}

  /** Sends the message `deliveryId` belongs to, if it is due and no other job holds it. */
  async send(deliveryId: number): Promise<void> {
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const rows = await claimMessage(db, deliveryId, now, new Date(now.getTime() + config.timeout + LEASE_MARGIN_MS));
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const sub = await subscriptionById(db, rows[0]!.subscriptionId);
    if (!sub) return;
    // An earlier event of the same case still on its way goes first; its end hands this one out.
    if (await blockedByEarlier(db, rows)) return release(db, ids, now);
    const key = rows[0]!.batchKey ?? String(rows[0]!.id);
    const log = this.deps.log.child({ deliveries: ids.length, subscription: sub.id, channel: sub.channel, message: key });
    if (!sub.enabled) {
      await recordDead(db, ids, now, 'the subscription is disabled');
      return this.finished(sub, rows);
    }
    const message = toMessage(sub, rows, await messageRows(db, ids), this.deps.config.publicUrl, now);
    const outcome = await this.deps.channels.send({ channel: sub.channel, target: sub.target, secret: sub.secret, subscriptionId: sub.id }, message);
    const at = clock.now();
    if (outcome.ok) {
      await recordSent(db, ids, at);
      log.debug('alert delivered');
      return this.finished(sub, rows);
    }
    if (outcome.permanent) {
      await recordDead(db, ids, at, outcome.error);
      log.warn({ reason: outcome.error }, 'alert dead-lettered: the target refuses it for good');
      return this.finished(sub, rows);
    }
    const attempt = Math.max(...rows.map((r) => r.attempts)) + 1;
    const delay = retryDelay(attempt, config.retryBase, config.retryMax, outcome.retryAfterMs);
    const dead = await recordFailure(db, ids, at, new Date(at.getTime() + delay), outcome.error);
    if (dead) {
      log.warn({ reason: outcome.error, attempts: attempt }, 'alert dead-lettered after its last attempt');
      return this.finished(sub, rows);
    }
    log.info({ reason: outcome.error, attempt, retryInMs: delay }, 'alert delivery failed; retrying');
    await this.deps.queue.enqueue('delivery.send', { deliveryId: rows[0]!.id }, { jobId: `delivery-${key}-a${attempt}`, delayMs: delay });
  }

  /** A message is done (sent or dead): the next event of each of its cases may go now. */
  private async finished(sub: SubscriptionRow, rows: readonly DeliveryRow[]): Promise<void> {
    const caseIds = [...new Set(rows.map((r) => r.caseId).filter((c): c is number => c !== null))];
    for (const id of await nextOfCases(this.deps.db, sub.id, caseIds)) {
      await this.deps.queue.enqueue('delivery.send', { deliveryId: id }, { jobId: `delivery-next-${id}` });
    }
  }

  /**
   * Hands out every message due (retries whose job was lost, digest windows closed, messages a
   * dead worker held) and raises `feed.failing` once per failure episode of a feed. Returns how
   * many messages were handed out.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await dueMessages(this.deps.db, now, 10_000);
    for (const d of due) await this.deps.queue.enqueue('delivery.send', { deliveryId: d.id }, { jobId: `delivery-sweep-${d.key}` });
    let raised = 0;
    for (const f of await failingFeeds(this.deps.db, new Date(now.getTime() - this.deps.config.feedFailingAfter))) {
      raised += await this.deps.db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        if (!(await markFeedFailureReported(t, f.source, f.since, now))) return 0;
        await appendEvents(t, now, [{ type: 'feed.failing', data: { source: f.source, since: f.since.toISOString() } }]);
        return 1;
      });
    }
    if (raised > 0) await this.deps.events.kick();
    return due.length;
  }
}

const DETAIL_KEYS = ['from', 'to', 'reason', 'stages', 'code', 'source', 'since', 'cve', 'dateAdded', 'uploadId', 'part', 'components'];

/** The message of claimed rows, from the events and the cases as they are now. */
export function toMessage(sub: SubscriptionRow, rows: readonly DeliveryRow[], context: readonly MessageRow[], publicUrl: string, now: Date): AlertMessage {
  const items: AlertItem[] = context.map((c) => ({
    eventId: String(c.seq),
    type: c.type,
    at: c.at,
    caseId: c.caseId,
    url: c.caseId !== null ? `${publicUrl.replace(/\/$/, '')}/cases/${c.caseId}` : null,
    embargoed: c.embargoed,
    priority: (c.type === 'case.priority-changed' ? (c.data.to as string) : c.type === 'case.opened' ? (c.data.priority as string) : c.priority) ?? null,
    product: c.product,
    team: c.team,
    vulnerability: c.vulnerabilityId ? { id: c.vulnerabilityId, title: c.title, severity: c.severity } : null,
    details: Object.fromEntries(DETAIL_KEYS.filter((k) => k in c.data).map((k) => [k, c.data[k]])),
  }));
  const batchKey = rows[0]!.batchKey;
  return {
    id: batchKey ?? items[0]!.eventId,
    kind: batchKey === null ? 'event' : 'digest',
    reason: batchKey === null ? 'event' : batchKey.startsWith('burst-') ? 'burst' : (sub.digest as 'hourly' | 'daily'),
    locale: sub.locale as Locale,
    at: now,
    items,
  };
}
