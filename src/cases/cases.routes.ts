import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, authorizeFound, hiddenInProduct, teamData, teamScope, type Principal } from '../access/index.ts';
import { notFound } from '../core/errors.ts';
import { errorResponses } from '../api/index.ts';
import { AppError } from '../core/errors.ts';
import { DECISION_SCOPES, DECISION_STATUSES, type Db } from '../db/index.ts';
import { decisionById, isActive, listDecisions, productFindings, revokeDecision, type DecisionRow } from '../matching/index.ts';
import { auditOf, casesWithContext, listCases, productByName, type CaseListRow } from './cases.repo.ts';
import type { CaseActor, CasesService } from './cases.service.ts';
import { COORDINATORS, coordinationInput, disclosureWarning, readCoordination, toCoordination } from './disclosure.ts';
import type { DisclosureService } from './disclosure.service.ts';
import { jvnStatusReport, renderJvnStatusText } from './jvn-status-report.ts';
import { manualCaseInput } from './manual-advisory.ts';
import type { ManualCaseService } from './manual-case.service.ts';
import type { PolicyService } from './policy.service.ts';
import { PRIORITIES } from './policy.schema.ts';
import { slaView } from './sla.ts';
import { CASE_STATES, JUSTIFICATIONS, JVN_STATUSES, allowedFrom, jvnStatus, type CaseState } from './workflow.ts';

export interface CasesRoutesDeps {
  db: Db;
  service: CasesService;
  disclosure: DisclosureService;
  manual: ManualCaseService;
  policy: PolicyService;
  /** The product developer's name in JVN vendor status reports (kanshi.yaml `vendor.name`). */
  vendorName: string | null;
  now(): Date;
  /** Asks for the re-prioritisation of every open case after a policy change. */
  reprioritize(): Promise<void>;
  /** Wakes the outbox relay after a commit that wrote events. */
  kick(): Promise<void>;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const stage = z.object({ acknowledge: z.string(), triage: z.string(), plan: z.string(), fix: z.string() });

const caseOut = z.object({
  id: z.number(),
  revision: z.number(),
  vulnerability: z.object({ id: z.string(), aliases: z.array(z.string()), severity: z.string().nullable(), kev: z.boolean() }),
  product: z.string(),
  team: z.string(),
  priority: z.enum(PRIORITIES),
  priorityRule: z.string().nullable(),
  state: z.enum(CASE_STATES),
  allowed: z.array(z.enum(CASE_STATES)),
  assignee: z.string().nullable(),
  sla: z.object({
    status: z.enum(['on-track', 'near-breach', 'breached']),
    due: stage,
    stages: stage,
    /** Since when the clocks are stopped (waiting on a supplier's fix); null while they run. */
    pausedSince: z.string().nullable(),
    /** Time spent paused before `pausedSince`, in milliseconds. */
    pausedMs: z.number(),
  }),
  /** The decision (carrying over) the case inherited its state from. */
  decision: z.string().nullable(),
  jvnStatus: z.string(),
  embargoed: z.boolean(),
  /** JPCERT/CC or CERT/CC coordination: case id, when the vendor was notified, public disclosure date. */
  coordination: z.object({ coordinator: z.enum(COORDINATORS), caseId: z.string().nullable(), notifiedAt: z.string(), disclosureAt: z.string() }).nullable(),
  /** Things the PSIRT must act on: the fix not ready three days before public disclosure. */
  warnings: z.array(z.object({ code: z.literal('FIX_NOT_READY'), message: z.string(), disclosureAt: z.string() })),
  findings: z.number(),
  fixVersion: z.string().nullable(),
  justification: z.string().nullable(),
  until: z.string().nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
});

const caseDetail = caseOut.extend({
  versions: z.array(
    z.object({
      version: z.string(),
      lifecycle: z.string(),
      component: z.string().nullable(),
      purl: z.string().nullable(),
      state: z.string(),
      suppressed: z.boolean(),
      confidence: z.string(),
      smallestFix: z.string().nullable(),
      fixedIn: z.array(z.string()),
    }),
  ),
  audit: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()) })),
});

