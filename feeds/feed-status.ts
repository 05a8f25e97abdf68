import type { FeedStateRow } from './sync/feed-state.repo.ts';

/** What `kanshi feeds status` and `GET /api/v1/feeds` show per source. */
export interface FeedStatus {
  source: string;
  enabled: boolean;
  intervalMs: number;
  /** A worker holds the source's lease right now. */
  syncing: boolean;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  recordsIngested: number;
  quarantined: number;
  /** Seconds since the last successful sync; null before the first. */
  lagSeconds: number | null;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function feedStatus(source: string, schedule: { enabled: boolean; intervalMs: number }, row: FeedStateRow | undefined, now: Date): FeedStatus {
  return {
    source,
    ...schedule,
    syncing: Boolean(row?.leaseHolder && row.leaseExpiresAt && row.leaseExpiresAt > now),
    lastAttemptAt: iso(row?.lastAttemptAt),
    lastSuccessAt: iso(row?.lastSuccessAt),
    lastError: row?.lastError ?? null,
    lastErrorAt: iso(row?.lastErrorAt),
    recordsIngested: Number(row?.recordsIngested ?? 0),
    quarantined: Number(row?.quarantined ?? 0),
    lagSeconds: row?.lastSuccessAt ? Math.max(0, Math.round((now.getTime() - row.lastSuccessAt.getTime()) / 1000)) : null,
  };
}
