/**
 * Cases from findings: the published outbox drives them (a finding opened or retracted, a
 * vulnerability merged, a KEV addition or an EPSS move), read by cursor so each event is handled
 * once, in the transaction that changes the cases and writes their own events. People move them
 * through the workflow; the SLA sweep moves their clocks.
 */
import type { Clock } from '../core/clock.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/index.ts';
import { appendEvents, lockCursor, moveCursor, publishedAfter, type EventType, type NewEvent, type StoredEvent } from '../events/index.ts';
import { decisionById, decisionCoverage, expireDecisions, productExposure, recordDecisions, selectorOfScope, type DecisionRow } from '../matching/index.ts';
import { vulnerabilityFacts } from '../vulns/index.ts';
import {
  activeCases,
  appendAudit,
  caseByIdForUpdate,
  caseForUpdate,
  casesOf,
  insertCase,
  manualOf,
  productById,
  rekeyCases,
  rekeyManual,
  updateCase,
  type CaseRow,
  type ManualRow,
  type NewCase,
} from './cases.repo.ts';
import type { PolicyService } from './policy.service.ts';
import type { Policy, Priority } from './policy.schema.ts';
import { atLeast, ownerOf, priorityFor, profileOf, type ExposureFacts } from './priority.ts';
import { pause, resume, slaView, type SlaClock } from './sla.ts';
import {
  checkTransition,
  isOpen,
  mayDecide,
  SLA_STAGES,
  doneAfterMove,
  type Actor,
  type CaseState,
  type Justification,
  type TransitionRequest,
} from './workflow.ts';

const CURSOR = 'cases';
export const CASE_EVENT_TYPES: readonly EventType[] = [
  'finding.opened',
  'finding.retracted',
  'vulnerability.absorbed',
  'vulnerability.kev-added',
  'vulnerability.epss-changed',
  'decision.made',
  'decision.revoked',
  'decision.expired',
];
const BATCH = 200;
const DAY = 86_400_000;

export const tx = <T>(db: Db, fn: (t: Db) => Promise<T>): Promise<T> => db.transaction((t) => fn(t as unknown as Db));

/** Who acts on a case: a token (its id and role) or Kanshi itself. */
export interface CaseActor {
  id: string;
  role: Actor;
}

const SYSTEM: CaseActor = { id: 'system', role: 'system' };

/** A decision made on a case, as the API takes it. */
export interface DecisionInput {
  scope: DecisionRow['scope'];
  /** The version(s) for `version`, the `vers:` range for `range`. */
  range?: string | undefined;
  status: DecisionRow['status'];
  justification?: Justification | undefined;
  reason?: string | undefined;
  expiresAt?: Date | undefined;
}

/** A change of a case's own fields, as the API takes it. */
export interface CaseUpdate {
  assignee?: string | null | undefined;
  /** Waiting on a supplier's fix: the SLA clocks stop while the policy allows it. */
  waitingOnSupplier?: boolean | undefined;
  reason?: string | undefined;
  ifMatch?: number | undefined;
}

const badRequest = (code: string, path: string, message: string): AppError => new AppError(code, message, 400, [{ path, message }]);

export class CasesService {
  constructor(private readonly deps: { db: Db; clock: Clock; log: Logger; policy: PolicyService; events: { kick(): Promise<void> } }) {}

  /** Handles every published event of interest not handled yet; returns how many. */
  async sync(): Promise<number> {
    let total = 0;
    // Read outside the transaction: the embedded database runs one statement stream at a time.
    const { policy } = await this.deps.policy.current();
    for (;;) {
      const n = await tx(this.deps.db, async (t) => {
        const after = await lockCursor(t, CURSOR);
        const batch = await publishedAfter(t, after, CASE_EVENT_TYPES, BATCH);
        if (batch.length === 0) return 0;
        for (const event of batch) await this.handle(t, policy, event);
        await moveCursor(t, CURSOR, batch.at(-1)!.seq as number);
        return batch.length;
      });
      total += n;
      if (n < BATCH) break;
    }
    if (total > 0) await this.deps.events.kick();
    return total;
  }

