/**
 * Cases for a vulnerability no feed has (JPCERT/CC guideline: reported to the vendor directly,
 * or under embargo). The PSIRT's entry is stored as a record of the `manual` source through the
 * same path as a feed batch, and its `vulnerability.changed` event sends it through reverse
 * matching like any advisory: the findings it produces open cases through the cases consumer.
 * The product it was reported against gets its case at once.
 */
import type { Clock } from '../core/clock.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Db } from '../db/index.ts';
import { appendEvents } from '../events/index.ts';
import { storeBatch } from '../vulns/index.ts';
import { embargoVulnerability, insertManual, productByName, vulnerabilityKnown, type ManualRow } from './cases.repo.ts';
import { tx, type CasesService } from './cases.service.ts';
import { toCoordination } from './disclosure.ts';
import { manualAdvisory, type ManualCaseInput } from './manual-advisory.ts';
import type { PolicyService } from './policy.service.ts';

export interface ManualCaseResult {
  /** The vulnerability's id in the store (its CVE when the id given is one). */
  vulnerabilityId: string;
  /** The case opened on the product it was reported against, if one was named. */
  caseId: number | null;
}

export class ManualCaseService {
  constructor(private readonly deps: { db: Db; clock: Clock; policy: PolicyService; cases: CasesService; events: { kick(): Promise<void> } }) {}

  async create(input: ManualCaseInput, actorId: string): Promise<ManualCaseResult> {
    const now = this.deps.clock.now();
    const built = manualAdvisory(input, now);
    if (!built.ok) throw new AppError('INVALID_INPUT', 'the vulnerability cannot be entered as given', 400, built.problems);
    const { advisory } = built;
    // Read outside the transaction: the embedded database runs one statement stream at a time.
    const id = advisory.cves[0] ?? advisory.sourceId;
    if (await vulnerabilityKnown(this.deps.db, input.vulnerability.id)) {
      throw new AppError('VULNERABILITY_EXISTS', `${input.vulnerability.id} is already in the vulnerability store; its cases follow the feeds`, 409, [
        { path: 'vulnerability.id', message: 'already known' },
      ]);
    }
    const product = input.product === undefined ? undefined : await productByName(this.deps.db, input.product);
    if (input.product !== undefined && !product) throw notFound(`product ${input.product}`);
    const { policy } = await this.deps.policy.current();
    const manual: ManualRow = {
      vulnerabilityId: id,
      productId: product?.id ?? null,
      embargoed: input.embargoed,
      coordination: input.coordination ? toCoordination(input.coordination) : null,
      createdBy: actorId,
      createdAt: now,
    };
    const caseId = await tx(this.deps.db, async (t) => {
      await storeBatch(t, [{ record: { kind: 'advisory', advisory }, raw: input, location: `manual:${actorId}` }]);
      if (manual.embargoed) await embargoVulnerability(t, id);
      await insertManual(t, manual);
      // Reverse matching, as after a feed batch; the event names the vulnerability so the embargo rule can hide it.
      await appendEvents(t, now, [{ type: 'vulnerability.changed', vulnerabilityId: id, data: { ids: [id] } }]);
      const opened = product ? await this.deps.cases.openReported(t, policy, product.id, manual) : undefined;
      return opened?.id ?? null;
    });
    await this.deps.events.kick();
    return { vulnerabilityId: id, caseId };
  }
}
