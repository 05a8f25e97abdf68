import type { FeedsModule, FeedStatus } from '../../../feeds/index.ts';

/** `kanshi feeds sync [--source s] [--from-dir dir]`: exit 1 when any source failed. */
export async function feedsSyncCommand(
  module: Pick<FeedsModule, 'syncNow'>,
  opts: { source?: string; fromDir?: string },
  out: NodeJS.WritableStream,
): Promise<number> {
  const reports = await module.syncNow(opts.source, opts.fromDir);
  for (const r of reports) {
    const what = r.skipped
      ? `skipped (${r.skipped})`
      : `${r.records} read, ${r.stored} stored, ${r.unchanged} unchanged, ${r.quarantined} quarantined, ${r.changedVulnerabilities} vulnerabilities changed in ${(r.durationMs / 1000).toFixed(1)} s`;
    out.write(`${r.source} (${r.mode}): ${r.error ? `FAILED: ${r.error}` : what}\n`);
  }
  return reports.some((r) => r.error !== undefined) ? 1 : 0;
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
  for (const r of rows) out.write(`${r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()}\n`);
  return 0;
}
