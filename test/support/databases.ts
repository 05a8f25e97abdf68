import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { openDatabase, type Database, type Db } from '../../src/db/index.ts';
import { isCI } from './fixtures.ts';

/** Where integration tests run: the embedded database always, Postgres when reachable. */
export interface DatabaseTarget {
  kind: 'pglite' | 'postgres';
  /** The server URL a fresh database is created on (postgres only). */
  url?: string;
  /** Why the target is skipped on this machine; undefined when it runs. */
  skip?: string;
}

export interface TestDatabase {
  database: Database;
  db: Db;
  /** The per-file Postgres database's URL; undefined for PGlite. */
  url?: string;
  /** Closes the connection and drops the per-file Postgres database. */
  cleanup(): Promise<void>;
}

const postgresUrl = process.env.KANSHI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Probed once per test file at import, so `describe` blocks can be built synchronously.
const postgresProblem = await probe(postgresUrl);

/**
 * PGlite in memory always; Postgres at `KANSHI_TEST_DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/test) when it answers. Under CI=true Postgres is always
 * included, so an unreachable server fails its tests instead of silently skipping them.
 */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ kind: 'pglite' }];
  if (postgresProblem === undefined || isCI()) targets.push({ kind: 'postgres', url: postgresUrl });
  else targets.push({ kind: 'postgres', url: postgresUrl, skip: `Postgres at ${redactUrl(postgresUrl)} unreachable (${postgresProblem})` });
  return targets;
}

/** One `describe` per target; a skipped target shows its one-line reason. */
export function describeDatabases(name: string, body: (target: DatabaseTarget) => void): void {
  for (const target of databaseTargets()) {
    if (target.skip !== undefined) {
      const reason = target.skip;
      describe.skip(`${name} [${target.kind}]`, () => {
        it(`skipped: ${reason}`, () => undefined);
      });
    } else {
      describe(`${name} [${target.kind}]`, () => body(target));
    }
  }
}

/**
 * Postgres only, for suites whose subject does not depend on the database kind and whose
 * embedded-database start would be most of their run time.
 */
export function describePostgres(name: string, body: (target: DatabaseTarget) => void): void {
  const target = databaseTargets().find((t) => t.kind === 'postgres')!;
  if (target.skip === undefined) describe(`${name} [postgres]`, () => body(target));
  else
    describe.skip(`${name} [postgres]`, () => {
      it(`skipped: ${target.skip}`, () => undefined);
    });
}

const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

/** A database of its own, migrated unless asked not to: PGlite in memory, or a fresh `kanshi_t_<random>` on Postgres. */
export async function openTestDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (target.kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://', log: silentLogger() });
    if (migrate) await database.migrate();
    return { database, db: database.db, cleanup: () => database.close() };
  }
  const serverUrl = target.url ?? postgresUrl;
  if (postgresProblem !== undefined) {
    throw new Error(`Postgres at ${redactUrl(serverUrl)} is required under CI=true but unreachable: ${postgresProblem}`);
  }
  const name = `kanshi_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 4, log: silentLogger() });
  try {
    if (migrate) await database.migrate();
  } catch (e) {
    await database.close();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw e;
  }
  return {
    database,
    db: database.db,
    url: url.toString(),
    cleanup: async () => {
      await database.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
