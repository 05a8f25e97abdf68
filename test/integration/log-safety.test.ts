import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createLogger } from '../../src/core/logger.ts';
import { queryRows } from '../../src/db/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';

/** A logger writing into memory, as the daemon's logger writes to stdout. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ destination }), lines };
}

// The issue-10 incident: a component name of megabytes made every insert fail, and each failure
// logged the query with its parameters (141 MB per line).
const SECRET = `never-logged-${'p'.repeat(3 * 1024 * 1024)}`;

describeDatabases('log safety', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(async () => t?.cleanup());

  // Text cannot be cast to an integer: the query fails, carrying its parameter along.
  const failingQuery = () => queryRows(t.db, sql`select ${SECRET}::int as n`);

  it('a failing query logged under err keeps its SQL, not its parameters, and stays short', async () => {
    const error = await failingQuery().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((error as Error).message)).toContain('never-logged'); // the error itself does carry it
    const { log, lines } = capturedLogger();
    log.error({ err: error }, 'job failed');
    log.warn(error as Error);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('never-logged');
      expect(line.length).toBeLessThan(12_000);
      expect(JSON.parse(line)).toMatchObject({ err: { message: expect.stringContaining('params: [not shown]') } });
    }
  });

  it('a request failing on such a query is a masked 500, logged without its parameters', async () => {
    const { log, lines } = capturedLogger();
    const app = await buildApp({
      log,
      authenticate: async () => ({ tokenId: 't', role: 'admin', teamId: null }) as never,
      apiRoutes: [],
      publicRoutes: [async (a) => void a.get('/boom', async () => failingQuery())],
      bodyLimit: 1024,
      version: 'test',
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('never-logged');
    const failed = lines.map((l) => JSON.parse(l) as { msg?: string; err?: { message: string } }).find((l) => l.msg === 'request failed');
    expect(failed?.err?.message).toMatch(/^Failed query: select \$1::int as n\nparams: \[not shown\]$/);
    expect(lines.join('\n')).not.toContain('never-logged');
  });
});
