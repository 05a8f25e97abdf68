import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, teamScope } from '../access/index.ts';
import { errorResponses } from '../api/index.ts';
import { ALERT_EVENTS, CHANNELS, DIGESTS, PRIORITIES, subscriptionFields } from '../cases/index.ts';
import type { Db } from '../db/index.ts';
import { listDeliveries, type DeliveryRow, type SubscriptionRow } from './alerts.repo.ts';
import type { SubscriptionsService } from './subscriptions.service.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const subscriptionOut = z.object({
  id: z.number(),
  team: z.string().nullable().describe('null: a PSIRT subscription (every team, and operational events)'),
  name: z.string().nullable().describe('Its name in the policy file; null when made through the API'),
  channel: z.object({
    type: z.enum(CHANNELS),
    to: z.string().optional(),
    url: z.string().optional().describe('Slack and Teams URLs are secrets themselves: only their origin is shown'),
    signed: z.boolean().describe('A webhook signing secret is stored (never shown)'),
  }),
  events: z.array(z.string()),
  minPriority: z.string().nullable(),
  products: z.array(z.string()).nullable(),
  digest: z.enum(DIGESTS),
  locale: z.enum(['ja', 'en']),
  timeZone: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

const channelIn = z.strictObject({
  type: z.enum(CHANNELS),
  to: z.email().optional(),
  url: z.url().optional(),
  secret: z.string().min(1).max(200).optional().describe('Webhooks: the Standard Webhooks secret (`whsec_…`), stored and never shown again'),
});

const deliveryOut = z.object({
  id: z.number(),
  subscription: z.number(),
  team: z.string().nullable(),
  event: z.object({ id: z.number().describe('The outbox event (as `GET /events` numbers it)'), type: z.string() }),
  caseId: z.number().nullable(),
  channel: z.enum(CHANNELS),
  status: z.enum(['pending', 'failed', 'sent', 'dead']).describe('`failed`: pending after a failed attempt, a retry is scheduled'),
  batch: z.string().nullable().describe('The digest or burst message it went out in; its id is the `webhook-id`'),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  dueAt: z.string().nullable(),
  sentAt: z.string().nullable(),
});

function subscriptionView(s: SubscriptionRow): z.infer<typeof subscriptionOut> {
  const shown = s.channel === 'slack' || s.channel === 'teams' ? `${new URL(s.target).origin}/…` : s.target;
  return {
    id: s.id,
    team: s.teamId,
    name: s.policyName,
    channel: { type: s.channel as (typeof CHANNELS)[number], ...(s.channel === 'email' ? { to: s.target } : { url: shown }), signed: s.secret !== null },
    events: s.events,
    minPriority: s.minPriority,
    products: s.products ?? null,
    digest: s.digest as (typeof DIGESTS)[number],
    locale: s.locale as 'ja' | 'en',
    timeZone: s.timeZone,
    enabled: s.enabled,
    createdAt: s.createdAt.toISOString(),
  };
}

