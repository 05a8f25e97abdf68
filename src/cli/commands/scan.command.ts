import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtInAdapters } from '../../../feeds/index.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { parseSbom } from '../../inventory/index.ts';
import {
  atOrAbove,
  buildReport,
  matchInventory,
  MemoryAdvisoryLookup,
  renderSarif,
  renderTable,
  scanVexDocument,
  type BomIdentity,
  type FailOn,
  type UnknownAs,
} from '../../matching/index.ts';
import { cycloneDxVex } from '../../vex/index.ts';
import type { FeedRecord } from '../../vulns/index.ts';

export interface ScanOptions {
  sbom: string;
  feedsDir: string;
  format: 'table' | 'json' | 'cyclonedx-vex' | 'sarif';
  failOn?: FailOn;
  /** How `failOn` ranks a finding of unknown severity (default `critical`: it counts). */
  unknownAs?: UnknownAs;
  /** Schema validation of the SBOM, as the daemon's `server.validation` (default strict). */
  validation?: 'strict' | 'warn';
}

/**
 * Exit codes for CI gates (README "Exit codes"). `noAdvisoryData`: the feeds folder holds no
 * advisory at all (empty, or the wrong folder), so "no findings" would mean nothing.
 */
export const SCAN_EXIT = { clean: 0, findings: 1, usage: 2, noAdvisoryData: 6 } as const;

/** An SBOM for a scan may be large; the daemon's upload limit does not apply to a local file. */
const MAX_SBOM_BYTES = 1024 * 1024 * 1024;

/** Every record of a local dump (DESIGN.md "Local feed dump"), through the adapters' own reading and normalising. */
export async function readFeedDump(feedsDir: string, log: Logger): Promise<{ records: FeedRecord[]; rejected: number; advisories: number }> {
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
  return { records, rejected, advisories: records.filter((r) => r.kind !== 'kev' && r.kind !== 'epss').length };
}

/** The CycloneDX document's serial number and version, which BOM-Links into it are made of; null for SPDX or without a serial. */
function bomIdentity(bytes: Buffer, encoding: string): BomIdentity | null {
  try {
    if (encoding === 'json') {
      const doc = JSON.parse(bytes.toString('utf8')) as { serialNumber?: unknown; version?: unknown };
      return typeof doc.serialNumber === 'string' ? { serialNumber: doc.serialNumber, version: typeof doc.version === 'number' ? doc.version : 1 } : null;
    }
    const root = /<bom\b[^>]*>/.exec(bytes.toString('utf8'))?.[0] ?? '';
    const serial = /\bserialNumber="([^"]+)"/.exec(root)?.[1];
    return serial ? { serialNumber: serial, version: Number(/\bversion="(\d+)"/.exec(root)?.[1] ?? 1) } : null;
  } catch {
    return null;
  }
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
}

/**
 * `kanshi scan <sbom> --feeds-dir <dir>`: offline, one shot. Exit 0 when nothing at or above
 * `failOn` was found (or no `failOn` given), 1 when something was, 2 when the SBOM or the feed
 * directory cannot be read, 6 when the feed directory holds no advisory. Errors go to `err`.
 */
export async function scanCommand(opts: ScanOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream = out): Promise<number> {
  if (!existsSync(opts.feedsDir) || !statSync(opts.feedsDir).isDirectory()) {
    await write(err, `error: feeds directory ${opts.feedsDir} not found\n`);
    return SCAN_EXIT.usage;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(opts.sbom);
  } catch (e) {
    await write(err, `error: cannot read ${opts.sbom}: ${(e as Error).message}\n`);
    return SCAN_EXIT.usage;
  }
  const validation = opts.validation ?? 'strict';
  const parsed = await parseSbom(bytes, { validation, maxBytes: MAX_SBOM_BYTES });
  if (!parsed.ok) {
    const details = parsed.details
      .slice(0, 20)
      .map((d) => `\n  ${d.path}: ${d.message}`)
      .join('');
    const hint = parsed.code === 'INVALID_SBOM' && validation === 'strict' ? '\n(--validation warn scans what can be read and lists every violation)' : '';
    await write(err, `error: ${opts.sbom}: ${parsed.code}: ${parsed.message}${details}${hint}\n`);
    return SCAN_EXIT.usage;
  }
  for (const w of parsed.sbom.warnings.slice(0, 20)) await write(err, `warning: ${w.path}: ${w.message}\n`);
  const { records, advisories } = await readFeedDump(opts.feedsDir, silentLogger());
  if (advisories === 0) {
    await write(
      err,
      `error: no advisory records under ${opts.feedsDir} (expected nvd/, osv/, jvn/ or csaf/ folders in the dump layout); a scan against nothing proves nothing\n`,
    );
    return SCAN_EXIT.noAdvisoryData;
  }
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
          ? `${cycloneDxVex(scanVexDocument(report, new Date(), { name: path.basename(opts.sbom), bom: parsed.sbom.format === 'CycloneDX' ? bomIdentity(bytes, parsed.sbom.encoding) : null }))}\n`
          : renderTable(report);
  await write(out, text);
  const threshold = opts.failOn;
  if (threshold === undefined) return SCAN_EXIT.clean;
  return report.findings.some((f) => atOrAbove(f.vulnerability.severity, threshold, opts.unknownAs)) ? SCAN_EXIT.findings : SCAN_EXIT.clean;
}
