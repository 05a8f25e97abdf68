import type { FeedsModule, FeedStatus, QuarantinedRecord, SyncReport } from '../../../feeds/index.ts';
import { apiRequest, CliHttpError, EXIT, type ServerOptions } from '../api-client.ts';

/** One line per source; the counters are printed as the sums they are, so a reader can check them. */
export function syncLine(r: SyncReport): string {
  if (r.error) return `${r.source} (${r.mode}): FAILED: ${r.error}`;
  if (r.skipped) return `${r.source} (${r.mode}): NOT RUN: ${r.skipped}`;
  return (
    `${r.source} (${r.mode}): ${r.records} read = ${r.accepted} accepted + ${r.quarantined} quarantined + ${r.empty} without data; ` +
    `${r.normalised} records = ${r.stored} stored + ${r.unchanged} unchanged + ${r.superseded} superseded; ` +
    `${r.changedVulnerabilities} vulnerabilities changed in ${(r.durationMs / 1000).toFixed(1)} s`
  );
}

/** Progress on long imports: at most one line per source every `everyMs`. */
function progressPrinter(err: NodeJS.WritableStream, everyMs: number): NonNullable<Parameters<FeedsModule['syncNow']>[2]>['onProgress'] {
  const last = new Map<string, number>();
  return ({ source, waitingForLease, report }) => {
    const now = Date.now();
    if (now - (last.get(source) ?? 0) < everyMs) return;
    last.set(source, now);
    err.write(
      waitingForLease
        ? `${source}: waiting for a sync of ${source} running elsewhere to finish…\n`
        : `${source}: ${report.records} read, ${report.stored} stored, ${report.unchanged} unchanged, ${report.quarantined} quarantined…\n`,
    );
  };
}

/**
 * `kanshi feeds sync [--source s] [--from-dir dir]` in this process: exit 1 when any source
 * failed or did not run (another worker held its lease past `leaseWaitMs`).
 */
export async function feedsSyncCommand(
  module: Pick<FeedsModule, 'syncNow'>,
  opts: { source?: string | undefined; fromDir?: string | undefined; leaseWaitMs?: number; progressEveryMs?: number },
  out: NodeJS.WritableStream,
  err?: NodeJS.WritableStream,
): Promise<number> {
  const onProgress = err ? progressPrinter(err, opts.progressEveryMs ?? 5000) : undefined;
  const reports = await module.syncNow(opts.source, opts.fromDir, { leaseWaitMs: opts.leaseWaitMs ?? 0, ...(onProgress ? { onProgress } : {}) });
  for (const r of reports) out.write(`${syncLine(r)}\n`);
  return reports.some((r) => r.error !== undefined || r.skipped !== undefined) ? EXIT.failed : EXIT.ok;
}

/** The feed commands' view of a running daemon, through its API. */
export function remoteFeeds(server: ServerOptions): Pick<FeedsModule, 'status' | 'quarantine'> {
  return {
    status: async () => (await apiRequest<{ feeds: FeedStatus[] }>(server, 'GET', '/api/v1/feeds')).feeds,
    async quarantine(filter) {
      const q = new URLSearchParams({ limit: String(filter.limit), ...(filter.source ? { source: filter.source } : {}) });
      return (await apiRequest<{ items: QuarantinedRecord[] }>(server, 'GET', `/api/v1/feeds/quarantine?${q}`)).items;
    },
  };
}

/**
 * `kanshi feeds sync --server`: asks the daemon to sync now (the source given, else every
 * enabled one). A dump folder is read by the process that imports it, so `--from-dir` is not
 * sent to a daemon.
 */
export async function feedsRequestSyncCommand(
  server: ServerOptions,
  opts: { source?: string | undefined; fromDir?: string | undefined },
  out: NodeJS.WritableStream,
): Promise<number> {
  if (opts.fromDir !== undefined) {
    throw new CliHttpError('--from-dir imports in this process: stop the daemon (embedded mode) or run it with DATABASE_URL set, without --server', EXIT.usage);
  }
  const sources = opts.source ? [opts.source] : (await remoteFeeds(server).status()).filter((f) => f.enabled).map((f) => f.source);
  for (const source of sources) {
    await apiRequest(server, 'POST', `/api/v1/feeds/${encodeURIComponent(source)}/sync`);
    out.write(`${source}: sync queued on ${server.server} (follow it with kanshi feeds status)\n`);
  }
  return EXIT.ok;
}

function age(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

const statusRow = (s: FeedStatus): string[] => [
  s.source,
  s.enabled ? (s.syncing ? 'syncing' : 'enabled') : 'disabled',
  s.lastSuccessAt ?? 'never',
  s.lastError ? `${s.lastErrorAt ?? ''} ${s.lastError.split('\n')[0]!.slice(0, 80)}` : '-',
  String(s.recordsIngested),
  String(s.quarantined),
  age(s.lagSeconds),
];

/** `kanshi feeds status`: one line per source. */
export async function feedsStatusCommand(module: Pick<FeedsModule, 'status'>, out: NodeJS.WritableStream): Promise<number> {
  const rows = [['SOURCE', 'STATE', 'LAST SUCCESS', 'LAST ERROR', 'RECORDS', 'QUARANTINED', 'LAG'], ...(await module.status()).map(statusRow)];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  for (const r of rows)
    out.write(
      `${r
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}

/** `kanshi feeds quarantine`: what a sync set aside, newest first, with where it came from and why. */
export async function feedsQuarantineCommand(
  module: Pick<FeedsModule, 'quarantine'>,
  opts: { source?: string | undefined; limit: number; json: boolean },
  out: NodeJS.WritableStream,
): Promise<number> {
  const items = await module.quarantine({ source: opts.source, limit: opts.limit });
  if (opts.json) out.write(`${JSON.stringify({ items }, null, 2)}\n`);
  else if (items.length === 0) out.write(`nothing quarantined${opts.source ? ` for ${opts.source}` : ''}\n`);
  else for (const q of items) out.write(`${q.at}  ${q.source}  ${q.recordId ?? '-'}  ${q.location}\n    ${q.reason}\n`);
  return EXIT.ok;
}
