import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { loadConfig } from './config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'kanshi-config-'));
const yamlFile = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

const problems = (env: NodeJS.ProcessEnv): { path: string; message: string }[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof AppError) return e.details;
    throw e;
  }
  throw new Error('configuration was accepted');
};

describe('loadConfig', () => {
  it('defaults to the embedded mode on port 8080 with data under ./data', () => {
    const c = loadConfig({ KANSHI_CONFIG: yamlFile('empty.yaml', '') });
    expect(c).toMatchObject({ port: 8080, databaseUrl: undefined, redisUrl: undefined, dataDir: path.resolve('data') });
    expect(c.server).toMatchObject({ maxUploadBytes: 50 * 1024 * 1024, validation: 'strict' });
    expect(c.feeds.nvd.enabled).toBe(true);
  });

  it.each([
    ['2h', 7_200_000],
    ['90s', 90_000],
    ['1d', 86_400_000],
  ])('reads interval %s as %d ms', (text, ms) => {
    const c = loadConfig({ KANSHI_CONFIG: yamlFile(`i-${text}.yaml`, `feeds:\n  nvd:\n    interval: ${text}\n`) });
    expect(c.feeds.nvd.interval).toBe(ms);
  });

  it.each([
    { name: 'a bad port', env: { KANSHI_PORT: 'eighty' }, path: 'KANSHI_PORT' },
    { name: 'a DATABASE_URL that is not postgres', env: { DATABASE_URL: 'mysql://x' }, path: 'DATABASE_URL' },
    { name: 'a short admin token', env: { KANSHI_ADMIN_TOKEN: 'short' }, path: 'KANSHI_ADMIN_TOKEN' },
  ])('names the key for $name', ({ env, path: key }) => {
    expect(problems({ ...env, KANSHI_CONFIG: yamlFile('ok.yaml', '') }).map((p) => p.path)).toContain(key);
  });

  it.each([
    { yaml: 'server:\n  maxUploadByte: 10\n', path: 'server', message: /unknown key maxUploadByte/ },
    { yaml: 'feeds:\n  nvd:\n    interval: often\n', path: 'feeds.nvd.interval', message: /duration/ },
    { yaml: 'teams:\n  - id: Web Team\n    name: x\n', path: 'teams.0.id', message: /lower-case/ },
    { yaml: 'server:\n  validation: lenient\n', path: 'server.validation', message: /strict|warn/ },
  ])('rejects $path in kanshi.yaml with the reason', ({ yaml, path: key, message }) => {
    const file = yamlFile(`bad-${key}.yaml`, yaml);
    const found = problems({ KANSHI_CONFIG: file }).find((p) => p.path === `${file}.${key}`);
    expect(found?.message).toMatch(message);
  });

  it('lists every bad key at once, from the environment and the file', () => {
    const file = yamlFile('two.yaml', 'server:\n  logLevel: loud\nbogus: 1\n');
    const paths = problems({ KANSHI_PORT: '-1', KANSHI_CONFIG: file }).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['KANSHI_PORT', `${file}.server.logLevel`, file]));
  });

  it('points at the line of a duplicate key', () => {
    const file = yamlFile('dup.yaml', 'server:\n  validation: warn\n  validation: strict\n');
    expect(problems({ KANSHI_CONFIG: file })[0]).toEqual({ path: `${file}: line 3`, message: 'Map keys must be unique' });
  });

  it('reads a map of 20,000 keys in linear time (the yaml package compares every pair: 40 s for 30,000)', () => {
    const file = yamlFile('many-keys.yaml', `x:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: 1`).join('\n')}\n`);
    const started = performance.now();
    expect(problems({ KANSHI_CONFIG: file })[0]).toMatchObject({ path: file, message: 'unknown key x' });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('reports the first of thousands of errors on one long line in linear time (quoting the line in each took 10 s)', () => {
    const file = yamlFile('long-line.yaml', `x: [${'['.repeat(2_000)}${']'.repeat(60_000)}\n`);
    const started = performance.now();
    expect(problems({ KANSHI_CONFIG: file })[0]).toMatchObject({ path: `${file}: line 1` });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('refuses a file past 256 KiB before parsing it', () => {
    const file = yamlFile('huge.yaml', `# ${'x'.repeat(300 * 1024)}\n`);
    expect(problems({ KANSHI_CONFIG: file })[0]).toEqual({ path: `${file}: huge.yaml`, message: 'larger than 262144 bytes' });
  });

  it('points at the line of a YAML syntax error', () => {
    const file = yamlFile('syntax.yaml', 'server:\n  host: [unclosed\n');
    expect(problems({ KANSHI_CONFIG: file })[0]!.path).toMatch(/line \d+/);
  });
});