const decisionOut = z.object({
  id: z.string(),
  vulnerability: z.string(),
  scope: z.enum(DECISION_SCOPES),
  /** Null for `all-products`. */
  product: z.string().nullable(),
  /** `*`, the version(s) joined by `|`, or the `vers:` range. */
  versions: z.string(),
  componentPurl: z.string().nullable(),
  status: z.enum(DECISION_STATUSES),
  justification: z.string().nullable(),
  reason: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** `case`, or the VEX format it was imported from. */
  source: z.string(),
  reference: z.string().nullable(),
  caseId: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  expiredAt: z.string().nullable(),
});

const decisionView = (d: DecisionRow & { product: string | null }, now: Date): z.infer<typeof decisionOut> => ({
  id: d.id,
  vulnerability: d.vulnerabilityId,
  scope: d.scope,
  product: d.product,
  versions: d.versions,
  componentPurl: d.componentPurl,
  status: d.status,
  justification: d.justification,
  reason: d.reason,
  expiresAt: iso(d.expiresAt),
  source: d.source,
  reference: d.reference,
  caseId: d.caseId,
  active: isActive(d, now),
  createdAt: d.createdAt.toISOString(),
  revokedAt: iso(d.revokedAt),
  expiredAt: iso(d.expiredAt),
});

const actorOf = (p: Principal): CaseActor => ({ id: p.tokenId, role: p.role === 'uploader' ? 'member' : p.role });

