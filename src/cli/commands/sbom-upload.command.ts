import { readFile } from 'node:fs/promises';
import path from 'node:path';
// The pure report module directly: the single-file CI build must not load the matching domain's index.
import { renderSarif, renderTable, type UnknownAs } from '../../matching/scan-report.ts';
import { apiRequest, CliHttpError, EXIT, type ServerOptions } from '../api-client.ts';
import type { GateThreshold } from '../gate-thresholds.ts';
import { buildGateReport, gateSummary, gateVerdict, isPriorityThreshold, type ApiFinding, type GateReport } from '../upload-gate.ts';

export interface UploadOptions extends ServerOptions {
  file: string;
  product: string;
  version: string;
  part?: string;
  validation?: 'strict' | 'warn';
  wait: boolean;
  timeoutSeconds: number;
  format: 'table' | 'json' | 'sarif';
  failOn?: GateThreshold;
  unknownAs?: UnknownAs;
  pollMs?: number;
}

interface UploadStatus {
  id: string;
  status: 'queued' | 'processing' | 'processed' | 'failed';
  product: string;
  version: string;
  part: string;
  componentCount: number | null;
  format: string | null;
  specVersion: string | null;
  warnings: { path: string; message: string }[];
  error?: { code: string; message: string } | null;
  /** Absent from a daemon older than the gate: it cannot tell, so the gate cannot wait for it. */
  matching?: 'pending' | 'done' | null;
  findingsUrl?: string;
}

const PAGE = 1000;

/** Every open, unsuppressed finding of one product version, page by page. */
async function versionFindings(o: ServerOptions, product: string, version: string): Promise<ApiFinding[]> {
  const items: ApiFinding[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const q = new URLSearchParams({ product, version, limit: String(PAGE), offset: String(offset) });
    const page = await apiRequest<{ items: ApiFinding[]; total: number }>(o, 'GET', `/api/v1/findings?${q}`);
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

/** The product's versions in upload order (a version's first upload); the one before `version`, and the version's component count. */
async function versionContext(o: ServerOptions, product: string, version: string): Promise<{ previous: string | null; components: number | null }> {
  const p = await apiRequest<{ versions: { version: string; components: number; createdAt: string }[] }>(
    o,
    'GET',
    `/api/v1/products/${encodeURIComponent(product)}`,
  );
  const ordered = [...p.versions].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.version.localeCompare(b.version));
  const at = ordered.findIndex((v) => v.version === version);
  return { previous: at > 0 ? ordered[at - 1]!.version : null, components: at === -1 ? null : ordered[at]!.components };
}

/** The cases policy's priority of each vulnerability in the product (see README "Exit codes"). */
async function priorities(o: ServerOptions, product: string, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 50) {
    const q = new URLSearchParams({ vulnerabilities: ids.slice(i, i + 50).join(',') });
    const res = await apiRequest<{ items: { vulnerability: string; priority: string }[] }>(
      o,
      'GET',
      `/api/v1/products/${encodeURIComponent(product)}/priorities?${q}`,
    );
    for (const item of res.items) out.set(item.vulnerability, item.priority);
  }
  return out;
}

/** Polls the upload until it is processed and matched; the final status, or the exit code to end with. */
async function waitForMatching(o: UploadOptions, id: string, err: NodeJS.WritableStream): Promise<UploadStatus | number> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const s = await apiRequest<UploadStatus>(o, 'GET', `/api/v1/sboms/${id}`);
    const line = s.status === 'processed' && s.matching ? `status: processed, matching: ${s.matching}` : `status: ${s.status}`;
    if (line !== last) err.write(`${line} (${Math.round((Date.now() - started) / 1000)}s)\n`);
    last = line;
    if (s.status === 'failed') {
      err.write(`processing failed: ${s.error?.message ?? 'unknown error'}\n`);
      return EXIT.rejected;
    }
    if (s.status === 'processed' && s.matching !== 'pending') return s;
    if (Date.now() - started > o.timeoutSeconds * 1000) {
      err.write(`timed out: still ${line.slice('status: '.length)} after ${o.timeoutSeconds}s; the upload is stored and will be processed\n`);
      return EXIT.timedOut;
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
  }
}

function render(report: GateReport, format: UploadOptions['format'], file: string): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(renderSarif(report, path.basename(file)), null, 2)}\n`;
  return `${renderTable(report)}${gateSummary(report)}`;
}

/**
 * `kanshi sbom upload`, made for CI: uploads, waits until the version is processed and matched
 * (progress on stderr), prints the version's findings and exits as the gate says. Exit codes
 * (README "Exit codes"): 0 passed, 1 findings at or above `--fail-on`, 2 usage, 3 rejected or
 * processing failed, 4 not authorised, 5 server unreachable or failing, 7 timed out waiting.
 */
export async function sbomUploadCommand(o: UploadOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    let bytes: Buffer;
    try {
      bytes = await readFile(o.file);
    } catch (e) {
      throw new CliHttpError(`cannot read ${o.file}: ${(e as Error).message}`, EXIT.usage);
    }
    const q = new URLSearchParams({ product: o.product, version: o.version });
    if (o.part) q.set('part', o.part);
    if (o.validation) q.set('validation', o.validation);
    const accepted = await apiRequest<{ id: string; status: string }>(o, 'POST', `/api/v1/sboms?${q}`, new Uint8Array(bytes), {
      'content-type': 'application/octet-stream',
    });
    err.write(`accepted: upload ${accepted.id} for ${o.product} ${o.version}${o.part ? ` (${o.part})` : ''}\n`);
    if (!o.wait) {
      out.write(`${JSON.stringify(accepted)}\n`);
      return EXIT.ok;
    }
    const s = await waitForMatching(o, accepted.id, err);
    if (typeof s === 'number') return s;
    for (const w of s.warnings.slice(0, 20)) err.write(`warning: ${w.path}: ${w.message}\n`);
    if (s.warnings.length > 20) err.write(`… and ${s.warnings.length - 20} more warnings\n`);

    const context = await versionContext(o, s.product, s.version);
    const findings = await versionFindings(o, s.product, s.version);
    const previous = context.previous === null ? null : { version: context.previous, findings: await versionFindings(o, s.product, context.previous) };
    const ids = [...new Set(findings.filter((f) => f.outcome === 'affected').map((f) => f.vulnerability))];
    const report = buildGateReport({
      upload: s,
      components: context.components ?? s.componentCount ?? 0,
      findings,
      previous,
      ...(o.failOn && isPriorityThreshold(o.failOn) ? { priorities: await priorities(o, s.product, ids) } : {}),
      failOn: o.failOn ?? null,
      unknownAs: o.unknownAs ?? 'critical',
    });
    out.write(render(report, o.format, o.file));
    const verdict = gateVerdict(report);
    if (o.format !== 'table' && verdict !== null) err.write(`${verdict}\n`);
    return report.gate.tripped > 0 ? EXIT.failed : EXIT.ok;
  } catch (e) {
    if (e instanceof CliHttpError) {
      err.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