  private async handle(t: Db, policy: Policy, e: StoredEvent): Promise<void> {
    switch (e.type) {
      case 'finding.opened':
      case 'finding.retracted':
        if (e.productId && e.vulnerabilityId) await this.reconcile(t, policy, e.productId, e.vulnerabilityId, e.type === 'finding.opened');
        return;
      case 'vulnerability.absorbed': {
        const { from, into } = e.data as { from: string; into: string };
        for (const id of await rekeyCases(t, from, into)) await appendAudit(t, id, this.deps.clock.now(), 'system', 'vulnerability-merged', { from, into });
        await rekeyManual(t, from, into);
        return;
      }
      case 'decision.made':
      case 'decision.revoked':
      case 'decision.expired':
        if (e.vulnerabilityId)
          for (const c of await casesOf(t, e.vulnerabilityId, e.productId)) await this.reconcile(t, policy, c.productId, c.vulnerabilityId, false);
        return;
      case 'vulnerability.kev-added':
      case 'vulnerability.epss-changed': {
        const ids = e.type === 'vulnerability.kev-added' ? [String(e.data.cve)] : (e.data.ids as string[]);
        for (const c of await activeCases(t, ids))
          await this.reprioritize(t, policy, c, e.type === 'vulnerability.kev-added' ? 'known exploited (KEV)' : 'EPSS changed');
        return;
      }
      default:
        return;
    }
  }

  /**
   * Brings the case of (product, vulnerability) in line with its findings and the decisions in
   * force: opens it when an exposure passes the policy's threshold, gives it the decided state
   * when decisions cover every finding (no new work), reopens it on new evidence after it was
   * closed or fixed, or when the decision it inherited no longer covers every finding, closes it
   * (with the reasons) when no finding is left.
   */
  private async reconcile(t: Db, policy: Policy, productId: string, vulnerabilityId: string, opened: boolean): Promise<void> {
    const now = this.deps.clock.now();
    const coverage = await decisionCoverage(t, productId, vulnerabilityId, now);
    const existing = await caseForUpdate(t, vulnerabilityId, productId);
    if (coverage.open === 0) {
      if (existing && existing.state !== 'closed') {
        const { retractReasons } = await productExposure(t, productId, vulnerabilityId);
        const reason = `every finding retracted: ${retractReasons.join(', ') || 'gone'}`;
        await this.move(t, policy, existing, { to: 'closed', reason }, SYSTEM, now);
      }
      return;
    }
    if (coverage.decision) return this.inherit(t, policy, existing, productId, vulnerabilityId, coverage.decision, now);
    if (!existing) {
      await this.open(t, policy, productId, vulnerabilityId, null, now, 'matched');
      return;
    }
    if (existing.decisionId && (existing.state === 'not_affected' || existing.state === 'risk_accepted')) {
      await this.undecide(t, policy, existing, now);
      return;
    }
    if (opened && (existing.state === 'closed' || existing.state === 'fixed')) {
      await this.reopen(t, policy, existing, 'a finding opened after the case was closed', false, now);
      return;
    }
    if (isOpen(existing.state as CaseState)) await this.reprioritize(t, policy, existing, 'findings changed');
  }

  /**
   * Opens the case of a manual vulnerability on the product it was reported against, before (or
   * without) any SBOM of the product showing the package. In the caller's transaction.
   */
  async openReported(t: Db, policy: Policy, productId: string, manual: ManualRow): Promise<CaseRow | undefined> {
    if (await caseForUpdate(t, manual.vulnerabilityId, productId)) return undefined;
    return this.open(t, policy, productId, manual.vulnerabilityId, null, this.deps.clock.now(), 'reported');
  }

