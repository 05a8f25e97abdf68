import type { Clock } from '../core/clock.ts';
import { AppError, unauthorized } from '../core/errors.ts';
import { ROLES, type Role } from '../db/index.ts';
import type { Principal } from '../api/index.ts';
import { generateToken, hashToken } from './token-hash.ts';
import type { TeamsRepo } from './teams.repo.ts';

export class TokensService {
  /** last-used timestamps are written at most once a minute per token, not on every request. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: TeamsRepo,
    private readonly clock: Clock,
  ) {}

  /** Creates a token and returns it; only its hash is stored, so this is the one time it is seen. */
  async create(input: { team: string | null; role: string; label?: string | undefined }, actor?: Principal): Promise<{ token: string; id: string }> {
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw new AppError('INVALID_ROLE', `role must be one of ${ROLES.join(', ')}`, 400, [{ path: 'role', message: 'unknown role' }]);
    }
    const role = input.role as Role;
    if (role !== 'admin' && !input.team) {
      throw new AppError('TEAM_REQUIRED', `a ${role} token belongs to a team`, 400, [{ path: 'team', message: 'required for this role' }]);
    }
    if (input.team) await this.repo.ensureTeam(input.team);
    const token = generateToken();
    const id = await this.repo.insertToken({
      teamId: role === 'admin' ? null : input.team,
      role,
      tokenHash: hashToken(token),
      label: input.label ?? null,
    });
    await this.repo.audit({ actorTokenId: actor?.tokenId ?? null, teamId: input.team, action: 'token.create', subject: id, details: { role } });
    return { token, id };
  }

  /** The bootstrap admin token from KANSHI_ADMIN_TOKEN: stored hashed, idempotent across restarts. */
  async bootstrapAdmin(token: string): Promise<void> {
    await this.repo.insertToken({ teamId: null, role: 'admin', tokenHash: hashToken(token), label: 'KANSHI_ADMIN_TOKEN' });
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw unauthorized();
    const row = await this.repo.findActiveToken(hashToken(m[1]!));
    if (!row) throw unauthorized();
    const now = this.clock.now().getTime();
    if ((this.touched.get(row.id) ?? 0) < now - 60_000) {
      this.touched.set(row.id, now);
      await this.repo.touchToken(row.id, this.clock.now());
    }
    return { tokenId: row.id, role: row.role, teamId: row.teamId };
  }
}
