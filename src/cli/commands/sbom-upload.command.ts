import { readFile } from 'node:fs/promises';
import { apiRequest, CliHttpError, EXIT, type ServerOptions } from '../api-client.ts';

export interface UploadOptions extends ServerOptions {
  file: string;
  product: string;
  version: string;
  part?: string;
  validation?: 'strict' | 'warn';
  wait: boolean;
  timeoutSeconds: number;
  pollMs?: number;
}

interface UploadStatus {
  id: string;
  status: 'queued' | 'processing' | 'processed' | 'failed';
  componentCount: number | null;
  format: string | null;
  specVersion: string | null;
  warnings: { path: string; message: string }[];
  error?: { code: string; message: string } | null;
}

/**
 * `kanshi sbom upload`, made for CI: uploads, then waits for processing with a progress line
 * on stderr. Exit codes: 0 processed, 1 processing failed or timed out, 2 usage, 3 rejected
 * (invalid or too large), 4 not authorised, 5 server unreachable or failing.
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
    const started = Date.now();
    let last = '';
    for (;;) {
      const s = await apiRequest<UploadStatus>(o, 'GET', `/api/v1/sboms/${accepted.id}`);
      const line = `status: ${s.status}`;
      if (line !== last) err.write(`${line} (${Math.round((Date.now() - started) / 1000)}s)\n`);
      last = line;
      if (s.status === 'processed') {
        for (const w of s.warnings.slice(0, 20)) err.write(`warning: ${w.path}: ${w.message}\n`);
        if (s.warnings.length > 20) err.write(`… and ${s.warnings.length - 20} more warnings\n`);
        out.write(
          `${JSON.stringify({ id: s.id, status: s.status, format: s.format, specVersion: s.specVersion, components: s.componentCount, warnings: s.warnings.length })}\n`,
        );
        return EXIT.ok;
      }
      if (s.status === 'failed') {
        err.write(`processing failed: ${s.error?.message ?? 'unknown error'}\n`);
        return EXIT.failed;
      }
      if (Date.now() - started > o.timeoutSeconds * 1000) {
        err.write(`still ${s.status} after ${o.timeoutSeconds}s; the upload is stored and will be processed\n`);
        return EXIT.failed;
      }
      await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
    }
  } catch (e) {
    if (e instanceof CliHttpError) {
      err.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