  /**
   * Opens a case when its priority reaches the policy's threshold — a vulnerability the PSIRT
   * entered by hand opens one wherever it is found, whatever its priority, with its embargo and
   * coordination — in `new`, or in the state of the decision covering every finding. `reported`:
   * a manual vulnerability's case on the product it was reported against, before any finding.
   */
  private async open(
    t: Db,
    policy: Policy,
    productId: string,
    vulnerabilityId: string,
    d: DecisionRow | null,
    now: Date,
    how: 'matched' | 'reported',
  ): Promise<CaseRow | undefined> {
    const product = await productById(t, productId);
    if (!product) return undefined;
    const manual = await manualOf(t, vulnerabilityId);
    const exposure =
      how === 'reported'
        ? { open: 0, direct: null, confidence: 'high' as const, fixAvailable: false, retractReasons: [] }
        : await productExposure(t, productId, vulnerabilityId);
    const verdict = priorityFor(policy, await this.facts(t, policy, product.name, vulnerabilityId, exposure, now));
    if (!manual && !atLeast(verdict.priority, policy.openAt)) return undefined;
    // A decided case asks for no work: every stage is done from the start.
    const done = d ? Object.fromEntries(SLA_STAGES.map((stage) => [stage, now])) : {};
    const clock: SlaClock = { openedAt: now, pausedMs: 0, pausedSince: null, done };
    const row: NewCase = {
      vulnerabilityId,
      productId,
      teamId: ownerOf(policy, product.name, product.teamId),
      priority: verdict.priority,
      priorityRule: verdict.ruleName,
      state: d?.status ?? 'new',
      openedAt: now,
      updatedAt: now,
      embargoed: manual?.embargoed ?? false,
      coordination: manual?.coordination ?? null,
      slaDone: Object.fromEntries(Object.entries(done).map(([k, v]) => [k, v.toISOString()])),
      ...slaColumns(policy, verdict.priority, clock, now),
      ...(d ? { decisionId: d.id, justification: d.justification, until: d.expiresAt } : {}),
    };
    const created = await insertCase(t, row);
    await appendAudit(t, created.id, now, 'system', 'opened', {
      priority: verdict.priority,
      rule: verdict.ruleName,
      state: created.state,
      ...(manual ? { manual: true, how, embargoed: created.embargoed } : {}),
    });
    if (d) await appendAudit(t, created.id, now, 'system', 'decision-inherited', { decision: d.id, status: d.status, reason: inheritedFrom(d) });
    await appendEvents(t, now, [
      caseEvent(created, { type: 'case.opened', data: { caseId: created.id, priority: created.priority, state: created.state, decisionId: d?.id ?? null } }),
    ]);
    return created;
  }

  /** Gives a case the state of the decision covering every finding; a closed or fixed case stays as it is (no new work). */
  private async inherit(t: Db, policy: Policy, c: CaseRow | undefined, productId: string, vulnerabilityId: string, d: DecisionRow, now: Date): Promise<void> {
    if (!c) return void (await this.open(t, policy, productId, vulnerabilityId, d, now, 'matched'));
    if (c.state === 'closed' || c.state === 'fixed' || c.decisionId === d.id) return;
    if (c.state === d.status) {
      await updateCase(t, c.id, { decisionId: d.id, until: d.expiresAt, updatedAt: now });
      await appendAudit(t, c.id, now, 'system', 'decision-inherited', { decision: d.id, status: d.status, reason: inheritedFrom(d) });
      return;
    }
    const request: TransitionRequest =
      d.status === 'not_affected'
        ? { to: 'not_affected', justification: (d.justification ?? undefined) as Justification | undefined, reason: inheritedFrom(d) }
        : { to: 'risk_accepted', reason: `${inheritedFrom(d)}: ${d.reason ?? ''}`, until: d.expiresAt ?? undefined };
    await this.move(t, policy, c, request, SYSTEM, now, { decisionId: d.id });
  }

  /** The decision a case inherited its state from no longer covers every finding: revoked, expired, or a version outside its scope. */
  private async undecide(t: Db, policy: Policy, c: CaseRow, now: Date): Promise<void> {
    const d = c.decisionId ? await decisionById(t, c.decisionId) : undefined;
    const expired = d?.expiresAt !== null && d?.expiresAt !== undefined && d.expiresAt.getTime() <= now.getTime();
    const why = !d
      ? 'the decision it inherited is gone'
      : d.revokedAt
        ? `decision ${d.id} revoked`
        : expired
          ? `decision ${d.id} expired`
          : `decision ${d.id} does not cover every finding`;
    await this.reopen(t, policy, c, why, expired && !d?.revokedAt, now);
  }

  /** Back to triage, reported as a reopening or as an expired decision, and re-prioritised. */
  private async reopen(t: Db, policy: Policy, c: CaseRow, reason: string, expired: boolean, now: Date): Promise<void> {
    const back = await this.move(t, policy, c, { to: 'triage', reason }, SYSTEM, now, { decisionId: null });
    await appendEvents(t, now, [
      caseEvent(
        back,
        expired
          ? { type: 'case.decision-expired', data: { caseId: c.id, decisionId: c.decisionId } }
          : { type: 'case.reopened', data: { caseId: c.id, from: c.state } },
      ),
    ]);
    await this.reprioritize(t, policy, back, 'reopened');
  }

