import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import { eventsJobs } from './events.jobs.ts';
import { eventsRoutes } from './events.routes.ts';
import type { EventRelay } from './relay.service.ts';

/** How often the relay runs without being asked: a safety net for a lost kick. */
const RELAY_EVERY_MS = 15_000;

/** The outbox's relay job, its schedule and the hand-out of open tasks at start. */
export function createEventsModule(deps: RuntimeDeps, relay: EventRelay): KanshiModule {
  const log = deps.log.child({ module: 'events' });
  return {
    name: 'events',
    jobHandlers: eventsJobs(relay),
    routes: eventsRoutes({ db: deps.db }),
    async start() {
      const recovered = await relay.recover();
      await relay.relay();
      if (recovered > 0) log.info({ recovered }, 'handed out event tasks left open at the last stop');
      await deps.queue.schedule('events-relay', 'events.relay', {}, { everyMs: RELAY_EVERY_MS, jitterMs: 1_000 });
    },
  };
}
