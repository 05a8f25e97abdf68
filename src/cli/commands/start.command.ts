import type { KanshiConfig } from '../../config/index.ts';
import { QUEUE_GROUPS, type QueueGroup } from '../../jobs/index.ts';
import { openRuntime } from '../../runtime/index.ts';
import { loadDemo } from '../demo.ts';

/**
 * `kanshi start`: API, dashboard and job workers in one process (in-process jobs when no
 * REDIS_URL, BullMQ otherwise). `work: false` serves the API only, for a distributed
 * deployment whose jobs run in `kanshi worker` processes.
 */
export async function startCommand(config: KanshiConfig, opts: { demo: boolean; work: boolean }): Promise<void> {
  const rt = await openRuntime(config);
  const log = rt.deps.log;
  const app = await rt.buildHttp();
  if (opts.work) await rt.startWorking();
  await app.listen({ port: config.port, host: config.server.host });
  log.info(
    { port: config.port, database: rt.database.kind, queue: rt.queue.kind, dataDir: rt.database.kind === 'pglite' ? config.dataDir : undefined },
    'kanshi started',
  );
  if (opts.demo) await loadDemo(rt);
  onShutdown(async () => {
    await app.close();
    await rt.close();
  }, log);
}

/**
 * `kanshi worker`: a BullMQ worker process; any number of them share the queues. `groups`
 * limits it to some queue groups, so each group can be scaled (and rate-limited) apart.
 */
export async function workerCommand(config: KanshiConfig, groups: readonly QueueGroup[] = QUEUE_GROUPS): Promise<void> {
  if (!config.redisUrl) throw new Error('kanshi worker needs REDIS_URL (the embedded mode runs its jobs inside kanshi start)');
  const rt = await openRuntime(config, { migrate: false });
  await rt.startWorking(groups);
  rt.deps.log.info({ database: rt.database.kind, queues: groups }, 'kanshi worker started');
  onShutdown(() => rt.close(), rt.deps.log);
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
