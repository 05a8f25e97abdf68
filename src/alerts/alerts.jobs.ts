import { z } from 'zod';
import type { JobHandlers } from '../jobs/index.ts';
import type { DeliveryService } from './delivery.service.ts';
import type { DeliveryPlanner } from './planner.service.ts';

/** Job handlers of the `delivery` queue group, each with the schema its payload is checked against. */
export function alertsJobs(planner: DeliveryPlanner, delivery: DeliveryService): JobHandlers {
  const none = z.strictObject({});
  return {
    'delivery.plan': {
      payload: none,
      run: async (_p, ctx) => {
        const n = await planner.plan();
        if (n > 0) ctx.log.debug({ events: n }, 'deliveries planned');
      },
    },
    'delivery.send': {
      payload: z.strictObject({ deliveryId: z.number().int().positive() }),
      run: (p) => delivery.send(p.deliveryId),
    },
    'delivery.sweep': {
      payload: none,
      run: async (_p, ctx) => {
        const n = await delivery.sweep();
        if (n > 0) ctx.log.debug({ messages: n }, 'due deliveries handed out');
      },
    },
  };
}
