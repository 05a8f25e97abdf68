import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtInAdapters } from '../../../feeds/index.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { parseSbom } from '../../inventory/index.ts';
import { atOrAbove, buildReport, matchInventory, MemoryAdvisoryLookup, renderCycloneDxVex, renderSarif, renderTable, type FailOn } from '../../matching/index.ts';
import type { FeedRecord } from '../../vulns/index.ts';

export interface ScanOptions {
  sbom: string;
  feedsDir: string;
  format: 'table' | 'json' | 'cyclonedx-vex' | 'sarif';
  failOn?: FailOn;
}

/** Exit codes for CI gates. */
export const SCAN_EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** An SBOM for a scan may be large; the daemon's upload limit does not apply to a local file. */
const MAX_SBOM_BYTES = 1024 * 1024 * 1024;

/** Every record of a local dump (DESIGN.md "Local feed dump"), through the adapters' own reading and normalising. */
export async function readFeedDump(feedsDir: string, log: Logger): Promise<{ records: FeedRecord[]; rejected: number }> {
  const records: FeedRecord[] = [];
  let rejected = 0;
  for (const adapter of builtInAdapters) {
    for await (const item of adapter.readDump(path.join(feedsDir, adapter.source), log)) {
      if ('rejected' in item) {
        rejected++;
        continue;
      }
      const normalized = adapter.normalize(item);
      if (normalized.ok) records.push(...normalized.value);
      else rejected++;
    }
  }
  return { records, rejected };
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
}

/**
 * `kanshi scan <sbom> --feeds-dir <dir>`: offline, one shot. Exit 0 when nothing at or above
 * `failOn` was found (or no `failOn` given), 1 when something was, 2 when the SBOM or the feed
 * directory cannot be read.
 */
export async function scanCommand(opts: ScanOptions, out: NodeJS.WritableStream): Promise<number> {
  if (!existsSync(opts.feedsDir) || !statSync(opts.feedsDir).isDirectory()) {
    await write(out, `error: feeds directory ${opts.feedsDir} not found\n`);
    return SCAN_EXIT.usage;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(opts.sbom);
  } catch (e) {
    await write(out, `error: cannot read ${opts.sbom}: ${(e as Error).message}\n`);
    return SCAN_EXIT.usage;
  }
  const parsed = await parseSbom(bytes, { validation: 'warn', maxBytes: MAX_SBOM_BYTES });
  if (!parsed.ok) {
    await write(out, `error: ${opts.sbom}: ${parsed.code}: ${parsed.message}\n`);
    return SCAN_EXIT.usage;
  }
  const { records } = await readFeedDump(opts.feedsDir, silentLogger());
  const lookup = new MemoryAdvisoryLookup(records);
  const results = await matchInventory(parsed.sbom.components, lookup);
  const summaries = await lookup.summaries([...new Set(results.flatMap((r) => r.findings.map((f) => f.vulnerabilityId)))]);
  const report = buildReport(parsed.sbom, results, summaries);

  const text =
    opts.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : opts.format === 'sarif'
        ? `${JSON.stringify(renderSarif(report, path.basename(opts.sbom)), null, 2)}\n`
        : opts.format === 'cyclonedx-vex'
          ? `${JSON.stringify(renderCycloneDxVex(report, new Date()), null, 2)}\n`
          : renderTable(report);
  await write(out, text);
  const threshold = opts.failOn;
  if (threshold === undefined) return SCAN_EXIT.clean;
  return report.findings.some((f) => atOrAbove(f.vulnerability.severity, threshold)) ? SCAN_EXIT.findings : SCAN_EXIT.clean;
}
