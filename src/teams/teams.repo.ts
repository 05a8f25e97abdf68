import { and, count, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { apiTokens, auditEvents, teams, type Db, type Role } from '../db/index.ts';

export interface TokenRow {
  id: string;
  teamId: string | null;
  role: Role;
  tokenHash: string;
}

/** What is shown of a token: never its hash. */
export interface TokenInfo {
  id: string;
  teamId: string | null;
  role: Role;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewToken {
  teamId: string | null;
  role: Role;
  tokenHash: string;
  label: string | null;
  expiresAt: Date | null;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actorTokenId: string | null;
  teamId: string | null;
  action: string;
  subject: string | null;
  details: unknown;
}

const tokenInfo = {
  id: apiTokens.id,
  teamId: apiTokens.teamId,
  role: apiTokens.role,
  label: apiTokens.label,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};

export class TeamsRepo {
  constructor(private readonly db: Db) {}

  async upsertTeams(list: { id: string; name: string; email?: string | undefined }[]): Promise<void> {
    if (list.length === 0) return;
    await this.db
      .insert(teams)
      .values(list.map((t) => ({ id: t.id, name: t.name, email: t.email ?? null })))
      .onConflictDoUpdate({ target: teams.id, set: { name: sql`excluded.name`, email: sql`excluded.email` } });
  }

  /** Creates the team unless it exists; true when it was created. */
  async ensureTeam(id: string): Promise<boolean> {
    const created = await this.db.insert(teams).values({ id, name: id }).onConflictDoNothing().returning({ id: teams.id });
    return created.length > 0;
  }

  async teamExists(id: string): Promise<boolean> {
    const rows = await this.db.select({ id: teams.id }).from(teams).where(eq(teams.id, id)).limit(1);
    return rows.length > 0;
  }

  /** Every team, or only `scope` when given. */
  async listTeams(scope: string | null = null): Promise<{ id: string; name: string; email: string | null }[]> {
    return this.db
      .select({ id: teams.id, name: teams.name, email: teams.email })
      .from(teams)
      .where(scope === null ? undefined : eq(teams.id, scope))
      .orderBy(teams.id);
  }

  /** A token with this hash again (the bootstrap admin token at every start) is made active again. */
  async insertToken(row: NewToken): Promise<string> {
    const [inserted] = await this.db
      .insert(apiTokens)
      .values(row)
      .onConflictDoUpdate({ target: apiTokens.tokenHash, set: { revokedAt: null, role: row.role, expiresAt: row.expiresAt } })
      .returning({ id: apiTokens.id });
    return inserted!.id;
  }

  /** The token with this hash, unless revoked or expired at `now`. */
  async findActiveToken(tokenHash: string, now: Date): Promise<TokenRow | undefined> {
    const [row] = await this.db
      .select({ id: apiTokens.id, teamId: apiTokens.teamId, role: apiTokens.role, tokenHash: apiTokens.tokenHash })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
      .limit(1);
    return row;
  }

  async findToken(id: string): Promise<TokenInfo | undefined> {
    const [row] = await this.db.select(tokenInfo).from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
    return row;
  }

  async listTokens(): Promise<TokenInfo[]> {
    return this.db.select(tokenInfo).from(apiTokens).orderBy(desc(apiTokens.createdAt), apiTokens.id);
  }

  /** Revokes an active token; false when it was already revoked. */
  async revokeToken(id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  /** Revokes `id` and inserts its successor in one transaction: never both valid, never neither. */
  async replaceToken(id: string, successor: NewToken, at: Date): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      const revoked = await tx
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      if (revoked.length === 0) return undefined;
      const [inserted] = await tx.insert(apiTokens).values(successor).returning({ id: apiTokens.id });
      return inserted!.id;
    });
  }

  async touchToken(id: string, at: Date): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
  }

  async audit(event: { actorTokenId?: string | null; teamId?: string | null; action: string; subject?: string; details?: unknown }): Promise<void> {
    await this.db.insert(auditEvents).values({
      actorTokenId: event.actorTokenId ?? null,
      teamId: event.teamId ?? null,
      action: event.action,
      subject: event.subject ?? null,
      details: event.details ?? {},
    });
  }

  /** The audit log, newest first. */
  async listAudit(filter: { action?: string | undefined }, limit: number, offset: number): Promise<{ items: AuditEvent[]; total: number }> {
    const where = filter.action === undefined ? undefined : eq(auditEvents.action, filter.action);
    const items = await this.db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(limit).offset(offset);
    const [total] = await this.db.select({ n: count() }).from(auditEvents).where(where);
    return { items, total: Number(total?.n ?? 0) };
  }
}
