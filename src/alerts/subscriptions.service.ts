/**
 * Subscriptions through the API: a team member manages their team's, PSIRT staff every one
 * (a subscription without a team is the PSIRT's). The policy file's are read-only here.
 * Targets are checked against the SSRF guard when they are set (and again at every send).
 */
import { promisify } from 'node:util';
import { authorize, authorizeFound, seesAllTeams, teamScope, type Principal, type Resource } from '../access/index.ts';
import { guardedLookup, checkUrl, type PrivateNetworks } from '../../feeds/index.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/index.ts';
import {
  deleteSubscription,
  deliveryById,
  insertSubscription,
  listSubscriptions,
  redrive,
  subscriptionById,
  updateSubscription,
  type DeliveryRow,
  type NewSubscription,
  type SubscriptionRow,
} from './alerts.repo.ts';
import { validSecret } from './channels.ts';
import { defaultTimeZone } from './plan.ts';

/** The resource of a subscription for the access rule: the PSIRT's belong to no team. */
export const subscriptionResource = (s: { teamId: string | null }): Resource => ({ kind: 'team-data', teamId: s.teamId ?? '(psirt)' });

export interface ChannelInput {
  type: 'email' | 'webhook' | 'slack' | 'teams';
  to?: string | undefined;
  url?: string | undefined;
  secret?: string | undefined;
}

export interface SubscriptionInput {
  team?: string | undefined;
  channel: ChannelInput;
  events: string[];
  minPriority?: string | null | undefined;
  products?: string[] | null | undefined;
  digest?: string | undefined;
  locale?: 'ja' | 'en' | undefined;
  timeZone?: string | undefined;
  enabled?: boolean | undefined;
}

const bad = (path: string, message: string): AppError => new AppError('VALIDATION', message, 400, [{ path, message }]);

export class SubscriptionsService {
  constructor(private readonly deps: { db: Db; clock: Clock; allow: PrivateNetworks; attempts: number; onRedrive(delivery: DeliveryRow): Promise<void> }) {}

  list(p: Principal): Promise<SubscriptionRow[]> {
    authorize(p, 'alerts.read');
    return listSubscriptions(this.deps.db, teamScope(p));
  }

  async get(p: Principal, id: number): Promise<SubscriptionRow> {
    return authorizeFound(p, 'alerts.read', await subscriptionById(this.deps.db, id), subscriptionResource, `subscription ${id}`);
  }

  async create(p: Principal, input: SubscriptionInput): Promise<SubscriptionRow> {
    // A member's subscription is their team's; staff make the PSIRT's unless they name a team.
    const teamId = input.team ?? (seesAllTeams(p) ? null : p.teamId);
    authorize(p, 'alerts.manage', subscriptionResource({ teamId }), input.team ? `team ${input.team}` : 'the PSIRT subscriptions');
    const channel = await this.channel(input.channel);
    const locale = input.locale ?? 'en';
    return insertSubscription(this.deps.db, {
      teamId,
      ...channel,
      events: input.events,
      minPriority: input.minPriority ?? null,
      products: input.products ?? null,
      digest: input.digest ?? 'none',
      locale,
      timeZone: input.timeZone ?? defaultTimeZone(locale),
    });
  }

  async update(p: Principal, id: number, input: Partial<SubscriptionInput>): Promise<SubscriptionRow> {
    const current = authorizeFound(p, 'alerts.manage', await subscriptionById(this.deps.db, id), subscriptionResource, `subscription ${id}`);
    if (current.policyName !== null)
      throw new AppError('MANAGED_BY_POLICY', `subscription ${id} comes from the policy file (${current.policyName}); change it there`, 409);
    const patch: Partial<NewSubscription> = {};
    if (input.channel) Object.assign(patch, await this.channel(input.channel));
    if (input.events) patch.events = input.events;
    if (input.minPriority !== undefined) patch.minPriority = input.minPriority;
    if (input.products !== undefined) patch.products = input.products;
    if (input.digest) patch.digest = input.digest;
    if (input.locale) patch.locale = input.locale;
    if (input.timeZone) patch.timeZone = input.timeZone;
    if (input.enabled !== undefined) patch.enabled = input.enabled;
    return Object.keys(patch).length === 0 ? current : updateSubscription(this.deps.db, id, patch);
  }

  async remove(p: Principal, id: number): Promise<void> {
    const current = authorizeFound(p, 'alerts.manage', await subscriptionById(this.deps.db, id), subscriptionResource, `subscription ${id}`);
    if (current.policyName !== null)
      throw new AppError('MANAGED_BY_POLICY', `subscription ${id} comes from the policy file (${current.policyName}); remove it there`, 409);
    await deleteSubscription(this.deps.db, id);
  }

  async delivery(p: Principal, id: number): Promise<DeliveryRow & { teamId: string | null }> {
    return authorizeFound(p, 'alerts.read', await deliveryById(this.deps.db, id), subscriptionResource, `delivery ${id}`);
  }

  /** Re-drives a dead or failing delivery (with the rest of its message): due now, another round of attempts. */
  async retry(p: Principal, id: number): Promise<DeliveryRow> {
    const row = authorizeFound(p, 'alerts.manage', await deliveryById(this.deps.db, id), subscriptionResource, `delivery ${id}`);
    if (row.status === 'sent') throw new AppError('NOT_RETRYABLE', `delivery ${id} was delivered`, 409);
    await redrive(this.deps.db, row, this.deps.clock.now(), this.deps.attempts);
    await this.deps.onRedrive(row);
    const after = await deliveryById(this.deps.db, id);
    if (!after) throw notFound(`delivery ${id}`);
    return after;
  }

  /** Checks a channel: its target's form and address, a webhook's secret. */
  private async channel(c: ChannelInput): Promise<Pick<NewSubscription, 'channel' | 'target' | 'secret'>> {
    if (c.type === 'email') {
      if (!c.to) throw bad('channel.to', 'an e-mail channel needs `to`');
      if (c.url || c.secret) throw bad('channel', 'an e-mail channel takes `to` only');
      return { channel: 'email', target: c.to, secret: null };
    }
    if (!c.url) throw bad('channel.url', `a ${c.type} channel needs \`url\``);
    if (c.to) throw bad('channel.to', `a ${c.type} channel takes \`url\`, not \`to\``);
    if (c.type === 'webhook' && (!c.secret || !validSecret(c.secret)))
      throw bad('channel.secret', 'a webhook needs a Standard Webhooks secret: whsec_ followed by base64 (24 to 64 random bytes)');
    if (c.type !== 'webhook' && c.secret) throw bad('channel.secret', `a ${c.type} channel is not signed; its URL is its secret`);
    await this.reachable(c.url);
    return { channel: c.type, target: c.url, secret: c.type === 'webhook' ? c.secret! : null };
  }

  /** Refuses a URL whose host is, or resolves to, an address the guard refuses. */
  private async reachable(url: string): Promise<void> {
    const problem = (message: string): AppError => new AppError('TARGET_REFUSED', message, 400, [{ path: 'channel.url', message }]);
    let host: string;
    try {
      host = checkUrl(url, this.deps.allow).hostname.replace(/^\[(.*)\]$/, '$1');
    } catch (e) {
      throw problem((e as Error).message);
    }
    try {
      await promisify(guardedLookup(this.deps.allow))(host, { all: true });
    } catch (e) {
      // A name that does not resolve yet is accepted: the guard checks it again at every send.
      if ((e as Error).name === 'HttpError') throw problem((e as Error).message);
    }
  }
}
