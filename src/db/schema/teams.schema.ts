import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ROLES = ['admin', 'psirt', 'member', 'uploader'] as const;
export type Role = (typeof ROLES)[number];

/** API tokens. Only the SHA-256 of a token is stored; the token itself is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for admin tokens, which are not tied to a team. */
    teamId: text('team_id').references(() => teams.id),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Written at most once a minute per token and process, not on every request. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Null: never expires (admin tokens unless given a lifetime). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_team_idx').on(t.teamId)],
);

/** Who did what: rejections, token creation, lifecycle changes. Never holds SBOM contents or secrets. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorTokenId: uuid('actor_token_id'),
    teamId: text('team_id'),
    action: text('action').notNull(),
    subject: text('subject'),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_events_at_idx').on(t.at)],
);
