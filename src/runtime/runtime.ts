import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { buildApp, healthRoutes } from '../api/index.ts';
import type { KanshiConfig } from '../config/index.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { packageVersion } from '../core/package-root.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { createFeedsModule, type FeedsModule } from '../../feeds/index.ts';
import { createAlertsModule, type AlertsModule } from '../alerts/index.ts';
import { createCasesModule, createExportsModule, platformsOf, type CasesModule } from '../cases/index.ts';
import { createEventsModule, EventRelay, type EventConsumer, type EventStreamConsumer } from '../events/index.ts';
import { createInventoryModule, inventoryStats, type InventoryModule } from '../inventory/index.ts';
import { createMatchingModule, rekeyFindings, type MatchingModule } from '../matching/index.ts';
import { createJobQueue, InProcessQueue, type JobHandlers, type JobQueue, type QueueGroup } from '../jobs/index.ts';
import { requestAudit, TeamsRepo, TokensService, teamsRoutes } from '../teams/index.ts';
import { caseCounts, createKpisModule, type KpisModule } from '../kpis/index.ts';
import { createMetrics, metricsRoutes, registerStateGauges, type Metrics } from '../metrics/index.ts';
import { cliDownloadRoutes, dashboardRoutes } from '../web/index.ts';
import type { KanshiModule, RuntimeDeps, StartOptions } from '../modules/index.ts';
import { checkPostgres, checkRedis } from './preflight.ts';

export interface Runtime {
  deps: RuntimeDeps;
  database: Database;
  queue: JobQueue;
  inventory: InventoryModule;
  feeds: FeedsModule;
  matching: MatchingModule;
  cases: CasesModule;
  kpis: KpisModule;
  alerts: AlertsModule;
  teams: TeamsRepo;
  tokens: TokensService;
  modules: KanshiModule[];
  /** This process's Prometheus registry and instruments. */
  metrics: Metrics;
  /** The HTTP application (not listening). */
  buildHttp(): Promise<FastifyInstance>;
  /** Run jobs (of `groups`, default all) in this process and start every module's schedules and recovery. */
  startWorking(options?: Partial<StartOptions> & { groups?: readonly QueueGroup[] }): Promise<void>;
  /**
   * Startup work `/readyz` waits for (the demo's bundled data): while a note is set, readiness
   * answers 503 with it; null when there is none.
   */
  setStartupWork(note: string | null): void;
  /**
   * For one-shot commands: runs `fn`, and with the in-process queue also the jobs it enqueues
   * (reverse matching after a feed import), returning once they are done. With BullMQ the jobs
   * are left to the workers.
   */
  withJobs<T>(fn: () => Promise<T>): Promise<T>;
  /** Cancels long waits (feed retries), then the queue (running jobs finish), then the database. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  log?: Logger;
  clock?: Clock;
  /** Apply migrations on open (daemon, tests); `kanshi worker` leaves it to `kanshi migrate` or the API process. */
  migrate?: boolean;
  /** An open database to use instead of the configured one (tests); the caller closes it. */
  database?: Database;
}

