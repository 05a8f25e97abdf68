import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** `90s`, `30m`, `2h`, `1d` → milliseconds. */
export const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 90s, 30m, 2h or 1d')
  .transform((s) => {
    const n = Number.parseInt(s, 10);
    const unit = s.replace(/^\d+/, '') as 'ms' | 's' | 'm' | 'h' | 'd';
    return n * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  });

const feedSchedule = {
  enabled: z.boolean().default(true),
  /** Poll interval; each source has its own default. */
  interval: duration.optional(),
};

const teamSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  email: z.string().email().optional(),
});

/** kanshi.yaml. Unknown keys are rejected so a typo never silently does nothing. */
export const fileConfigSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().default('0.0.0.0'),
      /** Largest SBOM accepted, after decompression. */
      maxUploadBytes: z
        .number()
        .int()
        .positive()
        .default(50 * 1024 * 1024),
      /** Default validation of uploads; `warn` ingests what parses and lists every violation. */
      validation: z.enum(['strict', 'warn']).default('strict'),
      /**
       * Threads that parse and schema-check SBOMs (JSON and tag-value) off the event loop, in
       * the API and in workers; 0 does it on the event loop. Default: one per core but one, 1 to 4.
       */
      parseThreads: z
        .number()
        .int()
        .min(0)
        .max(64)
        .default(() => Math.max(1, Math.min(4, availableParallelism() - 1))),
      logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  teams: z.array(teamSchema).default([]),
  /** Who the vendor is: `name` is the product developer (製品開発者) in JVN vendor status reports. */
  vendor: z.strictObject({ name: z.string().min(1).max(200) }).optional(),
  /**
   * The priority policy: `{file: path}` for a file of its own, or the policy itself inline. It is
   * validated (with line and column) when the daemon starts; absent, the default policy applies.
   */
  policy: z.union([z.strictObject({ file: z.string().min(1) }), z.looseObject({})]).optional(),
  tokens: z
    .strictObject({
      /** Lifetime of a non-admin token created without `expiresIn`. */
      defaultTtl: duration.default(90 * 86_400_000),
      /** Longest lifetime any token may be given. */
      maxTtl: duration.default(365 * 86_400_000),
    })
    .prefault({}),
  rateLimit: z
    .strictObject({
      /** Failed authentications per client address and window; beyond them every request of that client gets 429. */
      authFailures: z.strictObject({ max: z.number().int().positive().default(20), window: duration.default(60_000) }).prefault({}),
      /** SBOM uploads per token and window. */
      uploads: z.strictObject({ max: z.number().int().positive().default(300), window: duration.default(60_000) }).prefault({}),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /** Archive (keep, stop matching) supported versions older than this, unless among the newest `keepLatest`. */
      archiveAfter: duration.optional(),
      keepLatest: z.number().int().nonnegative().default(3),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      /** Jobs one worker process runs at once per queue. */
      concurrency: z.number().int().positive().max(64).default(2),
      attempts: z.number().int().positive().max(50).default(5),
      /**
       * BullMQ job lock lifetime and stalled-job check interval: a worker that dies (SIGKILL)
       * has its job picked up by another within about their sum.
       */
      lockDuration: duration.default(30_000),
      stalledInterval: duration.default(30_000),
      /** Redis key prefix of the queues, so deployments can share one Redis. */
      queuePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .default('kanshi'),
    })
    .prefault({}),
  matching: z
    .strictObject({
      /** Also use CPE entries for components whose purl ecosystem OSV covers (adds noise; off by default). */
      cpeForPackageEcosystems: z.boolean().default(false),
      /** The name-only heuristic, confidence `low` (off by default). */
      nameOnly: z.boolean().default(false),
    })
    .prefault({}),
  http: z
    .strictObject({
      /** Allow feed and webhook URLs that resolve to loopback or private addresses (tests, air-gapped mirrors). */
      allowPrivateNetworks: z.boolean().default(false),
      timeout: duration.default(60_000),
      maxResponseBytes: z
        .number()
        .int()
        .positive()
        .default(512 * 1024 * 1024),
    })
    .prefault({}),
  /** The CSAF documents Kanshi writes (VEX of a product version, advisory drafts of cases). */
  csaf: z
    .strictObject({
      /** `document.publisher` (category `vendor`): the PSIRT's name and a URL of its own, which tells its tracking ids from others'. */
      publisher: z
        .strictObject({
          name: z.string().min(1).max(200).default('Product Security Incident Response Team'),
          namespace: z.url({ protocol: /^https?$/ }).default('https://psirt.invalid'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Alerts: where e-mail goes out, how webhooks are retried, which private targets are allowed. */
  alerts: z
    .strictObject({
      /** Base URL of this Kanshi for the links in alerts (`<publicUrl>/cases/<id>`). */
      publicUrl: z.url().default('http://localhost:8080'),
      smtp: z
        .strictObject({
          host: z.string().min(1),
          port: z.number().int().min(1).max(65535).default(587),
          /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when offered, required with `requireTls`. */
          secure: z.boolean().default(false),
          requireTls: z.boolean().default(true),
          auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
          from: z.string().min(3),
          /** Refuse servers whose certificate does not verify (tests with a self-signed one turn it off). */
          rejectUnauthorized: z.boolean().default(true),
        })
        .optional(),
      /** Webhook signing secrets the policy file refers to by name (`channel.secretRef`), so the policy text holds none. */
      secrets: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), z.string().min(1)).default({}),
      /**
       * Private, loopback or link-local networks (CIDR, e.g. `10.20.0.0/16`, `127.0.0.1/32`) that
       * webhook and SMTP targets may reach; every other non-public address is refused.
       */
      allowNetworks: z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'a CIDR such as 10.0.0.0/8')).default([]),
      /** Attempts per delivery before it goes to the dead letter. */
      attempts: z.number().int().positive().max(100).default(10),
      /** First retry delay, doubled per attempt with jitter; a `Retry-After` answer overrides it. */
      retryBase: duration.default(5_000),
      retryMax: duration.default(3_600_000),
      timeout: duration.default(10_000),
      /** One planner batch raising `case.opened` for this many products of one vulnerability goes to each subscription as one list. */
      burstThreshold: z.number().int().min(2).default(10),
      /** Daily digests go out at this local hour of the recipient. */
      dailyDigestHour: z.number().int().min(0).max(23).default(9),
      /** A feed failing (no success) for longer than this raises `feed.failing` to the PSIRT's subscriptions. */
      feedFailingAfter: duration.default(6 * 3_600_000),
      /** How often due deliveries (retries, digests, anything left by a crash) are looked for. */
      sweepInterval: duration.default(30_000),
    })
    .prefault({}),
  feeds: z
    .strictObject({
      nvd: z.strictObject({ ...feedSchedule, apiKey: z.string().min(1).optional(), baseUrl: z.url().optional() }).prefault({}),
      osv: z
        .strictObject({
          ...feedSchedule,
          /** OSV ecosystems to mirror; default: the ecosystems present in the inventory. */
          ecosystems: z.array(z.string().min(1)).optional(),
          baseUrl: z.url().optional(),
        })
        .prefault({}),
      jvn: z.strictObject({ ...feedSchedule, baseUrl: z.url().optional(), feedBaseUrl: z.url().optional() }).prefault({}),
      csaf: z
        .strictObject({
          ...feedSchedule,
          providers: z
            .array(
              z.strictObject({
                /** A provider-metadata.json URL, or a domain (then its /.well-known/csaf/ path). */
                url: z.string().min(1),
                allowedTlp: z.array(z.enum(['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'])).default(['CLEAR', 'WHITE']),
              }),
            )
            .default([]),
        })
        .prefault({}),
      kev: z.strictObject({ ...feedSchedule, url: z.url().optional() }).prefault({}),
      epss: z.strictObject({ ...feedSchedule, url: z.url().optional() }).prefault({}),
    })
    .prefault({}),
});

export type FileConfig = z.infer<typeof fileConfigSchema>;

/** The environment variables Kanshi reads (DESIGN.md "Environment"). */
export const envSchema = z.object({
  KANSHI_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KANSHI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL')
    .optional(),
  KANSHI_CONFIG: z.string().min(1).optional(),
  KANSHI_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  KANSHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});