  private async facts(
    t: Db,
    policy: Policy,
    product: string,
    vulnerabilityId: string,
    exposure: Awaited<ReturnType<typeof productExposure>>,
    now: Date,
  ): Promise<ExposureFacts> {
    const v = (await vulnerabilityFacts(t, [vulnerabilityId])).get(vulnerabilityId);
    return {
      cvss: v?.cvss ? { score: v.cvss.score, vector: v.cvss.vector } : null,
      severity: v?.severity ?? 'unknown',
      kev: v?.kev ?? false,
      epss: v?.epss ?? null,
      epssPercentile: v?.epssPercentile ?? null,
      ...profileOf(policy, product),
      direct: exposure.direct,
      confidence: exposure.confidence,
      fixAvailable: exposure.fixAvailable,
      ageDays: v?.published ? Math.floor((now.getTime() - v.published.getTime()) / DAY) : null,
    };
  }

  /**
   * The priority the policy gives the product's exposure to each vulnerability now, as a case
   * of it has once the cases consumer is in step (and as one below `openAt` would have). Told
   * at once, without waiting for cases to follow the findings; vulnerabilities with no open
   * finding in the product are left out.
   */
  async priorities(
    product: { id: string; name: string },
    vulnerabilityIds: readonly string[],
  ): Promise<{ vulnerability: string; priority: Priority; rule: string | null }[]> {
    const { policy } = await this.deps.policy.current();
    const now = this.deps.clock.now();
    const out: { vulnerability: string; priority: Priority; rule: string | null }[] = [];
    for (const id of new Set(vulnerabilityIds)) {
      const exposure = await productExposure(this.deps.db, product.id, id);
      if (exposure.open === 0) continue;
      const verdict = priorityFor(policy, await this.facts(this.deps.db, policy, product.name, id, exposure, now));
      out.push({ vulnerability: id, priority: verdict.priority, rule: verdict.ruleName });
    }
    return out;
  }

  /** Gives an open case the priority the policy gives it now; a change is audited and reported. Returns whether it changed. */
  private async reprioritize(t: Db, policy: Policy, c: CaseRow, why: string): Promise<boolean> {
    if (!isOpen(c.state as CaseState) && c.state !== 'risk_accepted') return false;
    const product = await productById(t, c.productId);
    if (!product) return false;
    const exposure = await productExposure(t, c.productId, c.vulnerabilityId);
    const now = this.deps.clock.now();
    const verdict = priorityFor(policy, await this.facts(t, policy, product.name, c.vulnerabilityId, exposure, now));
    if (verdict.priority === c.priority) return false;
    const updated = await updateCase(t, c.id, {
      priority: verdict.priority,
      priorityRule: verdict.ruleName,
      updatedAt: now,
      ...slaColumns(policy, verdict.priority, clockOf(c), now),
    });
    await appendAudit(t, c.id, now, 'system', 'priority-changed', { from: c.priority, to: verdict.priority, rule: verdict.ruleName, why });
    await appendEvents(t, now, [caseEvent(updated, { type: 'case.priority-changed', data: { caseId: c.id, from: c.priority, to: verdict.priority } })]);
    return true;
  }

