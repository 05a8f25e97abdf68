import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDatabases } from '../support/databases.ts';
import { runKanshi as kanshi } from '../support/cli.ts';
import { ADMIN_TOKEN, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'kanshi-cli-'));
const file = (name: string, text: string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const good = file('good.cdx.json', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [{ type: 'library', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' }] }));
const bad = file('bad.json', '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"name": 1}]}');

/** The CLI as CI pipelines use it, against a real daemon listening on a port. */
describeDatabases('kanshi CLI against a server', (target) => {
  let t: TestRuntime;
  let server: string;
  let uploader: string;

  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process');
    server = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const created = await kanshi(['token', 'create', '--team', 'web', '--role', 'uploader', '--server', server, '--token', ADMIN_TOKEN]);
    expect(created.code).toBe(0);
    uploader = created.out.trim();
  });
  afterAll(async () => t?.close());

  it('sbom upload waits for processing, reports progress on stderr and exits 0', async () => {
    const r = await kanshi(['sbom', 'upload', good, '--product', 'cli-app', '--version', '1.0'], { KANSHI_SERVER: server, KANSHI_TOKEN: uploader });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/accepted: upload [0-9a-f-]+/);
    expect(r.err).toMatch(/status: processed/);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'processed', format: 'CycloneDX', components: 1 });
  });

  it.each([
    { name: 'an invalid SBOM', args: [bad], env: {}, code: 3, message: /400 INVALID_SBOM/ },
    { name: 'a refused token', args: [good], env: { KANSHI_TOKEN: 'kanshi_wrong' }, code: 4, message: /401/ },
    { name: 'a missing file', args: [path.join(dir, 'nope.json')], env: {}, code: 2, message: /cannot read/ },
    { name: 'an unreachable server', args: [good], env: { KANSHI_SERVER: 'http://127.0.0.1:9' }, code: 5, message: /cannot reach/ },
  ])('sbom upload exits $code for $name', async ({ args, env, code, message }) => {
    const r = await kanshi(['sbom', 'upload', ...args, '--product', 'cli-app', '--version', '2.0'], { KANSHI_SERVER: server, KANSHI_TOKEN: uploader, ...env });
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });

  it('where-used answers through the API', async () => {
    const r = await kanshi(['where-used', 'pkg:npm/lodash', '--server', server, '--token', uploader]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cli-app\s+1\.0\s+supported\s+lodash@4\.17\.20/);
    const json = JSON.parse((await kanshi(['where-used', 'lodash', '--json', '--server', server, '--token', uploader])).out);
    expect(json.results).toHaveLength(1);
  });
});

it('versions compare streams one answer per line', async () => {
  const r = await kanshi(['versions', 'compare', 'npm'], {}, '1.0.0\t1.0.0\n1.0.0-rc.1\t1.0.0\n2.0.1\t2.0.0\nnot a version\t1.0.0\n');
  expect(r.code).toBe(0);
  expect(r.out.split('\n').slice(0, 4)).toEqual(['=', '<', '>', expect.stringMatching(/^error: /)]);
});

it('refuses to start with a bad configuration and names the key', async () => {
  const r = await kanshi(['migrate'], { KANSHI_CONFIG: file('bad.yaml', 'server:\n  validation: maybe\n'), KANSHI_DATA_DIR: path.join(dir, 'data') });
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/server\.validation/);
});
