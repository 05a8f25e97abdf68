import { z } from 'zod';
import type { JobHandlers } from '../jobs/index.ts';
import type { EventRelay } from './relay.service.ts';

/** The relay's job handler, with the schema its payload is checked against. */
export function eventsJobs(relay: EventRelay): JobHandlers {
  return {
    'events.relay': {
      payload: z.strictObject({}),
      run: async (_payload, ctx) => {
        const n = await relay.relay();
        if (n > 0) ctx.log.debug({ published: n }, 'events published');
      },
    },
  };
}