export function casesRoutes(deps: CasesRoutesDeps): FastifyPluginAsyncZod {
  const view = async (row: CaseListRow) => {
    const { policy } = await deps.policy.current();
    const clock = {
      openedAt: row.openedAt,
      pausedMs: row.slaPausedMs,
      pausedSince: row.slaPausedSince,
      done: Object.fromEntries(Object.entries((row.slaDone ?? {}) as Record<string, string>).map(([k, v]) => [k, new Date(v)])),
    };
    const sla = slaView(clock, policy.sla[row.priority as keyof typeof policy.sla], policy.nearBreachAt, deps.now());
    const coordination = readCoordination(row.coordination);
    const warning = disclosureWarning(coordination, row.state as CaseState, deps.now());
    return {
      id: row.id,
      revision: row.revision,
      vulnerability: { id: row.vulnerabilityId, aliases: row.aliases, severity: row.severity, kev: row.kev },
      product: row.product,
      team: row.teamId,
      priority: row.priority as (typeof PRIORITIES)[number],
      priorityRule: row.priorityRule,
      state: row.state as CaseState,
      allowed: allowedFrom(row.state as CaseState),
      assignee: row.assignee,
      sla: {
        status: sla.status,
        due: Object.fromEntries(Object.entries(sla.due).map(([k, d]) => [k, d.toISOString()])) as z.infer<typeof stage>,
        stages: sla.stages as z.infer<typeof stage>,
        pausedSince: iso(row.slaPausedSince),
        pausedMs: row.slaPausedMs,
      },
      decision: row.decisionId,
      jvnStatus: jvnStatus(row.state as CaseState, row.closedAs as 'affected' | 'not_affected' | null),
      embargoed: row.embargoed,
      coordination,
      warnings: warning ? [warning] : [],
      findings: row.findings,
      fixVersion: row.fixVersion,
      justification: row.justification,
      until: iso(row.until),
      openedAt: row.openedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  };
  // A case under embargo, or of an embargoed vulnerability, is embargoed team data (src/access).
  const visible = async (p: Principal, id: number): Promise<CaseListRow> =>
    authorizeFound(
      p,
      'case.read',
      (await casesWithContext(deps.db, [id]))[0],
      (c) => teamData({ teamId: c.teamId, embargoed: c.embargoed || c.vulnerabilityEmbargoed }),
      `case ${id}`,
    );

  return async (app) => {
    app.get(
      '/cases',
      {
        schema: {
          operationId: 'listCases',
          summary: 'Cases the caller may see, the most urgent due date first (open ones unless `state` says otherwise)',
          querystring: z.object({
            team: z.string().optional(),
            product: z.string().optional(),
            priority: z.enum(PRIORITIES).optional(),
            state: z.enum(CASE_STATES).optional(),
            sla: z.enum(['on-track', 'near-breach', 'breached']).optional(),
            embargoed: z.enum(['true', 'false']).optional(),
            kev: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(caseOut), total: z.number() }) },
        },
      },
      async (request) => {
        authorize(request.principal, 'case.read');
        const q = request.query;
        const { items, total } = await listCases(
          deps.db,
          {
            scope: teamScope(request.principal),
            viewer: request.principal,
            openOnly: true,
            ...(q.team ? { teamId: q.team } : {}),
            ...(q.product ? { product: q.product } : {}),
            ...(q.priority ? { priority: q.priority } : {}),
            ...(q.state ? { state: q.state } : {}),
            ...(q.sla ? { sla: q.sla } : {}),
            ...(q.embargoed ? { embargoed: q.embargoed === 'true' } : {}),
            ...(q.kev ? { kev: q.kev === 'true' } : {}),
          },
          q.limit,
          q.offset,
        );
        return { items: await Promise.all(items.map(view)), total };
      },
    );

    app.get(
      '/cases/:id',
      {
        schema: {
          operationId: 'getCase',
          summary: 'A case with the versions and components its findings are in, fix advice and the audit trail',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: caseDetail, ...errorResponses(404) },
        },
      },
      async (request) => {
        const row = await visible(request.principal, request.params.id);
        const versions = await productFindings(deps.db, row.productId, row.vulnerabilityId);
        const audit = await auditOf(deps.db, row.id);
        return {
          ...(await view(row)),
          versions: versions.map((v) => ({
            version: v.version,
            lifecycle: v.lifecycle,
            component: v.component,
            purl: v.purl,
            state: v.state,
            suppressed: v.suppressed,
            confidence: v.confidence,
            smallestFix: v.smallest_fix,
            fixedIn: v.fixed_in,
          })),
          audit: audit.map((a) => ({ at: a.at.toISOString(), actor: a.actor, action: a.action, details: a.details as Record<string, unknown> })),
        };
      },
    );

    app.post(
      '/cases/:id/transitions',
      {
        schema: {
          operationId: 'transitionCase',
          summary:
            'Move a case through the workflow (409 with the allowed states when it may not go there; 409 STALE when `ifMatch` is not the current revision)',
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z.strictObject({
            to: z.enum(CASE_STATES),
            reason: z.string().min(1).max(4000).optional(),
            justification: z.enum(JUSTIFICATIONS).optional(),
            fixVersion: z.string().min(1).max(200).optional(),
            until: z.iso.datetime({ offset: true }).optional(),
            ifMatch: z.number().int().positive().optional(),
          }),
          response: { 200: caseOut, ...errorResponses(400, 403, 404, 409) },
        },
      },
      async (request) => {
        authorize(request.principal, 'case.act', teamData(await visible(request.principal, request.params.id)), `case ${request.params.id}`);
        const b = request.body;
        await deps.service.transition(
          request.params.id,
          {
            to: b.to,
            reason: b.reason,
            justification: b.justification,
            fixVersion: b.fixVersion,
            until: b.until ? new Date(b.until) : undefined,
            ifMatch: b.ifMatch,
          },
          actorOf(request.principal),
          teamScope(request.principal),
        );
        return view(await visible(request.principal, request.params.id));
      },
    );

    app.post(
      '/cases/:id/comments',
      {
        schema: {
          operationId: 'commentCase',
          summary: 'Add a comment to the case’s audit trail',
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z.strictObject({ text: z.string().min(1).max(20_000) }),
          response: { 201: z.object({ ok: z.literal(true) }), ...errorResponses(403, 404) },
        },
      },
      async (request, reply) => {
        authorize(request.principal, 'case.act', teamData(await visible(request.principal, request.params.id)), `case ${request.params.id}`);
        await deps.service.comment(request.params.id, request.body.text, actorOf(request.principal), teamScope(request.principal));
        return reply.status(201).send({ ok: true });
      },
    );

    app.patch(
      '/cases/:id',
      {
        schema: {
          operationId: 'updateCase',
          summary:
            'Assign a case (null: unassign); mark it waiting on a supplier’s fix (its SLA clocks stop while the policy allows it, `pauseWhileAwaitingSupplier`, 409 otherwise, and run again when unmarked); set its coordination (disclosure date defaults to notified + 45 days) and embargo flag (PSIRT). Lifting the embargo makes the case ordinary',
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z
            .strictObject({
              assignee: z.string().min(1).max(320).nullable().optional(),
              coordination: coordinationInput.nullable().optional(),
              embargoed: z.boolean().optional(),
              waitingOnSupplier: z.boolean().optional(),
              /** Why, for the audit trail of a pause or resume. */
              reason: z.string().min(1).max(4000).optional(),
              ifMatch: z.number().int().positive().optional(),
            })
            .refine(
              (b) => b.assignee !== undefined || b.waitingOnSupplier !== undefined || b.coordination !== undefined || b.embargoed !== undefined,
              'nothing to change',
            ),
          response: { 200: caseOut, ...errorResponses(400, 403, 404, 409) },
        },
      },
      async (request) => {
        const { id } = request.params;
        const b = request.body;
        const found = teamData(await visible(request.principal, id));
        const coordinates = b.coordination !== undefined || b.embargoed !== undefined;
        const acts = b.assignee !== undefined || b.waitingOnSupplier !== undefined;
        if (acts) authorize(request.principal, 'case.act', found, `case ${id}`);
        if (coordinates) authorize(request.principal, 'case.coordinate', found, `case ${id}`);
        let ifMatch = b.ifMatch;
        if (acts) {
          const { coordination: _c, embargoed: _e, ...update } = b;
          const row = await deps.service.update(id, update, actorOf(request.principal), teamScope(request.principal));
          ifMatch = ifMatch === undefined ? undefined : row.revision;
        }
        if (coordinates) {
          const coordination = b.coordination === undefined ? undefined : b.coordination === null ? null : toCoordination(b.coordination);
          await deps.disclosure.coordinate(
            id,
            { coordination, ...(b.embargoed === undefined ? {} : { embargoed: b.embargoed }) },
            request.principal.tokenId,
            ifMatch,
          );
        }
        return view(await visible(request.principal, id));
      },
    );

    app.post(
      '/cases',
      {
        schema: {
          operationId: 'createManualCase',
          summary:
            'A case for a vulnerability no feed has (PSIRT): stored as a manual record and matched against the inventory like any advisory; the product named is opened at once',
          body: manualCaseInput,
          response: {
            202: z.object({ vulnerability: z.string(), case: caseOut.nullable() }),
            ...errorResponses(400, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        authorize(request.principal, 'case.create');
        const created = await deps.manual.create(request.body, request.principal.tokenId);
        const opened = created.caseId === null ? null : await view(await visible(request.principal, created.caseId));
        // 202: the cases of the products matching finds follow as matching runs.
        return reply.status(202).send({ vulnerability: created.vulnerabilityId, case: opened });
      },
    );

    app.get(
      '/cases/:id/jvn-status',
      {
        schema: {
          operationId: 'getCaseJvnStatus',
          summary:
            'The JVN vendor status report of a case (product developer, status, comment, date): JSON, or with format=text the Japanese text a vendor sends back to JPCERT/CC',
          params: z.object({ id: z.coerce.number().int().positive() }),
          querystring: z.object({ format: z.enum(['json', 'text']).default('json') }),
          response: {
            200: z.union([
              z.object({
                vendor: z.string().nullable(),
                coordinator: z.string().nullable(),
                coordinatorCaseId: z.string().nullable(),
                vulnerability: z.object({ id: z.string(), aliases: z.array(z.string()) }),
                product: z.string(),
                status: z.enum(JVN_STATUSES),
                comment: z.string(),
                date: z.string(),
              }),
              z.string(),
            ]),
            ...errorResponses(404),
          },
        },
      },
      async (request, reply) => {
        const row = await visible(request.principal, request.params.id);
        const findings = await productFindings(deps.db, row.productId, row.vulnerabilityId);
        const report = jvnStatusReport({
          vendor: deps.vendorName,
          coordination: readCoordination(row.coordination),
          vulnerabilityId: row.vulnerabilityId,
          aliases: row.aliases,
          product: row.product,
          state: row.state as CaseState,
          closedAs: row.closedAs as 'affected' | 'not_affected' | null,
          fixVersion: row.fixVersion,
          justification: row.justification,
          until: row.until,
          affectedVersions: [...new Set(findings.filter((f) => f.state === 'open' && !f.suppressed).map((f) => f.version))],
          updatedAt: row.updatedAt,
        });
        if (request.query.format === 'text') return reply.type('text/plain; charset=utf-8').send(renderJvnStatusText(report));
        return report;
      },
    );

    app.get(
      '/products/:product/priorities',
      {
        schema: {
          operationId: 'getProductPriorities',
          summary:
            'The priority the policy gives the product’s exposure to each vulnerability now (its case’s once cases are in step); vulnerabilities without an open finding in the product are left out',
          params: z.object({ product: z.string() }),
          querystring: z.object({ vulnerabilities: z.string().min(1).max(10_000).describe('vulnerability ids joined by commas, at most 100') }),
          response: {
            200: z.object({ items: z.array(z.object({ vulnerability: z.string(), priority: z.enum(PRIORITIES), rule: z.string().nullable() })) }),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request) => {
        const name = request.params.product;
        const product = authorizeFound(request.principal, 'team-data.read', await productByName(deps.db, name), teamData, `product ${name}`);
        const ids = request.query.vulnerabilities.split(',').filter((id) => id.length > 0);
        if (ids.length > 100)
          throw new AppError('TOO_MANY', 'at most 100 vulnerabilities per request', 400, [{ path: 'vulnerabilities', message: 'at most 100' }]);
        const hidden = await hiddenInProduct(deps.db, request.principal, product.id, ids);
        return {
          items: await deps.service.priorities(
            product,
            ids.filter((id) => !hidden.has(id)),
          ),
        };
      },
    );

    app.post(
      '/cases/:id/decisions',
      {
        schema: {
          operationId: 'decideCase',
          summary:
            'A triage decision that carries over: scoped to a version, a range of versions, every version of the product or every product (PSIRT only), optionally expiring; versions uploaded later inherit it',
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z.strictObject({
            scope: z.enum(DECISION_SCOPES),
            /** `version`: the version (or versions joined by `|`); `range`: a `vers:` range (`vers:generic/>=2.0|<3.0`). */
            range: z.string().min(1).max(1000).optional(),
            status: z.enum(DECISION_STATUSES),
            justification: z.enum(JUSTIFICATIONS).optional(),
            reason: z.string().min(1).max(4000).optional(),
            expiresAt: z.iso.datetime({ offset: true }).optional(),
          }),
          response: { 201: z.object({ decision: decisionOut, case: caseOut }), ...errorResponses(400, 403, 404) },
        },
      },
      async (request, reply) => {
        const c = await visible(request.principal, request.params.id);
        authorize(request.principal, request.body.scope === 'all-products' ? 'decision.all-products' : 'decision.make', teamData(c), `case ${c.id}`);
        const b = request.body;
        const { decision } = await deps.service.decide(
          c.id,
          { ...b, expiresAt: b.expiresAt ? new Date(b.expiresAt) : undefined },
          actorOf(request.principal),
          teamScope(request.principal),
        );
        return reply.status(201).send({
          decision: decisionView({ ...decision, product: b.scope === 'all-products' ? null : c.product }, deps.now()),
          case: await view(await visible(request.principal, c.id)),
        });
      },
    );

    app.get(
      '/decisions',
      {
        schema: {
          operationId: 'listDecisions',
          summary: 'Decisions the caller may see (its teams’ products and every-product ones), newest first',
          querystring: z.object({
            product: z.string().optional(),
            vulnerability: z.string().optional(),
            status: z.enum(DECISION_STATUSES).optional(),
            scope: z.enum(DECISION_SCOPES).optional(),
            active: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(decisionOut), total: z.number() }) },
        },
      },
      async (request) => {
        authorize(request.principal, 'decision.read');
        const q = request.query;
        const now = deps.now();
        const { items, total } = await listDecisions(
          deps.db,
          {
            teamScope: teamScope(request.principal),
            product: q.product,
            vulnerability: q.vulnerability,
            status: q.status,
            scope: q.scope,
            active: q.active === undefined ? undefined : q.active === 'true',
          },
          now,
          q.limit,
          q.offset,
        );
        return { items: items.map((d) => decisionView(d, now)), total };
      },
    );

    app.delete(
      '/decisions/:id',
      {
        schema: {
          operationId: 'revokeDecision',
          summary: 'Revoke a decision (kept, with who and when): the findings it hid are shown again and the cases that inherited it reopen',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null(), ...errorResponses(403, 404) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const found = await decisionById(deps.db, id);
        if (found && found.teamId === null) authorize(request.principal, 'decision.all-products');
        else authorizeFound(request.principal, 'decision.make', found?.teamId ? { teamId: found.teamId } : undefined, teamData, `decision ${id}`);
        if (!(await revokeDecision(deps.db, id, request.principal.tokenId, deps.now()))) throw notFound(`decision ${id}`);
        await deps.kick();
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/policy',
      {
        schema: {
          operationId: 'getPolicy',
          summary: 'The priority policy in force (YAML), its version and the history of changes with their diffs',
          response: {
            200: z.object({
              version: z.number(),
              text: z.string(),
              setAt: z.string().nullable(),
              setBy: z.string().nullable(),
              history: z.array(z.object({ version: z.number(), at: z.string(), actor: z.string(), diff: z.string() })),
            }),
          },
        },
      },
      async (request) => {
        authorize(request.principal, 'policy.read');
        const current = await deps.policy.currentText();
        const history = await deps.policy.history(50);
        return {
          version: current.id,
          text: current.text,
          setAt: iso(current.at),
          setBy: current.actor,
          history: history.map((h) => ({ version: h.id, at: h.at.toISOString(), actor: h.actor, diff: h.diff })),
        };
      },
    );

    await app.register(async (scope) => {
      const text = scope.withTypeProvider<ZodTypeProvider>();
      // A policy is YAML text whatever the content type says.
      text.removeAllContentTypeParsers();
      text.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      const rawBody = { contentTypes: ['application/yaml', 'text/plain'], description: 'The policy as YAML' };

      text.post(
        '/policy/check',
        {
          config: { rawBody },
          schema: {
            operationId: 'checkPolicy',
            summary: 'Validate a policy (YAML body) without applying it: every problem with its line and column',
            response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses(400) },
          },
        },
        async (request) => {
          authorize(request.principal, 'policy.read');
          deps.policy.validate(String(request.body ?? ''), 'policy');
          return { ok: true as const };
        },
      );

      text.put(
        '/policy',
        {
          config: { rawBody },
          schema: {
            operationId: 'putPolicy',
            summary: 'Replace the policy (YAML body): refused whole with every problem, else kept with who and the diff, and every open case re-prioritised',
            response: { 200: z.object({ version: z.number(), changed: z.boolean() }), ...errorResponses(400, 403) },
          },
        },
        async (request) => {
          authorize(request.principal, 'policy.write');
          const r = await deps.policy.replace(String(request.body ?? ''), request.principal.tokenId);
          if (r.changed) await deps.reprioritize();
          return { version: r.id, changed: r.changed };
        },
      );
    });
  };
}
