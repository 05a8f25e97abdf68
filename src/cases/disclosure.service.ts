/**
 * Coordinated disclosure of cases: the PSIRT sets a case's coordination and embargo; the sweep
 * warns once when the disclosure date is three days away and the fix is not ready, and ends
 * each embargo on its disclosure date. Every change is audited and written to the outbox in
 * the transaction that makes it.
 */
import type { Clock } from '../core/clock.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Db } from '../db/index.ts';
import { appendEvents } from '../events/index.ts';
import {
  appendAudit,
  caseByIdForUpdate,
  casesUnderCoordination,
  liftVulnerabilityEmbargo,
  manualEmbargoesDue,
  updateCase,
  type CaseRow,
  type NewCase,
} from './cases.repo.ts';
import { caseEvent, tx } from './cases.service.ts';
import { disclosureWarning, embargoEnds, readCoordination, type Coordination } from './disclosure.ts';
import type { CaseState } from './workflow.ts';

export interface CoordinationPatch {
  /** Null removes the coordination. */
  coordination?: Coordination | null;
  embargoed?: boolean;
}

export class DisclosureService {
  constructor(private readonly deps: { db: Db; clock: Clock; events: { kick(): Promise<void> } }) {}

  /** Sets a case's coordination and embargo flag (PSIRT); 409 STALE when the case changed since `ifMatch`. */
  async coordinate(caseId: number, patch: CoordinationPatch, actorId: string, ifMatch?: number): Promise<CaseRow> {
    const now = this.deps.clock.now();
    const row = await tx(this.deps.db, async (t) => {
      const c = await caseByIdForUpdate(t, caseId);
      if (!c) throw notFound(`case ${caseId}`);
      if (ifMatch !== undefined && ifMatch !== c.revision)
        throw new AppError('STALE', `case ${caseId} changed since revision ${ifMatch} (now ${c.revision})`, 409);
      const before = { coordination: readCoordination(c.coordination), embargoed: c.embargoed };
      const after = {
        coordination: patch.coordination === undefined ? before.coordination : patch.coordination,
        embargoed: patch.embargoed ?? c.embargoed,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return c;
      const change: Partial<NewCase> = { coordination: after.coordination, embargoed: after.embargoed, updatedAt: now };
      // A new disclosure date is warned about afresh.
      if (before.coordination?.disclosureAt !== after.coordination?.disclosureAt) change.disclosureWarnedAt = null;
      const updated = await updateCase(t, c.id, change);
      await appendAudit(t, c.id, now, actorId, 'coordination-changed', { from: before, to: after });
      await appendEvents(t, now, [caseEvent(updated, { type: 'case.coordination-changed', data: { caseId: c.id, embargoed: after.embargoed } })]);
      if (before.embargoed && !after.embargoed) await this.lifted(t, updated, 'by-hand', actorId, now);
      return updated;
    });
    await this.deps.events.kick();
    return row;
  }

  /**
   * The disclosure sweep (with the SLA sweep): ends embargoes whose disclosure date is reached,
   * and warns once per disclosure date about a fix not ready three days before. Returns the
   * number of cases changed.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    let changed = 0;
    for (const c of await casesUnderCoordination(this.deps.db)) {
      changed += await tx(this.deps.db, async (t) => {
        const fresh = await caseByIdForUpdate(t, c.id);
        if (!fresh) return 0;
        const coordination = readCoordination(fresh.coordination);
        if (embargoEnds(fresh.embargoed, coordination, now)) {
          const row = await updateCase(t, fresh.id, { embargoed: false, updatedAt: now });
          await this.lifted(t, row, 'disclosure-date', 'system', now);
          return 1;
        }
        const warning = fresh.disclosureWarnedAt ? null : disclosureWarning(coordination, fresh.state as CaseState, now);
        if (!warning) return 0;
        const row = await updateCase(t, fresh.id, { disclosureWarnedAt: now });
        await appendAudit(t, fresh.id, now, 'system', 'disclosure-at-risk', { disclosureAt: warning.disclosureAt, state: fresh.state });
        await appendEvents(t, now, [caseEvent(row, { type: 'case.disclosure-at-risk', data: { caseId: fresh.id, disclosureAt: warning.disclosureAt } })]);
        return 1;
      });
    }
    // A manual vulnerability no case holds (nothing matched it) goes public on its own date too.
    for (const id of await manualEmbargoesDue(this.deps.db, now)) await tx(this.deps.db, (t) => liftVulnerabilityEmbargo(t, id));
    if (changed > 0) await this.deps.events.kick();
    return changed;
  }

  /** A case's embargo ended: audited, reported, and its vulnerability's ended with its last embargoed case. */
  private async lifted(t: Db, c: CaseRow, reason: 'disclosure-date' | 'by-hand', actorId: string, now: Date): Promise<void> {
    const vulnerability = await liftVulnerabilityEmbargo(t, c.vulnerabilityId);
    await appendAudit(t, c.id, now, actorId, 'embargo-lifted', { reason, vulnerabilityLifted: vulnerability });
    await appendEvents(t, now, [caseEvent(c, { type: 'case.embargo-lifted', data: { caseId: c.id, reason } })]);
  }
}