/** The composition root: builds the database, queue, logger, clock and modules once. */
export async function openRuntime(config: KanshiConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? createLogger({ level: config.server.logLevel });
  const clock = options.clock ?? systemClock;
  // Unreachable services fail the start at once, with what to do, before anything is opened.
  if (!options.database && config.databaseUrl) await checkPostgres(config.databaseUrl);
  if (config.redisUrl) await checkRedis(config.redisUrl);
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: log.child({ component: 'db' }) }));
  if (options.migrate ?? true) await database.migrate();
  const metrics = createMetrics();
  const queue = createJobQueue(log.child({ component: 'jobs' }), {
    redisUrl: config.redisUrl,
    concurrency: config.jobs.concurrency,
    attempts: config.jobs.attempts,
    lockDurationMs: config.jobs.lockDuration,
    stalledIntervalMs: config.jobs.stalledInterval,
    prefix: config.jobs.queuePrefix,
    observer: metrics.observeJob,
  });
  // Consumers register once the modules exist; the relay reads the list when it runs.
  const consumers: EventConsumer[] = [];
  const streams: EventStreamConsumer[] = [];
  const relay = new EventRelay({ db: database.db, queue, log: log.child({ module: 'events' }) }, consumers, streams);
  const shutdown = new AbortController();
  const deps: RuntimeDeps = { config, log, db: database.db, dbKind: database.kind, queue, clock, events: relay, shutdown: shutdown.signal };

  const teams = new TeamsRepo(database.db);
  const tokens = new TokensService(teams, clock, { defaultTtlMs: config.tokens.defaultTtl, maxTtlMs: config.tokens.maxTtl });
  await teams.upsertTeams(config.teams);
  if (config.adminToken) await tokens.bootstrapAdmin(config.adminToken);

  const inventory = createInventoryModule(deps);
  const feeds = createFeedsModule({ ...deps, onAbsorbed: rekeyFindings });
  // Cases come first: matching reads the platforms the policy declares per product, and a
  // policy change asks matching to settle them again.
  const cases = await createCasesModule(deps, { policyChanged: () => matching.policyChanged() });
  const matching = createMatchingModule({
    ...deps,
    options: config.matching,
    declaredPlatforms: async () => {
      const { policy } = await cases.policy.current();
      return (product) => platformsOf(policy, product);
    },
  });
  const alerts = createAlertsModule(deps, cases.policy);
  const kpis = createKpisModule(deps, cases);
  const modules: KanshiModule[] = [
    createEventsModule(deps, relay),
    inventory,
    feeds,
    matching,
    cases,
    kpis,
    createExportsModule(deps),
    alerts,
    { name: 'teams', routes: teamsRoutes({ repo: teams, tokens }) },
  ];
  consumers.push(...modules.flatMap((m) => m.eventConsumers ?? []));
  streams.push(...modules.flatMap((m) => m.eventStreams ?? []));

  const handlers: JobHandlers = Object.assign({}, ...modules.map((m) => m.jobHandlers ?? {}));
  let startupWork: string | null = null;
  let gaugesRegistered = false;

  return {
    deps,
    database,
    queue,
    inventory,
    feeds,
    matching,
    cases,
    kpis,
    alerts,
    teams,
    tokens,
    modules,
    metrics,
    async buildHttp() {
      // Rate-limit counters shared by every API process of a distributed deployment.
      const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
      redis?.on('error', (err) => log.warn({ err }, 'rate-limit store unreachable'));
      const app = await buildApp({
        log,
        authenticate: (h) => tokens.authenticate(h),
        apiRoutes: modules.flatMap((m) => (m.routes ? [m.routes] : [])),
        publicRoutes: [
          healthRoutes({
            database: async () => void (await database.db.execute(sql`select 1`)),
            queue: async () => void (await queue.counts()),
            startupWork: () => startupWork,
          }),
          metricsRoutes(metrics.registry),
          dashboardRoutes,
          cliDownloadRoutes,
        ],
        // Gzip bodies are inflated by the parser under its own cap; the raw body cap is the same figure.
        bodyLimit: config.server.maxUploadBytes,
        authFailureLimit: { max: config.rateLimit.authFailures.max, windowMs: config.rateLimit.authFailures.window },
        ...(redis ? { rateLimitStore: { redis, prefix: `${config.jobs.queuePrefix}:rate-limit:` } } : {}),
        afterResponse: requestAudit(teams),
        observeResponse: metrics.observeRequest,
        version: packageVersion(),
      });
      if (redis) app.addHook('onClose', async () => void (await redis.quit()));
      // The stored state is the same for every process: the API reports it, workers do not.
      if (!gaugesRegistered)
        registerStateGauges(metrics.registry, {
          inventory: () => inventoryStats(database.db),
          feeds: () => feeds.status(),
          queues: () => queue.counts(),
          cases: () => caseCounts(database.db),
          deliveries: () => alerts.deliveryCounts(),
        });
      gaugesRegistered = true;
      return app;
    },
    async startWorking(options = {}) {
      // Schema validators compile once here rather than inside the first upload's request; on
      // the parse threads, so the process does not wait for them.
      inventory.warmUp().catch((err: unknown) => log.warn({ err }, 'SBOM validators not compiled ahead'));
      await queue.work(handlers, options.groups);
      for (const m of modules) await m.start?.({ networkSyncs: options.networkSyncs ?? true });
    },
    setStartupWork(note) {
      startupWork = note;
    },
    async withJobs(fn) {
      if (!(queue instanceof InProcessQueue)) return fn();
      await queue.work(handlers);
      const result = await fn();
      await queue.idle();
      return result;
    },
    async close() {
      shutdown.abort(new Error('shutting down'));
      await queue.close();
      await inventory.close();
      if (!options.database) await database.close();
    },
  };
}
