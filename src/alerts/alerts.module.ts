import { allowList, type PrivateNetworks } from '../../feeds/index.ts';
import type { PolicyService } from '../cases/index.ts';
import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import { deliveryCounts } from './alerts.repo.ts';
import { alertsJobs } from './alerts.jobs.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { createChannels } from './channels.ts';
import { DeliveryService } from './delivery.service.ts';
import { ALERT_EVENT_TYPES, DeliveryPlanner } from './planner.service.ts';
import { SubscriptionsService } from './subscriptions.service.ts';

/** A safety net for a lost wake-up: the planner catches up with the outbox at least this often. */
const PLAN_EVERY_MS = 60_000;

export interface AlertsModule extends KanshiModule {
  planner: DeliveryPlanner;
  delivery: DeliveryService;
  /** Per channel: deliveries sent and dead-lettered, failed attempts, pending ones (for the Prometheus counters). */
  deliveryCounts(): ReturnType<typeof deliveryCounts>;
}

/**
 * Alerts: subscriptions (policy file and API), the planner reading the published outbox, the
 * senders on the `delivery` queue group, and the delivery log.
 */
export function createAlertsModule(deps: RuntimeDeps, policy: PolicyService): AlertsModule {
  const config = deps.config.alerts;
  const log = deps.log.child({ module: 'alerts' });
  const allow: PrivateNetworks = deps.config.http.allowPrivateNetworks || allowList(config.allowNetworks);
  const channels = createChannels(config, allow);
  const planner = new DeliveryPlanner({ db: deps.db, clock: deps.clock, queue: deps.queue, policy, config });
  const delivery = new DeliveryService({ db: deps.db, clock: deps.clock, log, queue: deps.queue, config, channels, events: deps.events });
  const subscriptions = new SubscriptionsService({
    db: deps.db,
    clock: deps.clock,
    allow,
    attempts: config.attempts,
    onRedrive: (d) => deps.queue.enqueue('delivery.send', { deliveryId: d.id }, { jobId: `delivery-redrive-${d.id}-${deps.clock.now().getTime()}` }),
  });
  deps.shutdown?.addEventListener('abort', () => channels.close(), { once: true });
  return {
    name: 'alerts',
    planner,
    delivery,
    deliveryCounts: () => deliveryCounts(deps.db),
    jobHandlers: alertsJobs(planner, delivery),
    eventStreams: [{ name: 'alerts', types: ALERT_EVENT_TYPES, wake: { name: 'delivery.plan', payload: {} } }],
    routes: alertsRoutes({ db: deps.db, subscriptions }),
    async start() {
      await deps.queue.enqueue('delivery.plan', {});
      await deps.queue.schedule('delivery-plan', 'delivery.plan', {}, { everyMs: PLAN_EVERY_MS, jitterMs: 5_000 });
      await deps.queue.schedule('delivery-sweep', 'delivery.sweep', {}, { everyMs: config.sweepInterval, jitterMs: Math.min(5_000, config.sweepInterval / 4) });
    },
  };
}