  /** Re-prioritises every active case under the policy now in force (after a policy change); returns how many changed. */
  async reprioritizeAll(): Promise<number> {
    const { policy } = await this.deps.policy.current();
    const ids = (await activeCases(this.deps.db)).map((c) => c.id);
    let changed = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      changed += await tx(this.deps.db, async (t) => {
        let n = 0;
        for (const id of ids.slice(i, i + BATCH)) {
          const c = await caseByIdForUpdate(t, id);
          if (c && (await this.reprioritize(t, policy, c, 'policy changed'))) n++;
        }
        return n;
      });
    }
    if (changed > 0) await this.deps.events.kick();
    return changed;
  }

  /**
   * A person's transition: refused with 409 and the allowed states when the workflow forbids it,
   * 403 when the role may not, 409 STALE when the case changed since `ifMatch` was read.
   */
  async transition(caseId: number, request: TransitionRequest & { ifMatch?: number | undefined }, actor: CaseActor, scope: string | null): Promise<CaseRow> {
    const now = this.deps.clock.now();
    const { policy } = await this.deps.policy.current();
    const updated = await tx(this.deps.db, async (t) => {
      const c = await this.visibleForUpdate(t, caseId, scope);
      if (request.ifMatch !== undefined && request.ifMatch !== c.revision) {
        throw new AppError('STALE', `case ${caseId} changed since revision ${request.ifMatch} (now ${c.revision})`, 409);
      }
      return this.move(t, policy, c, request, actor, now);
    });
    await this.deps.events.kick();
    return updated;
  }

  async comment(caseId: number, text: string, actor: CaseActor, scope: string | null): Promise<void> {
    await tx(this.deps.db, async (t) => {
      const c = await this.visibleForUpdate(t, caseId, scope);
      await appendAudit(t, c.id, this.deps.clock.now(), actor.id, 'comment', { text });
    });
  }

  /**
   * Changes a case's own fields: the assignee, and whether it waits on a supplier's fix (the
   * SLA clocks stop while the policy allows it; a pause and a resume are audited and reported).
   */
  async update(caseId: number, u: CaseUpdate, actor: CaseActor, scope: string | null): Promise<CaseRow> {
    const now = this.deps.clock.now();
    const { policy } = await this.deps.policy.current();
    const updated = await tx(this.deps.db, async (t) => {
      let c = await this.visibleForUpdate(t, caseId, scope);
      if (u.ifMatch !== undefined && u.ifMatch !== c.revision)
        throw new AppError('STALE', `case ${caseId} changed since revision ${u.ifMatch} (now ${c.revision})`, 409);
      if (u.assignee !== undefined && u.assignee !== c.assignee) {
        const from = c.assignee;
        c = await updateCase(t, c.id, { assignee: u.assignee, updatedAt: now });
        await appendAudit(t, c.id, now, actor.id, 'assigned', { from, to: u.assignee });
        await appendEvents(t, now, [caseEvent(c, { type: 'case.assigned', data: { caseId: c.id } })]);
      }
      if (u.waitingOnSupplier !== undefined && u.waitingOnSupplier !== (c.slaPausedSince !== null)) {
        if (u.waitingOnSupplier && !policy.pauseWhileAwaitingSupplier)
          throw new AppError('SLA_PAUSE_NOT_ALLOWED', 'the policy does not pause SLA clocks while waiting on a supplier (pauseWhileAwaitingSupplier)', 409);
        if (u.waitingOnSupplier && !isOpen(c.state as CaseState))
          throw new AppError('SLA_PAUSE_NOT_ALLOWED', `a ${c.state} case has no SLA clock running to pause`, 409);
        c = await this.setPaused(t, policy, c, u.waitingOnSupplier, actor, u.reason ?? null, now);
      }
      return c;
    });
    await this.deps.events.kick();
    return updated;
  }

  /** Stops or restarts a case's SLA clocks, audited and reported. */
  private async setPaused(t: Db, policy: Policy, c: CaseRow, paused: boolean, actor: CaseActor, reason: string | null, now: Date): Promise<CaseRow> {
    const before = clockOf(c);
    const clock = paused ? pause(before, now) : resume(before, now);
    const row = await updateCase(t, c.id, {
      slaPausedMs: clock.pausedMs,
      slaPausedSince: clock.pausedSince,
      updatedAt: now,
      ...slaColumns(policy, c.priority, clock, now),
    });
    const span = clock.pausedMs - before.pausedMs;
    await appendAudit(t, c.id, now, actor.id, paused ? 'sla-paused' : 'sla-resumed', paused ? { reason } : { reason, pausedMs: span });
    await appendEvents(t, now, [
      caseEvent(row, paused ? { type: 'case.sla-paused', data: { caseId: c.id } } : { type: 'case.sla-resumed', data: { caseId: c.id, pausedMs: span } }),
    ]);
    return row;
  }

  /**
   * A decision made on a case, scoped to a version, a range, the product or every product: it is
   * recorded (and reported), then this case takes the decided state when it covers every finding;
   * the cases of other products follow from the `decision.made` event.
   */
  async decide(caseId: number, input: DecisionInput, actor: CaseActor, scope: string | null): Promise<{ decision: DecisionRow; case: CaseRow }> {
    const now = this.deps.clock.now();
    const { policy } = await this.deps.policy.current();
    const c = await tx(this.deps.db, (t) => this.visibleForUpdate(t, caseId, scope));
    if (!mayDecide(input.status, actor.role)) throw new AppError('FORBIDDEN', `a ${input.status} decision needs one of psirt, admin`, 403);
    if (input.status === 'not_affected' && !input.justification)
      throw badRequest('MISSING_FIELD', 'justification', 'a not_affected decision needs a justification');
    if (input.status === 'risk_accepted' && (!input.reason || !input.expiresAt))
      throw badRequest('MISSING_FIELD', input.reason ? 'expiresAt' : 'reason', 'a risk_accepted decision needs a reason and an expiry');
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw badRequest('INVALID_EXPIRY', 'expiresAt', 'expiresAt is in the past');
    const versions = selectorOfScope(input);
    if (!versions.ok) throw badRequest(versions.code, 'range', versions.message);
    const [decision] = await recordDecisions(
      this.deps.db,
      [
        {
          vulnerabilityId: c.vulnerabilityId,
          scope: input.scope,
          productId: input.scope === 'all-products' ? null : c.productId,
          teamId: input.scope === 'all-products' ? null : c.teamId,
          versions: versions.value,
          status: input.status,
          justification: input.justification ?? null,
          reason: input.reason ?? null,
          expiresAt: input.expiresAt ?? null,
          source: 'case',
          caseId: c.id,
          createdBy: actor.id,
        },
      ],
      now,
    );
    const updated = await tx(this.deps.db, async (t) => {
      await appendAudit(t, c.id, now, actor.id, 'decision-made', { decision: decision!.id, scope: input.scope, range: versions.value, status: input.status });
      await this.reconcile(t, policy, c.productId, c.vulnerabilityId, false);
      return (await caseByIdForUpdate(t, c.id))!;
    });
    await this.deps.events.kick();
    return { decision: decision!, case: updated };
  }

  /**
   * The SLA sweep: expires decisions past their expiry (reported as `decision.expired`; the cases
   * that inherited them follow from the event), moves each active case's SLA status (reporting
   * near breach and breach once each) and returns risk acceptances past their expiry to triage.
   */
  async sweep(): Promise<number> {
    const { policy } = await this.deps.policy.current();
    const now = this.deps.clock.now();
    let changed = (await expireDecisions(this.deps.db, now)).length;
    for (const c of await activeCases(this.deps.db)) {
      changed += await tx(this.deps.db, async (t) => {
        const fresh = await caseByIdForUpdate(t, c.id);
        if (!fresh) return 0;
        if (fresh.state === 'risk_accepted' && fresh.until && fresh.until <= now) {
          await this.reopen(t, policy, fresh, fresh.decisionId ? `decision ${fresh.decisionId} expired` : 'risk acceptance expired', true, now);
          return 1;
        }
        if (!isOpen(fresh.state as CaseState)) return 0;
        const sla = slaColumns(policy, fresh.priority, clockOf(fresh), now);
        if (sla.slaStatus === fresh.slaStatus) return 0;
        const row = await updateCase(t, fresh.id, sla);
        const view = slaView(clockOf(fresh), policy.sla[fresh.priority as keyof Policy['sla']], policy.nearBreachAt, now);
        const stages = Object.entries(view.stages)
          .filter(([, s]) => s === sla.slaStatus)
          .map(([stage]) => stage);
        if (sla.slaStatus === 'near-breach' || sla.slaStatus === 'breached') {
          await appendAudit(t, fresh.id, now, 'system', `sla-${sla.slaStatus}`, { stages });
          await appendEvents(t, now, [
            caseEvent(row, { type: sla.slaStatus === 'breached' ? 'sla.breached' : 'sla.near-breach', data: { caseId: fresh.id, stages } }),
          ]);
        }
        return 1;
      });
    }
    if (changed > 0) await this.deps.events.kick();
    return changed;
  }

  private async visibleForUpdate(t: Db, caseId: number, scope: string | null): Promise<CaseRow> {
    const c = await caseByIdForUpdate(t, caseId);
    // Another team's case answers as one that does not exist.
    if (!c || (scope !== null && c.teamId !== scope)) throw notFound(`case ${caseId}`);
    return c;
  }

  /** Moves a case as the workflow allows, completing SLA stages, auditing and reporting it. */
  private async move(
    t: Db,
    policy: Policy,
    c: CaseRow,
    request: TransitionRequest,
    actor: CaseActor,
    now: Date,
    extra: Partial<NewCase> = {},
  ): Promise<CaseRow> {
    const from = c.state as CaseState;
    const check = checkTransition(from, request, actor.role);
    if (!check.ok) {
      if (check.code === 'INVALID_TRANSITION')
        throw new AppError(
          'INVALID_TRANSITION',
          `a case cannot go from ${from} to ${request.to}`,
          409,
          check.allowed.map((s) => ({ path: 'allowed', message: s })),
        );
      if (check.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', check.message, 403);
      throw new AppError('MISSING_FIELD', `moving to ${request.to} needs ${check.field}`, 400, [
        { path: check.field, message: 'required for this transition' },
      ]);
    }
    // Leaving the open states ends a wait on a supplier: no clock is left to pause.
    const running = c.slaPausedSince && !isOpen(request.to) ? await this.setPaused(t, policy, c, false, SYSTEM, `moved to ${request.to}`, now) : c;
    const clock = clockOf(running);
    const done = doneAfterMove(clock.done, request.to, now);
    const patch: Partial<NewCase> = {
      state: request.to,
      updatedAt: now,
      slaDone: Object.fromEntries(Object.entries(done).map(([k, v]) => [k, v.toISOString()])),
      ...slaColumns(policy, c.priority, { ...clock, done }, now),
      ...(request.justification ? { justification: request.justification } : {}),
      ...(request.fixVersion ? { fixVersion: request.fixVersion } : {}),
      ...(request.until ? { until: request.until } : {}),
      ...(request.to === 'closed' ? { closedAs: from === 'new' || from === 'triage' || from === 'not_affected' ? 'not_affected' : 'affected' } : {}),
      ...(request.to === 'triage' ? { closedAs: null } : {}),
      // A person deciding the case alone ends what it inherited.
      ...(actor.role === 'system' ? {} : { decisionId: null }),
      ...extra,
    };
    const row = await updateCase(t, c.id, patch);
    await appendAudit(t, c.id, now, actor.id, 'transition', {
      from,
      to: request.to,
      reason: request.reason ?? null,
      justification: request.justification ?? null,
      fixVersion: request.fixVersion ?? null,
    });
    await appendEvents(t, now, [caseEvent(row, { type: 'case.state-changed', data: { caseId: c.id, from, to: request.to, reason: request.reason ?? null } })]);
    return row;
  }
}

