import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTION_RULES, authorize, teamScope, type Action } from '../access/index.ts';
import { errorResponses } from '../api/index.ts';
import { duration } from '../config/index.ts';
import { ROLES } from '../db/index.ts';
import type { TeamsRepo, TokenInfo } from './teams.repo.ts';
import type { CreatedToken, TokensService } from './tokens.service.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const createdToken = z
  .object({ token: z.string(), id: z.string(), role: z.enum(ROLES), team: z.string().nullable(), expiresAt: z.string().nullable() })
  .meta({ id: 'CreatedToken', description: 'A new token: `token` is the secret, shown this once' });
const createdOut = (c: CreatedToken) => ({ ...c, expiresAt: iso(c.expiresAt) });

const tokenInfo = z
  .object({
    id: z.string(),
    team: z.string().nullable(),
    role: z.enum(ROLES),
    label: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Token' });
const tokenInfoOut = (t: TokenInfo) => ({
  id: t.id,
  team: t.teamId,
  role: t.role,
  label: t.label,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  expiresAt: iso(t.expiresAt),
  revokedAt: iso(t.revokedAt),
});

const auditEvent = z
  .object({
    id: z.string(),
    at: z.string(),
    actorTokenId: z.string().nullable(),
    team: z.string().nullable(),
    action: z.string(),
    subject: z.string().nullable(),
    details: z.unknown(),
  })
  .meta({ id: 'AuditEvent' });

export function teamsRoutes(deps: { repo: TeamsRepo; tokens: TokensService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tokens',
      {
        schema: {
          operationId: 'createToken',
          summary: 'Create an API token (admin). The token is returned once; only its hash is kept.',
          body: z.strictObject({
            team: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
              .optional(),
            role: z.enum(ROLES),
            label: z.string().max(200).optional(),
            /** Lifetime such as `30d`; default `tokens.defaultTtl` for non-admin tokens, at most `tokens.maxTtl`. */
            expiresIn: duration.optional(),
          }),
          response: { 201: createdToken, ...errorResponses(403) },
        },
      },
      async (request, reply) => {
        const { team, role, label, expiresIn } = request.body;
        const created = await deps.tokens.create({ team: team ?? null, role, label, expiresInMs: expiresIn }, request.principal);
        return reply.status(201).send(createdOut(created));
      },
    );

    app.get(
      '/tokens',
      {
        schema: {
          operationId: 'listTokens',
          summary: 'Every API token, without secrets (admin)',
          response: { 200: z.object({ items: z.array(tokenInfo) }), ...errorResponses(403) },
        },
      },
      async (request) => ({
        items: (await deps.tokens.list(request.principal)).map(tokenInfoOut),
      }),
    );

    app.delete(
      '/tokens/:id',
      {
        schema: {
          operationId: 'revokeToken',
          summary: 'Revoke a token (admin, or the token itself); another’s token reads as unknown (404)',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null().describe('Revoked'), ...errorResponses(409) },
        },
      },
      async (request, reply) => {
        await deps.tokens.revoke(request.params.id, request.principal);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/tokens/:id/rotate',
      {
        schema: {
          operationId: 'rotateToken',
          summary: 'Replace a token by a new secret with the same team, role and lifetime; the old one is revoked (admin, or the token itself)',
          params: z.object({ id: z.uuid() }),
          response: { 201: createdToken, ...errorResponses(409) },
        },
      },
      async (request, reply) => reply.status(201).send(createdOut(await deps.tokens.rotate(request.params.id, request.principal))),
    );

    app.get(
      '/me',
      {
        schema: {
          operationId: 'getMe',
          summary: 'The caller: its token, role and team, and the actions its role allows (what a client offers it)',
          response: {
            200: z.object({ tokenId: z.string(), role: z.enum(ROLES), team: z.string().nullable(), actions: z.array(z.string()) }).meta({ id: 'Me' }),
          },
        },
      },
      async (request) => {
        const p = request.principal;
        const actions = (Object.keys(ACTION_RULES) as Action[]).filter((a) => ACTION_RULES[a].roles.includes(p.role));
        return { tokenId: p.tokenId, role: p.role, team: p.teamId, actions };
      },
    );

    app.get(
      '/teams',
      {
        schema: {
          operationId: 'listTeams',
          summary: 'Teams: the caller’s own; every team for psirt and admin',
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).meta({ id: 'Team' })) }) },
        },
      },
      async (request) => {
        authorize(request.principal, 'teams.read');
        return { items: await deps.repo.listTeams(teamScope(request.principal)) };
      },
    );

    app.get(
      '/audit',
      {
        schema: {
          operationId: 'listAudit',
          summary: 'The audit log, newest first (admin, psirt): token and team changes, VEX imports, rejected uploads, sync requests',
          querystring: z.object({
            action: z.string().max(100).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(auditEvent), total: z.number(), limit: z.number(), offset: z.number() }), ...errorResponses(403) },
        },
      },
      async (request) => {
        authorize(request.principal, 'audit.read');
        const { action, limit, offset } = request.query;
        const res = await deps.repo.listAudit({ action }, limit, offset);
        return {
          total: res.total,
          limit,
          offset,
          items: res.items.map((e) => ({
            id: e.id,
            at: e.at.toISOString(),
            actorTokenId: e.actorTokenId,
            team: e.teamId,
            action: e.action,
            subject: e.subject,
            details: e.details,
          })),
        };
      },
    );
  };
}
