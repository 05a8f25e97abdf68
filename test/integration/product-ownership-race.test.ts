import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createSbomParser, IngestService } from '../../src/inventory/index.ts';
import { TeamsRepo } from '../../src/teams/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const sbom = (name: string): Buffer =>
  Buffer.from(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [{ type: 'library', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` }],
    }),
  );

/**
 * A TeamsRepo whose `teamExists` (asked while an upload decides the owner of a new product,
 * before the document is parsed) waits for the test: it holds one upload between its ownership
 * check and its insert for as long as another team needs to create the same product name.
 */
class GatedTeamsRepo extends TeamsRepo {
  reached!: () => void;
  readonly atGate = new Promise<void>((resolve) => (this.reached = resolve));
  release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  override async teamExists(id: string): Promise<boolean> {
    this.reached();
    await this.gate;
    return super.teamExists(id);
  }
}

describeDatabases('ownership of a new product name', (target) => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process');
  });
  afterAll(async () => t?.close());

  it('team B, overtaken by team A on a name both upload first, is refused and stores nothing in A’s product', async () => {
    const a = await t.tokenFor('team-a', 'uploader');
    const b = await t.tokenFor('team-b', 'uploader');
    const teams = new GatedTeamsRepo(t.rt.deps.db);
    const slowIngest = new IngestService(t.rt.inventory.repo, createSbomParser(0), teams, t.rt.queue, t.rt.deps.events, t.rt.deps.clock, silentLogger(), {
      maxUploadBytes: t.config.server.maxUploadBytes,
    });
    const principalB = await t.rt.tokens.authenticate(b.authorization);

    const fromB = slowIngest.accept(principalB, { product: 'contested', version: '1.0', part: 'main', validation: 'strict' }, sbom('from-team-b'));
    const settledB = fromB.then(
      (ok) => ({ ok }),
      (err: unknown) => ({ err: err as { status: number } }),
    );
    await teams.atGate; // B saw no product of that name and is on its way to create it
    const fromA = await t.app.inject({ method: 'POST', url: '/api/v1/sboms?product=contested&version=1.0', headers: a, payload: sbom('from-team-a') });
    expect(fromA.statusCode).toBe(202);
    teams.release();

    const outcome = await settledB;
    expect('err' in outcome ? outcome.err.status : 202).toBe(403);

    const product = (await t.app.inject({ method: 'GET', url: '/api/v1/products/contested', headers: a })).json<{ team: string; versions: unknown[] }>();
    expect(product.team).toBe('team-a');
    const version = await eventually(async () => {
      const v = (await t.app.inject({ method: 'GET', url: '/api/v1/products/contested/versions/1.0', headers: a })).json<{ parts: { uploadId: string }[] }>();
      return v.parts.length > 0 ? v : undefined;
    });
    expect(version.parts.map((p) => p.uploadId)).toEqual([fromA.json<{ id: string }>().id]);
    const comps = (await t.app.inject({ method: 'GET', url: '/api/v1/products/contested/versions/1.0/components', headers: a })).json<{
      items: { name: string }[];
    }>();
    expect(comps.items.map((c) => c.name)).toEqual(['from-team-a']);
  });
});
