import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, seesAllTeams, teamScope, type Principal } from '../access/index.ts';
import { errorResponses } from '../api/index.ts';
import { PRIORITIES } from '../cases/index.ts';
import { AGE_BUCKETS, STAGES } from './kpi-math.ts';
import { reportCsv, trendCsv } from './kpi-csv.ts';
import type { KpiScope } from './kpis.repo.ts';
import type { KpisService } from './kpis.service.ts';

const durations = z.object({ n: z.number(), medianHours: z.number().nullable(), p90Hours: z.number().nullable() });
const counted = z.array(z.object({ key: z.string(), cases: z.number() }));
const countsByKey = z.record(z.string(), z.number());

const reportOut = z.object({
  window: z.object({ from: z.string(), to: z.string() }),
  acknowledge: durations,
  triage: durations,
  remediate: durations,
  onTime: z.array(
    z.object({
      stage: z.enum(STAGES),
      priority: z.enum(PRIORITIES).nullable(),
      team: z.string().nullable(),
      met: z.number(),
      missed: z.number(),
      rate: z.number(),
    }),
  ),
  ageing: z.array(z.object({ bucket: z.enum(AGE_BUCKETS), priority: z.enum(PRIORITIES), count: z.number() })),
  counts: z.object({ byComponent: counted, byCwe: counted, byProduct: counted, byTeam: counted, bySource: counted }),
});

const trendOut = z.object({
  items: z.array(
    z.object({
      day: z.string(),
      openByPriority: countsByKey,
      openBySla: countsByKey,
      opened: z.number(),
      closed: z.number(),
      exposedVersions: z.number(),
      kevCases: z.number(),
    }),
  ),
});

const format = z.enum(['json', 'csv']).default('json');

/**
 * Whose cases the caller counts: PSIRT staff every team's or the one asked for, a team member
 * their own team's. The uploader role never sees embargoed cases, so they are not counted for it.
 */
function scopeOf(p: Principal, team: string | undefined): KpiScope {
  authorize(p, 'kpis.read', team === undefined ? undefined : { kind: 'team-data', teamId: team }, `team ${team}`);
  return { teamId: seesAllTeams(p) ? (team ?? null) : teamScope(p), withEmbargoed: p.role !== 'uploader' };
}

/** A CSV download instead of the JSON body the route's schema describes. */
const sendCsv = (reply: FastifyReply, name: string, text: string): FastifyReply =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);

export function kpisRoutes(service: KpisService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/kpis',
      {
        schema: {
          operationId: 'getKpis',
          summary:
            'PSIRT KPIs: time to acknowledge, triage and remediate, SLA on-time rates, ageing, open cases by component, CWE, product, team and source (`format=csv` for a spreadsheet)',
          querystring: z.object({ team: z.string().optional(), from: z.iso.datetime().optional(), to: z.iso.datetime().optional(), format }),
          response: { 200: reportOut, ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const report = await service.report(scopeOf(request.principal, q.team), {
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
        });
        if (q.format === 'csv') return sendCsv(reply, 'kanshi-kpis.csv', reportCsv(report));
        return report;
      },
    );

    app.get(
      '/kpis/trend',
      {
        schema: {
          operationId: 'getKpiTrend',
          summary:
            'Daily snapshots of open cases by priority and SLA status, new and closed cases, exposed versions and KEV cases (`format=csv` for a spreadsheet)',
          querystring: z.object({ team: z.string().optional(), days: z.coerce.number().int().min(1).max(730).default(30), format }),
          response: { 200: trendOut, ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const items = await service.trend(scopeOf(request.principal, q.team), q.days);
        if (q.format === 'csv') return sendCsv(reply, 'kanshi-trend.csv', trendCsv(items));
        return { items };
      },
    );
  };
}
