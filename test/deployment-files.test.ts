import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/index.ts';
import { runProcess } from './support/cli.ts';
import { repoRoot } from './support/fixtures.ts';

interface ComposeService {
  command?: string[];
  ports?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

/** docker-compose.yml as a first deployment uses it: it must come back after a reboot and say when a part is unhealthy. */
describe('docker-compose.yml and the configuration it mounts', () => {
  const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };

  it.each(Object.keys(compose.services))('%s restarts and has a healthcheck', (name) => {
    expect(compose.services[name]!.restart).toBe('unless-stopped');
    expect(compose.services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('the worker healthcheck reads the heartbeat file the worker writes', async () => {
    const { WORKER_HEARTBEAT_FILE } = await import('../src/cli/commands/start.command.ts');
    expect(compose.services.worker!.healthcheck!.test.join(' ')).toContain(`/data/${WORKER_HEARTBEAT_FILE}`);
  });

  it('the mounted configuration schedules no sync against a placeholder provider', () => {
    const mounted = compose.services.api!.volumes!.map((v) => v.split(':')[0]!).find((v) => v.endsWith('.yaml'))!;
    const config = loadConfig({ KANSHI_CONFIG: path.join(repoRoot, mounted) });
    const enabled = Object.entries(config.feeds).filter(([, f]) => f.enabled);
    expect(JSON.stringify(enabled)).not.toMatch(/example\.(com|org|net)/);
  });

  it('Prometheus scrapes the API port and the metrics port each worker is started with', () => {
    const scrape = parse(readFileSync(path.join(repoRoot, 'deploy/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] }[];
    };
    const job = (name: string) => scrape.scrape_configs.find((c) => c.job_name === name)!;
    const apiPort = compose.services.api!.ports![0]!.split(':')[1];
    expect(job('kanshi-api').static_configs![0]!.targets).toEqual([`api:${apiPort}`]);
    const worker = compose.services.worker!.command!;
    expect(job('kanshi-worker').dns_sd_configs![0]).toMatchObject({ names: ['worker'], port: Number(worker[worker.indexOf('--metrics-port') + 1]) });
  });
});

/**
 * The CI examples in sboms/ci/ gate on the upload with the CLI the daemon serves. Their upload
 * line is run as written (CI variables set, the downloaded file being the single-file build)
 * against a server that does not answer: exit 5 shows every flag was accepted (a usage error
 * would exit 2).
 */
describe.each(['github-actions.yml', 'gitlab-ci.yml'])('sboms/ci/%s', (name) => {
  const text = readFileSync(path.join(repoRoot, 'sboms/ci', name), 'utf8');
  const job = JSON.stringify(parse(text));
  // The upload command as the job's shell receives it: from `node kanshi.mjs` to the end of its line.
  const upload = /node kanshi\.mjs sbom upload .*$/m.exec(text)![0];

  it('downloads the CLI from the daemon and gates with --wait --fail-on high', () => {
    expect(job).toContain('curl -fsSL \\"$KANSHI_SERVER/cli/kanshi.mjs\\" -o kanshi.mjs');
    expect(upload).toMatch(/ --wait --fail-on high\b/);
    expect(text).not.toMatch(/npx kanshi/);
  });

  it('runs as written with the single-file CLI', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'kanshi-ci-example-'));
    writeFileSync(path.join(cwd, 'sbom.cdx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [] }));
    const line = upload.replace(/\$\{\{[^}]*\}\}/g, 'demo').replace('node kanshi.mjs', `node ${JSON.stringify(path.join(repoRoot, 'dist/cli/kanshi.mjs'))}`);
    const r = await runProcess('sh', ['-c', `cd ${JSON.stringify(cwd)} && ${line}`], {
      KANSHI_SERVER: 'http://127.0.0.1:9',
      KANSHI_TOKEN: 'kanshi_example',
      GITHUB_REF_NAME: 'v1.2.3',
      CI_PROJECT_NAME: 'demo',
      CI_COMMIT_TAG: 'v1.2.3',
    });
    expect(r.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    expect(r.code).toBe(5);
  });
});