const deliveryView = (d: DeliveryRow & { teamId: string | null }): z.infer<typeof deliveryOut> => ({
  id: d.id,
  subscription: d.subscriptionId,
  team: d.teamId,
  event: { id: d.eventSeq, type: d.eventType },
  caseId: d.caseId,
  channel: d.channel as (typeof CHANNELS)[number],
  status: d.status === 'pending' && d.attempts > 0 ? 'failed' : (d.status as 'pending' | 'sent' | 'dead'),
  batch: d.batchKey,
  attempts: d.attempts,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
  dueAt: d.status === 'pending' ? iso(d.dueAt) : null,
  sentAt: iso(d.sentAt),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function alertsRoutes(deps: { db: Db; subscriptions: SubscriptionsService }): FastifyPluginAsyncZod {
  const s = deps.subscriptions;
  return async (app) => {
    app.get(
      '/subscriptions',
      {
        schema: {
          operationId: 'listSubscriptions',
          tags: ['alerts'],
          summary: "Alert subscriptions the caller may see: their team's (staff: every one, the PSIRT's included)",
          response: { 200: z.object({ items: z.array(subscriptionOut) }) },
        },
      },
      async (request) => ({ items: (await s.list(request.principal)).map(subscriptionView) }),
    );

    app.post(
      '/subscriptions',
      {
        schema: {
          operationId: 'createSubscription',
          tags: ['alerts'],
          summary: 'Subscribe a channel to events: a member for their team, staff for any team or (no `team`) for the PSIRT',
          description:
            'Webhook URLs and their hosts are checked against the SSRF guard (private, loopback and link-local addresses are refused unless in `alerts.allowNetworks`).',
          body: z.strictObject({
            team: z.string().optional(),
            channel: channelIn,
            ...subscriptionFields,
            digest: z.enum(DIGESTS).optional(),
            locale: z.enum(['ja', 'en']).optional(),
          }),
          response: { 201: subscriptionOut, ...errorResponses(400, 403, 404) },
        },
      },
      async (request, reply) => reply.status(201).send(subscriptionView(await s.create(request.principal, request.body))),
    );

    app.get(
      '/subscriptions/:id',
      {
        schema: {
          operationId: 'getSubscription',
          tags: ['alerts'],
          summary: 'One subscription (secrets never shown)',
          params: idParams,
          response: { 200: subscriptionOut },
        },
      },
      async (request) => subscriptionView(await s.get(request.principal, request.params.id)),
    );

    app.patch(
      '/subscriptions/:id',
      {
        schema: {
          operationId: 'updateSubscription',
          tags: ['alerts'],
          summary: "Change a subscription made through the API (the policy file's are changed in the file: 409)",
          params: idParams,
          body: z.strictObject({
            channel: channelIn.optional(),
            events: z.array(z.enum(ALERT_EVENTS)).min(1).optional(),
            minPriority: z.enum(PRIORITIES).nullable().optional(),
            products: z.array(z.string().min(1).max(200)).min(1).nullable().optional(),
            digest: z.enum(DIGESTS).optional(),
            locale: z.enum(['ja', 'en']).optional(),
            timeZone: subscriptionFields.timeZone,
            enabled: z.boolean().optional(),
          }),
          response: { 200: subscriptionOut, ...errorResponses(400, 403, 404, 409) },
        },
      },
      async (request) => subscriptionView(await s.update(request.principal, request.params.id, request.body)),
    );

    app.delete(
      '/subscriptions/:id',
      {
        schema: {
          operationId: 'deleteSubscription',
          tags: ['alerts'],
          summary: 'Remove a subscription made through the API, with its delivery log',
          params: idParams,
          response: { 204: z.null().describe('Removed'), ...errorResponses(403, 404, 409) },
        },
      },
      async (request, reply) => {
        await s.remove(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/deliveries',
      {
        schema: {
          operationId: 'listDeliveries',
          tags: ['alerts'],
          summary: 'The delivery log, newest first: per (event, subscription) its channel, status, attempts, last error and times',
          querystring: z.object({
            status: z.enum(['pending', 'failed', 'sent', 'dead']).optional(),
            event: z.string().optional(),
            subscription: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(deliveryOut), total: z.number() }) },
        },
      },
      async (request) => {
        authorize(request.principal, 'alerts.read');
        const q = request.query;
        const page = await listDeliveries(
          deps.db,
          { scope: teamScope(request.principal), status: q.status, event: q.event, subscriptionId: q.subscription },
          q.limit,
          q.offset,
        );
        return { items: page.items.map(deliveryView), total: page.total };
      },
    );

    app.post(
      '/deliveries/:id/retry',
      {
        schema: {
          operationId: 'retryDelivery',
          tags: ['alerts'],
          summary: 'Re-drive a dead-lettered or failing delivery (and the rest of its message) now, with another round of attempts',
          params: idParams,
          response: { 202: deliveryOut, ...errorResponses(403, 404, 409) },
        },
      },
      async (request, reply) => {
        await s.retry(request.principal, request.params.id);
        return reply.status(202).send(deliveryView(await s.delivery(request.principal, request.params.id)));
      },
    );
  };
}
