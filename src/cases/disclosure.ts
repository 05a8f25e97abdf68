/**
 * Coordinated disclosure (JPCERT/CC guideline 4–6): who coordinates, under which case id, when
 * the vendor was told and when the vulnerability goes public, and what the PSIRT must be warned
 * about before that date. Pure: the clock is passed in.
 */
import { z } from 'zod';
import type { CaseState } from './workflow.ts';

export const COORDINATORS = ['jpcert', 'certcc', 'other'] as const;
export type Coordinator = (typeof COORDINATORS)[number];

/** Days from notification to public disclosure unless agreed otherwise (JPCERT/CC's usual 45 days). */
export const DEFAULT_DISCLOSURE_DAYS = 45;
/** How long before the disclosure date a fix that is not ready is warned about. */
export const WARN_DAYS_BEFORE = 3;
const DAY = 86_400_000;

/**
 * Coordinator case ids: JPCERT/CC publishes as JVN#, JVNVU# (coordinated with a foreign CERT)
 * or JVNTA# followed by eight digits; CERT/CC as VU# and six digits. Any other coordinator's id
 * is free text.
 */
const CASE_ID: Record<Coordinator, { pattern: RegExp; example: string }> = {
  jpcert: { pattern: /^JVN(?:VU|TA)?#\d{8}$/, example: 'JVNVU#12345678' },
  certcc: { pattern: /^VU#\d{6}$/, example: 'VU#123456' },
  other: { pattern: /^\S(?:.{0,98}\S)?$/, example: 'a non-empty id' },
};

/** Whether `caseId` is written as `coordinator` writes its ids; the message says what was expected. */
export function checkCaseId(coordinator: Coordinator, caseId: string): { ok: true } | { ok: false; message: string } {
  const rule = CASE_ID[coordinator];
  return rule.pattern.test(caseId) ? { ok: true } : { ok: false, message: `a ${coordinator} case id looks like ${rule.example}` };
}

/** The coordination of a case as stored (dates as ISO strings). */
export interface Coordination {
  coordinator: Coordinator;
  caseId: string | null;
  notifiedAt: string;
  disclosureAt: string;
}

const isoDate = z.iso.datetime({ offset: true });

/** The coordination a request gives: the disclosure date may be left out (notified + 45 days). */
export const coordinationInput = z
  .strictObject({
    coordinator: z.enum(COORDINATORS),
    caseId: z.string().max(100).nullable().optional(),
    notifiedAt: isoDate,
    disclosureAt: isoDate.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.caseId) {
      const check = checkCaseId(c.coordinator, c.caseId);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['caseId'], message: check.message });
    }
    if (c.disclosureAt && Date.parse(c.disclosureAt) < Date.parse(c.notifiedAt)) {
      ctx.addIssue({ code: 'custom', path: ['disclosureAt'], message: 'the disclosure date cannot come before the notification' });
    }
  });
export type CoordinationInput = z.infer<typeof coordinationInput>;

/** The default public disclosure date: `DEFAULT_DISCLOSURE_DAYS` after the vendor was notified. */
export const defaultDisclosureAt = (notifiedAt: Date): Date => new Date(notifiedAt.getTime() + DEFAULT_DISCLOSURE_DAYS * DAY);

/** A request's coordination as stored, the disclosure date defaulted. */
export function toCoordination(input: CoordinationInput): Coordination {
  const notified = new Date(input.notifiedAt);
  return {
    coordinator: input.coordinator,
    caseId: input.caseId ?? null,
    notifiedAt: notified.toISOString(),
    disclosureAt: (input.disclosureAt ? new Date(input.disclosureAt) : defaultDisclosureAt(notified)).toISOString(),
  };
}

/** Reads a stored coordination (jsonb); null when absent or not one. */
export function readCoordination(value: unknown): Coordination | null {
  const parsed = coordinationInput.safeParse(value);
  return parsed.success ? toCoordination(parsed.data) : null;
}

/** States in which the fix (or the answer that none is needed) is ready to be published. */
const READY: readonly CaseState[] = ['fixed', 'not_affected', 'closed'];

export interface DisclosureWarning {
  code: 'FIX_NOT_READY';
  message: string;
  disclosureAt: string;
}

/**
 * The warning a case carries when it goes public soon (or went public) without a fix: from
 * `WARN_DAYS_BEFORE` days before the disclosure date, while the case is not fixed, not
 * affected or closed.
 */
export function disclosureWarning(coordination: Coordination | null, state: CaseState, now: Date): DisclosureWarning | null {
  if (!coordination || READY.includes(state)) return null;
  const at = Date.parse(coordination.disclosureAt);
  const left = at - now.getTime();
  if (left > WARN_DAYS_BEFORE * DAY) return null;
  const message =
    left > 0
      ? `public disclosure on ${coordination.disclosureAt.slice(0, 10)}, in ${Math.ceil(left / DAY)} day(s), and the fix is not ready (${state})`
      : `public disclosure was due on ${coordination.disclosureAt.slice(0, 10)} and the fix is not ready (${state})`;
  return { code: 'FIX_NOT_READY', message, disclosureAt: coordination.disclosureAt };
}

/** Whether an embargo ends by itself now: its disclosure date is reached. */
export const embargoEnds = (embargoed: boolean, coordination: Coordination | null, now: Date): boolean =>
  embargoed && coordination !== null && Date.parse(coordination.disclosureAt) <= now.getTime();
