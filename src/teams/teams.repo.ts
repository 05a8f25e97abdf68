import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, auditEvents, teams, type Db, type Role } from '../db/index.ts';

export interface TokenRow {
  id: string;
  teamId: string | null;
  role: Role;
}

export class TeamsRepo {
  constructor(private readonly db: Db) {}

  async upsertTeams(list: { id: string; name: string; email?: string | undefined }[]): Promise<void> {
    if (list.length === 0) return;
    await this.db
      .insert(teams)
      .values(list.map((t) => ({ id: t.id, name: t.name, email: t.email ?? null })))
      .onConflictDoUpdate({ target: teams.id, set: { name: sql`excluded.name`, email: sql`excluded.email` } });
  }

  async ensureTeam(id: string): Promise<void> {
    await this.db.insert(teams).values({ id, name: id }).onConflictDoNothing();
  }

  async teamExists(id: string): Promise<boolean> {
    const rows = await this.db.select({ id: teams.id }).from(teams).where(eq(teams.id, id)).limit(1);
    return rows.length > 0;
  }

  async listTeams(): Promise<{ id: string; name: string; email: string | null }[]> {
    return this.db.select({ id: teams.id, name: teams.name, email: teams.email }).from(teams).orderBy(teams.id);
  }

  async insertToken(row: { teamId: string | null; role: Role; tokenHash: string; label: string | null }): Promise<string> {
    const [inserted] = await this.db
      .insert(apiTokens)
      .values(row)
      .onConflictDoUpdate({ target: apiTokens.tokenHash, set: { revokedAt: null, role: row.role } })
      .returning({ id: apiTokens.id });
    return inserted!.id;
  }

  async findActiveToken(tokenHash: string): Promise<TokenRow | undefined> {
    const [row] = await this.db
      .select({ id: apiTokens.id, teamId: apiTokens.teamId, role: apiTokens.role })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .limit(1);
    return row;
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
}
