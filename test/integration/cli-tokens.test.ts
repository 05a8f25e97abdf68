import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKanshi as kanshi } from '../support/cli.ts';
import { ADMIN_TOKEN, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

// The commands only talk HTTP: one database kind is enough, and each CLI run costs seconds.
describe('kanshi token create, list, rotate and revoke', () => {
  let t: TestRuntime;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await openTestRuntime({ kind: 'pglite' }, 'in-process');
    env = { KANSHI_SERVER: await t.app.listen({ port: 0, host: '127.0.0.1' }), KANSHI_TOKEN: ADMIN_TOKEN };
  });
  afterAll(async () => t?.close());

  it('manages tokens through the daemon named by KANSHI_SERVER', async () => {
    const created = await kanshi(['token', 'create', '--team', 'web', '--create-team', '--role', 'uploader', '--label', 'ci', '--expires-in', '7d'], env);
    expect(created.code).toBe(0);
    const secret = created.out.trim();
    const list = JSON.parse((await kanshi(['token', 'list', '--json'], env)).out) as { id: string; label: string | null; expiresAt: string | null }[];
    const mine = list.find((x) => x.label === 'ci')!;
    expect(Math.abs(new Date(mine.expiresAt!).getTime() - Date.now() - 7 * 86_400_000)).toBeLessThan(120_000);

    const rotated = await kanshi(['token', 'rotate', mine.id], { ...env, KANSHI_TOKEN: secret });
    expect(rotated.code).toBe(0);
    const fresh = rotated.out.trim();
    expect(fresh).toMatch(/^kanshi_/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/products', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);

    const table = (await kanshi(['token', 'list'], env)).out;
    expect(table).toMatch(new RegExp(`${mine.id}\\s+web\\s+uploader\\s+revoked`));
    const successor = JSON.parse((await kanshi(['token', 'list', '--json'], env)).out).find(
      (x: { label: string; revokedAt: string | null }) => x.label === 'ci' && !x.revokedAt,
    ) as { id: string };
    const revoked = await kanshi(['token', 'revoke', successor.id], env);
    expect(revoked).toMatchObject({ code: 0, out: `revoked ${successor.id}\n` });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/products', headers: { authorization: `Bearer ${fresh}` } })).statusCode).toBe(401);
    expect((await kanshi(['token', 'list'], { ...env, KANSHI_TOKEN: fresh })).code).toBe(4);
  });
});
