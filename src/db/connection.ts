import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Logger } from '../core/logger.ts';
import { packageRoot } from '../core/package-root.ts';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;

/** The drizzle handle every repository takes; the same on PGlite and on Postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Applies the migrations not applied yet: the package's own, or those of `folder` (a drizzle folder, for tests). */
  migrate(folder?: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Postgres when set; otherwise the embedded PGlite database. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Postgres pool size per process. */
  poolSize?: number;
  /** Where errors of idle pool connections go. */
  log: Logger;
}

const migrationsFolder = (): string => path.join(packageRoot(), 'drizzle');

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process (the pool replaces it),
    // but a database restart or a network fault must still show in the log.
    pool.on('error', (err) => options.log.warn({ err }, 'idle database connection failed; the pool replaces it'));
    const db = drizzlePg({ client: pool, schema });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      migrate: (folder) => migratePg(db, { migrationsFolder: folder ?? migrationsFolder() }),
      close: () => pool.end(),
    };
  }
  const memory = options.dataDir.startsWith('memory://');
  if (!memory) mkdirSync(options.dataDir, { recursive: true });
  const unlock = memory ? () => undefined : lockDataDir(options.dataDir);
  // The embedded database shares the daemon's memory: a smaller buffer pool than Postgres'
  // 128 MB default keeps the whole process within a few hundred megabytes.
  const client = new PGlite(memory ? undefined : path.join(options.dataDir, 'pglite'), { postgresqlconf: 'shared_buffers=32MB' });
  await client.waitReady.catch((e: unknown) => {
    unlock();
    throw e;
  });
  const db = drizzlePglite({ client, schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: (folder) => migratePglite(db, { migrationsFolder: folder ?? migrationsFolder() }),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/** Rows of a raw SQL query; both drivers return `{rows}`, which drizzle's shared type hides. */
export async function queryRows<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
