/**
 * The outbox tables: producers append inside their own transaction; the relay publishes
 * committed rows in order and hands work to internal consumers; readers page by `seq`.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { embargoVisibleSql, hiddenVulnerabilityIds, teamScope, type Principal } from '../access/index.ts';
import { eventCursors, events, eventTasks, queryRows, type Db } from '../db/index.ts';
import type { EventType, NewEvent, StoredEvent } from './event-types.ts';

/** Held by the relay for its transaction: one publisher at a time keeps `seq` gap-free for readers. */
const RELAY_LOCK = 0x6b616e73; // "kans"

/** Appends events in the caller's transaction; returns their ids, in the order given. */
export async function appendEvents(db: Db, at: Date, rows: readonly NewEvent[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(events)
    .values(
      rows.map((e) => ({
        type: e.type,
        at,
        teamId: e.teamId ?? null,
        productId: e.productId ?? null,
        productVersionId: e.productVersionId ?? null,
        vulnerabilityId: e.vulnerabilityId ?? null,
        caseId: e.caseId ?? null,
        data: e.data,
      })),
    )
    .returning({ id: events.id });
  return inserted.map((r) => r.id);
}

interface EventRow {
  id: string | number;
  type: EventType;
  at: Date | string;
  team_id: string | null;
  product_id: string | null;
  product_version_id: string | null;
  vulnerability_id: string | null;
  case_id: string | number | null;
  data: Record<string, unknown>;
  seq: string | number | null;
}

const toEvent = (r: EventRow): StoredEvent => ({
  id: Number(r.id),
  seq: r.seq === null ? null : Number(r.seq),
  type: r.type,
  at: r.at instanceof Date ? r.at : new Date(r.at),
  teamId: r.team_id,
  productId: r.product_id,
  productVersionId: r.product_version_id,
  vulnerabilityId: r.vulnerability_id,
  caseId: r.case_id === null || r.case_id === undefined ? null : Number(r.case_id),
  data: r.data,
});

export interface Publication {
  published: StoredEvent[];
  /** Task rows created: (consumer, event). */
  tasks: { consumer: string; event: StoredEvent }[];
}

/**
 * Publishes up to `limit` committed, unpublished events in insertion order and creates the
 * task rows of the consumers that take their types, in one transaction under the relay lock.
 */
export async function publishPending(db: Db, limit: number, consumers: readonly { name: string; types: readonly EventType[] }[]): Promise<Publication> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select pg_advisory_xact_lock(${RELAY_LOCK})`);
    const rows = await queryRows<EventRow>(
      t,
      sql`with next as (select id from events where seq is null order by id limit ${limit}),
        top as (select coalesce(max(seq), 0) as seq from events)
        update events e set seq = top.seq + o.n
        from top, (select id, row_number() over (order by id) as n from next) o
        where e.id = o.id
        returning e.id, e.seq, e.type, e.at, e.team_id, e.product_id, e.product_version_id, e.vulnerability_id, e.case_id, e.data`,
    );
    const published = rows.map(toEvent).sort((a, b) => a.id - b.id);
    const tasks = consumers.flatMap((c) => published.filter((e) => c.types.includes(e.type)).map((event) => ({ consumer: c.name, event })));
    if (tasks.length > 0) {
      await t
        .insert(eventTasks)
        .values(tasks.map((k) => ({ consumer: k.consumer, eventId: k.event.id })))
        .onConflictDoNothing();
    }
    return { published, tasks };
  });
}

/** Tasks not done yet, oldest first, with their events: handed out again at start. */
export async function pendingTasks(db: Db, limit: number): Promise<{ consumer: string; event: StoredEvent }[]> {
  const rows = await queryRows<EventRow & { consumer: string }>(
    db,
    sql`select t.consumer, e.id, e.seq, e.type, e.at, e.team_id, e.product_id, e.product_version_id, e.vulnerability_id, e.case_id, e.data
      from event_tasks t join events e on e.id = t.event_id
      where t.done_at is null order by t.event_id limit ${limit}`,
  );
  return rows.map((r) => ({ consumer: r.consumer, event: toEvent(r) }));
}

/** Marks a consumer's task done, in the transaction of the work it stood for. */
export async function completeTask(db: Db, consumer: string, eventId: number, at: Date): Promise<void> {
  await db
    .update(eventTasks)
    .set({ doneAt: at })
    .where(and(eq(eventTasks.consumer, consumer), eq(eventTasks.eventId, eventId), isNull(eventTasks.doneAt)));
}

/**
 * Whether the work an event handed to internal consumers has committed: `pending` while the
 * relay has not published it (publication creates the tasks) or a task is not done.
 */
export async function eventWorkState(db: Db, eventId: number): Promise<'pending' | 'done'> {
  const [row] = await queryRows<{ done: boolean }>(
    db,
    sql`select e.seq is not null and not exists (select 1 from event_tasks t where t.event_id = e.id and t.done_at is null) as done
      from events e where e.id = ${eventId}`,
  );
  return row?.done ? 'done' : 'pending';
}

export interface EventPage {
  items: (StoredEvent & { product: string | null })[];
  /** The `seq` to pass as `after` for the next page; the same as `after` when nothing is newer. */
  next: number;
}

/**
 * Published events after `after` (a `seq`), oldest first, that `viewer` may see: its team's and
 * portfolio-wide ones, none about a vulnerability or case under an embargo it is not told of
 * (their `data.ids` lists are left without the embargoed ids it may not see).
 */
export async function eventsAfter(db: Db, after: number, limit: number, viewer: Principal): Promise<EventPage> {
  const teamId = teamScope(viewer);
  const team = teamId === null ? sql`true` : sql`(e.team_id is null or e.team_id = ${teamId})`;
  const embargo = sql`(e.vulnerability_id is null or ${embargoVisibleSql(viewer, {
    vulnerabilityId: sql`e.vulnerability_id`,
    productId: sql`e.product_id`,
  })})`;
  const scope = sql`${team} and ${embargo}`;
  const rows = await queryRows<EventRow & { product: string | null }>(
    db,
    sql`select e.id, e.seq, e.type, e.at, e.team_id, e.product_id, e.product_version_id, e.vulnerability_id, e.case_id, e.data, p.name as product
      from events e left join products p on p.id = e.product_id
      where e.seq > ${after} and ${scope} order by e.seq limit ${limit}`,
  );
  const hidden = await hiddenVulnerabilityIds(db, viewer);
  const items = rows.map((r) => ({ ...toEvent(r), product: r.product })).map((e) => (hidden.size > 0 ? withoutIds(e, hidden) : e));
  // `next` is the last row read, kept even when it was emptied, so the reader does not read it again.
  const next = rows.length > 0 ? Number(rows[rows.length - 1]!.seq) : after;
  return { items: items.filter((e) => e !== null), next };
}

/** Published events of `types` after `after` (a `seq`), in publication order. */
export async function publishedAfter(db: Db, after: number, types: readonly EventType[], limit: number): Promise<StoredEvent[]> {
  const rows = await queryRows<EventRow>(
    db,
    sql`select e.id, e.seq, e.type, e.at, e.team_id, e.product_id, e.product_version_id, e.vulnerability_id, e.case_id, e.data
      from events e where e.seq > ${after} and e.type in (${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})
      order by e.seq limit ${limit}`,
  );
  return rows.map(toEvent);
}

/**
 * A stream consumer's position, locked for the caller's transaction: consumers that keep their
 * place this way handle each event exactly once, their work and the move committing together.
 */
export async function lockCursor(db: Db, consumer: string): Promise<number> {
  await db.insert(eventCursors).values({ consumer }).onConflictDoNothing();
  const [row] = await queryRows<{ seq: string | number }>(db, sql`select seq from event_cursors where consumer = ${consumer} for update`);
  return Number(row?.seq ?? 0);
}

export async function moveCursor(db: Db, consumer: string, seq: number): Promise<void> {
  await db.update(eventCursors).set({ seq }).where(eq(eventCursors.consumer, consumer));
}

/** The event without the ids in `hidden` in its `data.ids`; null when nothing is left of it. */
function withoutIds<E extends StoredEvent>(e: E, hidden: Set<string>): E | null {
  const ids = e.data.ids;
  if (!Array.isArray(ids) || !ids.some((id) => hidden.has(String(id)))) return e;
  const kept = ids.filter((id) => !hidden.has(String(id)));
  return kept.length === 0 ? null : { ...e, data: { ...e.data, ids: kept } };
}
