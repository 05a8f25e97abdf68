import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KanshiConfig } from '../../config/index.ts';
import { QUEUE_GROUPS, type QueueGroup } from '../../jobs/index.ts';
import { openRuntime, type Runtime } from '../../runtime/index.ts';
import { serveMetrics } from '../../metrics/index.ts';
import { loadDemo } from '../demo.ts';

export interface StartCommandOptions {
  /** Load the example SBOMs and the bundled feed snapshot; implies `offline` unless `feedSync`. */
  demo: boolean;
  /** Run jobs in this process (false: API only, jobs in `kanshi worker` processes). */
  work: boolean;
  /** No scheduled network syncs: feeds come from `kanshi feeds sync --from-dir`. */
  offline: boolean;
  /** Schedule network syncs even in the demo. */
  feedSync: boolean;
}

/**
 * `kanshi start`: API, dashboard and job workers in one process (in-process jobs when no
 * REDIS_URL, BullMQ otherwise). `work: false` serves the API only, for a distributed
 * deployment whose jobs run in `kanshi worker` processes.
 */
export async function startCommand(config: KanshiConfig, opts: StartCommandOptions): Promise<void> {
  const rt = await openRuntime(config);
  const log = rt.deps.log;
  const app = await rt.buildHttp();
  if (opts.demo) rt.setStartupWork('loading the demo: importing the bundled feed snapshot and matching the example SBOMs');
  if (opts.work) await rt.startWorking({ networkSyncs: opts.feedSync || !(opts.demo || opts.offline) });
  const address = await app.listen({ port: config.port, host: config.server.host });
  log.info(
    { address, database: rt.database.kind, queue: rt.queue.kind, dataDir: rt.database.kind === 'pglite' ? config.dataDir : undefined },
    'kanshi started',
  );
  if (!config.adminToken) {
    log.warn(
      'no KANSHI_ADMIN_TOKEN set: to get a first token, restart with KANSHI_ADMIN_TOKEN=<a secret of 16+ characters>, ' +
        'or stop the daemon and run `kanshi token create --role admin` (embedded mode)',
    );
  }
  onShutdown(async () => {
    await app.close();
    await rt.close();
  }, log);
  // SIGHUP reads the policy file again; an invalid one is refused whole and the one in force stays.
  process.on('SIGHUP', () => {
    rt.cases.reloadPolicy().catch((err: unknown) => log.error({ err }, 'policy not reloaded'));
  });
  if (opts.demo) {
    await loadDemo(rt);
    rt.setStartupWork(null);
    log.info('demo loaded: findings are in (GET /api/v1/findings)');
  }
}

/**
 * `kanshi worker`: a BullMQ worker process; any number of them share the queues. `groups`
 * limits it to some queue groups, so each group can be scaled (and rate-limited) apart.
 */
export async function workerCommand(config: KanshiConfig, groups: readonly QueueGroup[] = QUEUE_GROUPS, metricsPort?: number): Promise<void> {
  if (!config.redisUrl) throw new Error('kanshi worker needs REDIS_URL (the embedded mode runs its jobs inside kanshi start)');
  const rt = await openRuntime(config, { migrate: false });
  await rt.startWorking({ groups });
  const metrics = metricsPort === undefined ? undefined : await serveMetrics(rt.metrics.registry, metricsPort, config.server.host);
  rt.deps.log.info({ database: rt.database.kind, queues: groups, metricsPort }, 'kanshi worker started');
  const heartbeat = workerHeartbeat(rt, path.join(config.dataDir, WORKER_HEARTBEAT_FILE));
  onShutdown(async () => {
    clearInterval(heartbeat);
    metrics?.close();
    await rt.close();
  }, rt.deps.log);
}

/** Touched while the worker's queue answers; a container healthcheck reads its age (docker-compose.yml). */
export const WORKER_HEARTBEAT_FILE = 'worker.heartbeat';
const HEARTBEAT_MS = 10_000;

function workerHeartbeat(rt: Runtime, file: string): NodeJS.Timeout {
  const beat = async (): Promise<void> => {
    try {
      await rt.queue.counts();
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, new Date().toISOString());
    } catch (err) {
      rt.deps.log.warn({ err }, 'worker heartbeat skipped: queue not answering');
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  timer.unref();
  return timer;
}

function onShutdown(close: () => Promise<void>, log: { info(o: object, m: string): void; error(o: object, m: string): void }): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
