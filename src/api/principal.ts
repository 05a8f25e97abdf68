import type { Principal } from '../access/index.ts';

export type { Principal };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}
