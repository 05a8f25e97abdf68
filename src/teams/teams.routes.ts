import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../api/index.ts';
import { ROLES } from '../db/index.ts';
import type { TeamsRepo } from './teams.repo.ts';
import type { TokensService } from './tokens.service.ts';

export function teamsRoutes(deps: { repo: TeamsRepo; tokens: TokensService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tokens',
      {
        schema: {
          summary: 'Create an API token (admin). The token is returned once; only its hash is kept.',
          body: z.strictObject({ team: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).optional(), role: z.enum(ROLES), label: z.string().max(200).optional() }),
          response: { 201: z.object({ token: z.string(), id: z.string(), role: z.enum(ROLES), team: z.string().nullable() }) },
        },
      },
      async (request, reply) => {
        requireRole(request.principal, 'admin');
        const { team, role, label } = request.body;
        const created = await deps.tokens.create({ team: team ?? null, role, label }, request.principal);
        return reply.status(201).send({ ...created, role, team: role === 'admin' ? null : (team ?? null) });
      },
    );

    app.get(
      '/teams',
      { schema: { summary: 'Teams', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable() })) }) } } },
      async () => ({ items: await deps.repo.listTeams() }),
    );
  };
}
