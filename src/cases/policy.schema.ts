/**
 * The priority policy: who owns which product, what each product is (tier, exposure), the
 * ordered rules that give an exposure its priority, and the SLA targets of each priority.
 */
import { z } from 'zod';
import { duration } from '../config/index.ts';
import { formatCpe23, parseCpe } from '../ids/index.ts';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** `critical-infrastructure`: sold into critical infrastructure, which JPCERT/CC's guideline (4-3) singles out. */
export const TIERS = ['critical-infrastructure', 'standard', 'internal-tool'] as const;
export type Tier = (typeof TIERS)[number];

export const EXPOSURES = ['internet', 'internal', 'offline'] as const;
export type Exposure = (typeof EXPOSURES)[number];

export const PRODUCT_LIFECYCLES = ['active', 'maintenance', 'end-of-life'] as const;
export type ProductLifecycle = (typeof PRODUCT_LIFECYCLES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;

const teamId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');

const bounds = (max: number) =>
  z
    .strictObject({ min: z.number().min(0).max(max).optional(), max: z.number().min(0).max(max).optional() })
    .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'min is above max');

/** Every condition given must hold (AND); an empty `when` matches everything. */
export const conditionSchema = z.strictObject({
  kev: z.boolean().optional(),
  /** Best CVSS base score of the merged records (v3.x or v4.0). */
  cvss: bounds(10).optional(),
  /** Metrics the headline vector must contain, e.g. `[AV:N, PR:N]`. */
  cvssVector: z
    .array(z.string().regex(/^[A-Za-z]+:[A-Za-z]+$/, 'a metric such as AV:N'))
    .min(1)
    .optional(),
  severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
  epss: bounds(1).optional(),
  epssPercentile: bounds(1).optional(),
  tier: z.array(z.enum(TIERS)).min(1).optional(),
  exposure: z.array(z.enum(EXPOSURES)).min(1).optional(),
  lifecycle: z.array(z.enum(PRODUCT_LIFECYCLES)).min(1).optional(),
  /** A component the product depends on directly (not only through others). */
  direct: z.boolean().optional(),
  /** The best match confidence among the findings. */
  confidence: z.array(z.enum(CONFIDENCES)).min(1).optional(),
  fixAvailable: z.boolean().optional(),
  /** Days since the vulnerability was published. */
  ageDays: bounds(100_000).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

const slaTargets = z.strictObject({ acknowledge: duration, triage: duration, plan: duration, fix: duration });
export type SlaTargets = z.infer<typeof slaTargets>;

/**
 * A running-on platform a product ships on or with (`cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*`,
 * or a CPE 2.2 URI), kept as the CPE 2.3 formatted string. Vendor and product must be named:
 * NVD configurations name their platforms that way.
 */
const platformCpe = z.string().transform((text, ctx) => {
  const wfn = parseCpe(text);
  if (!wfn.ok) {
    ctx.addIssue({ code: 'custom', message: `not a CPE: ${wfn.message}` });
    return z.NEVER;
  }
  const named = (a: 'vendor' | 'product') => wfn.value[a].kind === 'value' && !/(^|[^\\])[*?]/.test(wfn.value[a].value);
  if (!named('vendor') || !named('product')) {
    ctx.addIssue({ code: 'custom', message: 'a platform CPE names its vendor and product (no `*`, `-` or `?` there)' });
    return z.NEVER;
  }
  return formatCpe23(wfn.value);
});

/** Product name patterns: `*` matches any run of characters, the rest literally. */
const pattern = z.string().min(1).max(200);

/**
 * Events a subscription can ask for. `case.embargo-lifted` and `decision.expired` are named here
 * for the producers that raise them; `case.decision-expired` is the SLA sweep's name for the latter.
 */
export const ALERT_EVENTS = [
  'case.opened',
  'case.reopened',
  'case.priority-changed',
  'case.state-changed',
  'case.assigned',
  'case.embargo-lifted',
  'case.decision-expired',
  'decision.expired',
  'sla.near-breach',
  'sla.breached',
  'vulnerability.kev-added',
  'sbom.processed',
  'sbom.rejected',
  'feed.failing',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
export const CHANNELS = ['email', 'webhook', 'slack', 'teams'] as const;
export const DIGESTS = ['none', 'hourly', 'daily'] as const;

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Tokyo');

/**
 * What a subscription asks for, in the policy file and through the API: events of its team (or
 * of every team for the PSIRT's, `team` absent), filtered by priority and product, to one channel,
 * at once or as an hourly or daily digest at the recipient's local time.
 */
export const subscriptionFields = {
  events: z.array(z.enum(ALERT_EVENTS)).min(1),
  minPriority: z.enum(PRIORITIES).optional(),
  products: z.array(pattern).min(1).optional(),
  digest: z.enum(DIGESTS).default('none'),
  locale: z.enum(['ja', 'en']).default('en'),
  /** Default Asia/Tokyo for `ja`, UTC otherwise. */
  timeZone: timeZone.optional(),
};

/** In the policy file the secret is named (`secretRef`, a key of `alerts.secrets` in kanshi.yaml): the policy text is readable by every role. */
const policyChannel = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('email'), to: z.email() }),
  z.strictObject({ type: z.literal('webhook'), url: z.url(), secretRef: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
  z.strictObject({ type: z.literal('slack'), url: z.url() }),
  z.strictObject({ type: z.literal('teams'), url: z.url() }),
]);

const policySubscription = z.strictObject({
  /** Stable name: the subscription keeps its delivery log across policy edits. */
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, dot, dash and underscore'),
  team: teamId.optional(),
  channel: policyChannel,
  ...subscriptionFields,
});
export type PolicySubscription = z.infer<typeof policySubscription>;

export const policySchema = z
  .strictObject({
    teams: z
      .array(
        z.strictObject({
          id: teamId,
          name: z.string().min(1).max(200),
          members: z.array(z.email()).default([]),
          locale: z.enum(['ja', 'en']).default('en'),
        }),
      )
      .default([]),
    /** First match wins; a product no pattern matches stays with the team that uploaded it. */
    ownership: z.array(z.strictObject({ products: pattern, team: teamId })).default([]),
    /** First match wins; unmatched products get `defaults`. */
    products: z
      .array(
        z.strictObject({
          products: pattern,
          tier: z.enum(TIERS).optional(),
          exposure: z.enum(EXPOSURES).optional(),
          lifecycle: z.enum(PRODUCT_LIFECYCLES).optional(),
          /**
           * Platforms the product runs on that its SBOMs may not list (the OS of an appliance, the
           * JDK it is deployed on): NVD configurations that need a running-on platform are checked
           * against these and the CPEs of each version's inventory.
           */
          platforms: z.array(platformCpe).max(200).optional(),
        }),
      )
      .default([]),
    defaults: z
      .strictObject({
        tier: z.enum(TIERS).default('standard'),
        exposure: z.enum(EXPOSURES).default('internal'),
        lifecycle: z.enum(PRODUCT_LIFECYCLES).default('active'),
      })
      .prefault({}),
    /** Ordered: the first rule whose `when` holds gives the priority. */
    rules: z.array(z.strictObject({ name: z.string().max(200).optional(), priority: z.enum(PRIORITIES), when: conditionSchema.prefault({}) })).min(1),
    /** A case opens when the priority is this or more urgent; `none` opens no case automatically. */
    openAt: z.enum([...PRIORITIES, 'none']).default('P4'),
    sla: z.strictObject({ P1: slaTargets, P2: slaTargets, P3: slaTargets, P4: slaTargets }),
    /** Share of a stage's time after which its clock is near breach. */
    nearBreachAt: z.number().gt(0).lt(1).default(0.75),
    /** Whether waiting on a supplier's fix pauses the SLA clocks. */
    pauseWhileAwaitingSupplier: z.boolean().default(true),
    alerts: z.strictObject({ subscriptions: z.array(policySubscription).default([]) }).prefault({}),
  })
  .superRefine((p, ctx) => {
    const ids = new Set(p.teams.map((t) => t.id));
    p.ownership.forEach((o, i) => {
      if (p.teams.length > 0 && !ids.has(o.team))
        ctx.addIssue({ code: 'custom', path: ['ownership', i, 'team'], message: `team ${o.team} is not among the policy's teams` });
    });
    const seen = new Set<string>();
    p.teams.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'id'], message: `team ${t.id} is listed twice` });
      seen.add(t.id);
    });
    const names = new Set<string>();
    p.alerts.subscriptions.forEach((sub, i) => {
      if (names.has(sub.name))
        ctx.addIssue({ code: 'custom', path: ['alerts', 'subscriptions', i, 'name'], message: `subscription ${sub.name} is listed twice` });
      names.add(sub.name);
      if (sub.team !== undefined && p.teams.length > 0 && !ids.has(sub.team))
        ctx.addIssue({ code: 'custom', path: ['alerts', 'subscriptions', i, 'team'], message: `team ${sub.team} is not among the policy's teams` });
    });
    const last = p.rules.at(-1);
    if (last && Object.keys(last.when).length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', p.rules.length - 1, 'when'],
        message: 'the last rule must match everything (an empty `when`), so every exposure gets a priority',
      });
    }
  });

export type Policy = z.infer<typeof policySchema>;
