import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.ts';
import { openDatabase, queryRows } from '../../src/db/index.ts';
import { databaseTargets } from '../support/databases.ts';
import { eventually } from '../support/runtime.ts';

const postgres = databaseTargets().find((t) => t.kind === 'postgres')!;

describe('Postgres connection pool', () => {
  if (postgres.skip !== undefined) {
    it.skip(`skipped: ${postgres.skip}`, () => undefined);
    return;
  }

  it('logs an idle connection the server drops, and serves the next query on a new one', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = await openDatabase({ databaseUrl: postgres.url, dataDir: 'memory://', log: createLogger({ level: 'warn', destination }) });
    try {
      const [conn] = await queryRows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`);
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [conn!.pid]);
      } finally {
        await admin.end();
      }
      const line = await eventually(async () => lines.find((l) => l.includes('idle database connection failed')), 10_000, 20);
      expect(JSON.parse(line)).toMatchObject({ level: 40, err: { message: expect.stringContaining('terminat') } });
      expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