const inheritedFrom = (d: DecisionRow): string => `inherited from decision ${d.id}`;

const clockOf = (c: CaseRow): SlaClock => ({
  openedAt: c.openedAt,
  pausedMs: c.slaPausedMs,
  pausedSince: c.slaPausedSince,
  done: Object.fromEntries(Object.entries((c.slaDone ?? {}) as Record<string, string>).map(([k, v]) => [k, new Date(v)])),
});

/** The SLA columns kept on the row for filtering and sorting: status and the earliest due date still pending. */
function slaColumns(policy: Policy, priority: string, clock: SlaClock, now: Date): { slaStatus: string; nextDueAt: Date | null } {
  // While paused the due dates move with the clock: none is kept, and the case sorts last.
  if (clock.pausedSince) return { slaStatus: slaView(clock, policy.sla[priority as keyof Policy['sla']], policy.nearBreachAt, now).status, nextDueAt: null };
  const view = slaView(clock, policy.sla[priority as keyof Policy['sla']], policy.nearBreachAt, now);
  const pending = Object.entries(view.due)
    .filter(([stage]) => view.stages[stage as keyof typeof view.stages] !== 'done')
    .map(([, d]) => d.getTime());
  return { slaStatus: view.status, nextDueAt: pending.length > 0 ? new Date(Math.min(...pending)) : null };
}

/** A case event scoped as the case: its team, product and vulnerability. */
export function caseEvent(c: CaseRow, e: Pick<NewEvent, 'type' | 'data'>): NewEvent {
  return { ...e, teamId: c.teamId, productId: c.productId, vulnerabilityId: c.vulnerabilityId, caseId: c.id } as NewEvent;
}
