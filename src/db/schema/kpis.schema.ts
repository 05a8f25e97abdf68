import { date, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One day's state of one team's cases, for trends: taken by a periodic job, the last one of the
 * day kept. `data` is a `KpiSnapshot` (src/kpis).
 */
export const kpiSnapshots = pgTable(
  'kpi_snapshots',
  {
    day: date('day', { mode: 'string' }).notNull(),
    teamId: text('team_id').notNull(),
    data: jsonb('data').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.teamId] })],
);
