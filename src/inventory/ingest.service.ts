import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { Clock } from '../core/clock.ts';
import { errorReason } from '../core/error-text.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { authorize, teamData, type Principal } from '../access/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { UnrecoverableJobError } from '../jobs/index.ts';
import type { TeamsRepo } from '../teams/index.ts';
import type { InventoryRepo } from './inventory.repo.ts';
import type { ValidationMode } from './sbom-model.ts';
import type { SbomParser } from './sbom-parser.ts';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

export interface UploadRequest {
  product: string;
  version: string;
  part: string;
  validation: ValidationMode;
  /** Owning team for a product created by an admin or PSIRT token (they belong to no team). */
  team?: string | undefined;
}

export interface IngestOptions {
  maxUploadBytes: number;
}

/**
 * Accepting and ingesting SBOMs. An upload is validated while the client waits (so it hears
 * about a bad document at once, with the location), stored raw and durably, and only then
 * acknowledged; building the inventory is a job that can be re-run any number of times. The
 * parsing itself runs on the parser's threads, off the event loop.
 */
export class IngestService {
  constructor(
    private readonly repo: InventoryRepo,
    private readonly parser: SbomParser,
    private readonly teams: TeamsRepo,
    private readonly queue: JobQueue,
    private readonly events: { kick(): Promise<void> },
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: IngestOptions,
  ) {}

  async accept(principal: Principal, request: UploadRequest, body: Buffer): Promise<{ id: string; status: string }> {
    if (body.length > this.options.maxUploadBytes) {
      throw new AppError('TOO_LARGE', `SBOM is larger than ${this.options.maxUploadBytes} bytes`, 413);
    }
    const teamId = await this.owningTeam(principal, request);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const parsed = await this.parser.check(body, { validation: request.validation, maxBytes: this.options.maxUploadBytes });
    if (!parsed.ok) {
      await this.teams.audit({
        actorTokenId: principal.tokenId,
        teamId,
        action: 'sbom.rejected',
        subject: `${request.product}@${request.version}#${request.part}`,
        details: { sha256, sizeBytes: body.length, code: parsed.code, message: parsed.message, details: parsed.details.slice(0, 100) },
      });
      throw new AppError(parsed.code, parsed.message, parsed.status, parsed.details);
    }
    // Ownership is decided on the product row as it exists after the insert: another team may
    // have created the name while this upload was being parsed.
    const product = await this.repo.claimProduct(request.product, teamId);
    authorize(principal, 'sbom.upload', teamData(product), `product ${request.product}`);
    const productVersionId = await this.repo.ensureVersion(product.id, request.version);
    const upload = await this.repo.insertUpload({
      productVersionId,
      part: request.part,
      sha256,
      sizeBytes: body.length,
      rawGzip: await gzip(body),
      validation: request.validation,
      uploadedBy: principal.tokenId,
    });
    // Identical bytes again: nothing new is stored. A part that a newer upload had replaced is
    // made current again, and one whose processing failed is retried.
    const rerun = !upload.created && (upload.status === 'failed' || upload.supersededAt !== null);
    if (rerun) await this.repo.requeueUpload(upload.id);
    if (upload.created) await this.enqueue(upload.id, 'first');
    else if (rerun) await this.enqueue(upload.id, 'again');
    return { id: upload.id, status: rerun ? 'queued' : upload.status };
  }

  /** The ingest job. Safe to run again after a crash: the inventory is replaced in one transaction. */
  async process(uploadId: string, log: Logger = this.log): Promise<void> {
    const upload = await this.repo.getUploadForProcessing(uploadId);
    if (!upload) {
      log.warn({ uploadId }, 'upload no longer exists');
      return;
    }
    if (upload.status === 'processed' && upload.supersededAt === null) return;
    await this.repo.markProcessing(uploadId);
    const bytes = await gunzip(upload.rawGzip);
    const parsed = await this.parser.parse(bytes, { validation: upload.validation, maxBytes: Math.max(this.options.maxUploadBytes, bytes.length) });
    if (!parsed.ok) throw new UnrecoverableJobError(`stored SBOM no longer parses: ${parsed.code} ${parsed.message}`);
    // Matching follows from the `sbom.processed` event committed with the inventory.
    const { current } = await this.repo.storeInventory(upload, parsed.sbom, this.clock.now());
    log.info({ uploadId, components: parsed.sbom.components.length, current }, 'sbom ingested');
    await this.events.kick();
  }

  /**
   * Marks an upload failed for good. The reason is cut short and made safe first: the error may
   * quote the document (a NUL byte, a 3 MB name) and would then fail this update too, leaving
   * the upload `processing` and re-run at every start.
   */
  async fail(uploadId: string, error: Error): Promise<void> {
    await this.repo.markFailed(uploadId, { code: 'INGEST_FAILED', message: errorReason(error) }, this.clock.now());
    await this.events.kick();
  }

  /** Re-enqueues uploads accepted but not processed (a restart of the embedded daemon, a lost job). */
  async recover(): Promise<number> {
    const ids = await this.repo.pendingUploadIds();
    for (const id of ids) await this.enqueue(id, 'again');
    return ids.length;
  }

  /**
   * The first run of an upload is deduplicated by its id. A run `again` (a retry of a failed or
   * replaced upload, recovery at start) gets an id of its own: BullMQ keeps finished jobs for a
   * while and would take the upload's first id as already done. Two runs of one upload are
   * harmless — the handler skips a processed upload and inventory writes are serialised.
   */
  private async enqueue(uploadId: string, run: 'first' | 'again'): Promise<void> {
    const jobId = run === 'first' ? `ingest-${uploadId}` : `ingest-${uploadId}-${this.clock.now().getTime()}`;
    try {
      await this.queue.enqueue('ingest.sbom', { uploadId }, { jobId });
    } catch (err) {
      // The upload is stored; the recovery sweep enqueues it once the queue is reachable again.
      this.log.error({ err, uploadId }, 'could not enqueue ingest job');
    }
  }

  private async owningTeam(principal: Principal, request: UploadRequest): Promise<string> {
    // Refused before parsing when the name is already taken; decided again after the insert.
    const existing = await this.repo.findProduct(request.product);
    if (existing) {
      authorize(principal, 'sbom.upload', teamData(existing), `product ${request.product}`);
      return existing.teamId;
    }
    authorize(principal, 'sbom.upload');
    const team = principal.teamId ?? request.team;
    if (!team) {
      throw new AppError('TEAM_REQUIRED', 'a new product needs an owning team: pass ?team= with an admin or PSIRT token', 400, [
        { path: 'team', message: 'required to create a product with a token that has no team' },
      ]);
    }
    if (!(await this.teams.teamExists(team))) {
      throw new AppError('UNKNOWN_TEAM', `team ${team} does not exist`, 400, [{ path: 'team', message: 'unknown team' }]);
    }
    return team;
  }
}
