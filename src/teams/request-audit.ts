import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TeamsRepo } from './teams.repo.ts';

/**
 * Admin actions that routes of other domains carry out, audited once they succeeded. Token and
 * team changes are audited by the tokens service itself, with their ids.
 */
const AUDITED_ROUTES: Readonly<Record<string, string>> = {
  'POST /api/v1/products/:product/vex': 'vex.import',
  'DELETE /api/v1/products/:product/vex/:suppression': 'vex.revoke',
  'POST /api/v1/feeds/:source/sync': 'feeds.sync-requested',
  'POST /api/v1/cases/:id/decisions': 'decision.make',
  'DELETE /api/v1/decisions/:id': 'decision.revoke',
};

/** The `afterResponse` hook of the API: one audit event per successful audited request. */
export function requestAudit(repo: TeamsRepo): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const action = AUDITED_ROUTES[`${request.method} ${request.routeOptions.url}`];
    if (action === undefined || reply.statusCode >= 400) return;
    await repo.audit({
      actorTokenId: request.principal.tokenId,
      teamId: request.principal.teamId,
      action,
      subject: Object.values(request.params as Record<string, string>).join('/'),
      details: { query: request.query, status: reply.statusCode },
    });
  };
}
