import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/index.ts';
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
