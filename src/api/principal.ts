import type { Role } from '../db/index.ts';
import { forbidden } from '../core/errors.ts';

/** Who is calling, from the bearer token. */
export interface Principal {
  tokenId: string;
  role: Role;
  /** Null for admin tokens. */
  teamId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Roles that see every team's products: PSIRT staff and admins. */
export const seesAllTeams = (p: Principal): boolean => p.role === 'admin' || p.role === 'psirt';

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) throw forbidden(`this needs one of the roles ${roles.join(', ')}`);
}

/** The team filter a query must apply for this caller: null means all teams. */
export const teamScope = (p: Principal): string | null => (seesAllTeams(p) ? null : p.teamId);
