import { timingSafeEqual } from 'node:crypto';
import { authorize, authorizeFound, type Principal } from '../access/index.ts';
import type { Clock } from '../core/clock.ts';
import { AppError, unauthorized } from '../core/errors.ts';
import { ROLES, type Role } from '../db/index.ts';
import { generateToken, hashToken } from './token-hash.ts';
import { tokenExpiry, type TokenLifetimePolicy } from './token-expiry.ts';
import type { NewToken, TeamsRepo, TokenInfo } from './teams.repo.ts';

/** A token as created: the secret is in this answer and nowhere else. */
export interface CreatedToken {
  token: string;
  id: string;
  role: Role;
  team: string | null;
  expiresAt: Date | null;
}

const LAST_USED_EVERY_MS = 60_000;

const tokenResource = (t: TokenInfo) => ({ kind: 'token' as const, tokenId: t.id, teamId: t.teamId });

export class TokensService {
  /** last-used timestamps are written at most once a minute per token, not on every request. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: TeamsRepo,
    private readonly clock: Clock,
    private readonly lifetime: TokenLifetimePolicy,
  ) {}

  /**
   * Creates a token and returns it; only its hash is stored, so this is the one time it is seen.
   * `actor` is the caller through the API; none for the CLI on the database, which is the operator.
   */
  async create(
    input: { team: string | null; role: string; label?: string | undefined; expiresInMs?: number | undefined },
    actor?: Principal,
  ): Promise<CreatedToken> {
    if (actor) authorize(actor, 'token.create');
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw new AppError('INVALID_ROLE', `role must be one of ${ROLES.join(', ')}`, 400, [{ path: 'role', message: 'unknown role' }]);
    }
    const role = input.role as Role;
    if (role !== 'admin' && !input.team) {
      throw new AppError('TEAM_REQUIRED', `a ${role} token belongs to a team`, 400, [{ path: 'team', message: 'required for this role' }]);
    }
    const team = role === 'admin' ? null : input.team;
    const expiresAt = tokenExpiry(role, input.expiresInMs, this.lifetime, this.clock.now());
    if (team && (await this.repo.ensureTeam(team))) {
      await this.repo.audit({
        actorTokenId: actor?.tokenId ?? null,
        teamId: team,
        action: 'team.create',
        subject: team,
        details: { reason: 'token created for a new team' },
      });
    }
    const token = generateToken();
    const id = await this.repo.insertToken({ teamId: team, role, tokenHash: hashToken(token), label: input.label ?? null, expiresAt });
    await this.repo.audit({ actorTokenId: actor?.tokenId ?? null, teamId: team, action: 'token.create', subject: id, details: { role, expiresAt } });
    return { token, id, role, team, expiresAt };
  }

  /** Every token, without secrets or hashes (admin). */
  async list(actor: Principal): Promise<TokenInfo[]> {
    authorize(actor, 'token.list');
    return this.repo.listTokens();
  }

  /** Revokes a token: an admin any, anyone their own. Another's token reads as unknown (404). */
  async revoke(id: string, actor: Principal): Promise<void> {
    const token = authorizeFound(actor, 'token.manage', await this.repo.findToken(id), tokenResource, `token ${id}`);
    if (!(await this.repo.revokeToken(id, this.clock.now()))) throw new AppError('ALREADY_REVOKED', `token ${id} is already revoked`, 409);
    await this.repo.audit({ actorTokenId: actor.tokenId, teamId: token.teamId, action: 'token.revoke', subject: id });
  }

  /**
   * A new secret for the same team, role and label, with the lifetime the old one was given;
   * the old secret stops working at once.
   */
  async rotate(id: string, actor: Principal): Promise<CreatedToken> {
    const old = authorizeFound(actor, 'token.manage', await this.repo.findToken(id), tokenResource, `token ${id}`);
    const now = this.clock.now();
    const lifetimeMs = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : undefined;
    const token = generateToken();
    const successor: NewToken = {
      teamId: old.teamId,
      role: old.role,
      tokenHash: hashToken(token),
      label: old.label,
      expiresAt: tokenExpiry(old.role, lifetimeMs === undefined ? undefined : Math.min(lifetimeMs, this.lifetime.maxTtlMs), this.lifetime, now),
    };
    const newId = await this.repo.replaceToken(id, successor, now);
    if (newId === undefined) throw new AppError('ALREADY_REVOKED', `token ${id} is revoked: create a new one instead`, 409);
    await this.repo.audit({ actorTokenId: actor.tokenId, teamId: old.teamId, action: 'token.rotate', subject: id, details: { successor: newId } });
    return { token, id: newId, role: old.role, team: old.teamId, expiresAt: successor.expiresAt };
  }

  /** The bootstrap admin token from KANSHI_ADMIN_TOKEN: stored hashed, idempotent across restarts, no expiry. */
  async bootstrapAdmin(token: string): Promise<void> {
    await this.repo.insertToken({ teamId: null, role: 'admin', tokenHash: hashToken(token), label: 'KANSHI_ADMIN_TOKEN', expiresAt: null });
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw unauthorized();
    const hash = hashToken(m[1]!);
    const now = this.clock.now();
    const row = await this.repo.findActiveToken(hash, now);
    // The lookup is by an index on the hash; the comparison that grants access is constant-time.
    if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) throw unauthorized();
    if ((this.touched.get(row.id) ?? 0) < now.getTime() - LAST_USED_EVERY_MS) {
      this.touched.set(row.id, now.getTime());
      await this.repo.touchToken(row.id, now);
    }
    return { tokenId: row.id, role: row.role, teamId: row.teamId };
  }
}
