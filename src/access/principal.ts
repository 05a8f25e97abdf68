import type { Role } from '../db/index.ts';

/** Who is calling, from the bearer token. */
export interface Principal {
  tokenId: string;
  role: Role;
  /** Null for admin tokens. */
  teamId: string | null;
}
