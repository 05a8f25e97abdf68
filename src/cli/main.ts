import { Option, type Command } from 'commander';
import type { KanshiConfig } from '../config/index.ts';
import { AppError } from '../core/errors.ts';
import { packageVersion } from '../core/package-root.ts';
import type { QueueGroup } from '../jobs/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { serverOptions, serverTarget } from './api-client.ts';
import { positiveInt, serverFlags } from './cli-options.ts';
import { newProgram, runCli } from './run-cli.ts';
import { addSbomCommands } from './sbom.cli.ts';

// Command modules are imported when their command runs: `kanshi --help` and a CI upload must not
// load the daemon (database drivers, Fastify, every feed adapter) only to exit.

const loadConfig = async (): Promise<KanshiConfig> => (await import('../config/index.ts')).loadConfig();

/** A runtime for one-shot commands: quiet, no job workers, closed afterwards. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = await loadConfig();
  const [{ openRuntime }, { silentLogger }] = await Promise.all([import('../runtime/index.ts'), import('../core/logger.ts')]);
  const rt = await openRuntime(config, { log: silentLogger() });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function buildCli(): Command {
  const program = newProgram('Supply-chain monitoring for product PSIRTs: SBOM inventory, vulnerability feeds, matching, cases.', packageVersion());
  program
    .command('start')
    .description('run the daemon: API, dashboard and job workers')
    .option('--demo', 'load the example SBOMs under sboms/ and the bundled feed snapshot (no network syncs unless --feed-sync)')
    .option('--offline', 'schedule no network feed syncs (import dumps with kanshi feeds sync --from-dir)')
    .option('--feed-sync', 'schedule network feed syncs in the demo too')
    .option('--no-work', 'serve the API only; jobs run in `kanshi worker` processes')
    .action(async (o: { demo?: boolean; offline?: boolean; feedSync?: boolean; work: boolean }) => {
      const { startCommand } = await import('./commands/start.command.ts');
      await startCommand(await loadConfig(), { demo: Boolean(o.demo), offline: Boolean(o.offline), feedSync: Boolean(o.feedSync), work: o.work });
    });

  program
    .command('worker')
    .description('run a BullMQ worker process (needs REDIS_URL)')
    .option('--queues <groups>', 'comma-separated queue groups to work on (ingest, feeds, matching, inventory, events, cases, delivery); default: all')
    .option('--metrics-port <port>', "serve this worker's Prometheus metrics (job and match timings) on this port", positiveInt)
    .action(async (o: { queues?: string; metricsPort?: number }) => {
      const [{ workerCommand }, { QUEUE_GROUPS }] = await Promise.all([import('./commands/start.command.ts'), import('../jobs/index.ts')]);
      const groups = o.queues?.split(',').map((n) => n.trim());
      const unknown = (groups ?? []).filter((n) => !(QUEUE_GROUPS as readonly string[]).includes(n));
      if (unknown.length > 0) throw new AppError('USAGE', `unknown queue group ${unknown.join(', ')}; the groups are ${QUEUE_GROUPS.join(', ')}`);
      await workerCommand(await loadConfig(), groups as QueueGroup[] | undefined, o.metricsPort);
    });

  program
    .command('migrate')
    .description('apply database migrations')
    .action(async () => {
      await withRuntime(async (rt) => void process.stdout.write(`migrations applied (${rt.database.kind})\n`));
    });

  addSbomCommands(program);

  program
    .command('policy')
    .description('the priority policy')
    .command('check <file>')
    .description('validate a policy file (or the policy section of a kanshi.yaml): every problem with its line and column; exit 1 when invalid')
    .action(async (file: string) => {
      const { policyCheckCommand } = await import('./commands/policy-check.command.ts');
      process.exitCode = await policyCheckCommand(file, process.stdout, process.stderr);
    });

  const token = program.command('token').description('API tokens');
  serverFlags(
    token
      .command('create')
      .description('create an API token and print it once')
      .option('--team <team>', 'owning team (required except for admin); must exist unless --create-team')
      .option('--create-team', 'create the team when it does not exist yet')
      .requiredOption('--role <role>', 'admin, psirt, member or uploader')
      .option('--label <label>', 'what the token is for')
      .option('--expires-in <duration>', 'lifetime such as 30d (default: tokens.defaultTtl for non-admin tokens)'),
  ).action(async (o: { team?: string; createTeam?: boolean; role: string; label?: string; expiresIn?: string; server?: string; token?: string }) => {
    const { tokenCreateCommand } = await import('./commands/token-create.command.ts');
    const args = { team: o.team, createTeam: Boolean(o.createTeam), role: o.role, label: o.label, expiresIn: o.expiresIn };
    const server = serverTarget(o);
    if (server) await tokenCreateCommand(args, { server }, process.stdout);
    else await withRuntime((runtime) => tokenCreateCommand(args, { runtime }, process.stdout));
  });

  const manage = () => import('./commands/token-manage.command.ts');
  serverFlags(token.command('list').description('every API token with its state, never a secret (admin)').option('--json', 'JSON output')).action(
    async (o: { json?: boolean; server?: string; token?: string }) =>
      (await manage()).tokenListCommand({ json: Boolean(o.json) }, serverOptions(o), process.stdout),
  );
  serverFlags(token.command('revoke <id>').description('revoke a token at once (admin, or the token itself)')).action(
    async (id: string, o: { server?: string; token?: string }) => (await manage()).tokenRevokeCommand(id, serverOptions(o), process.stdout),
  );
  serverFlags(token.command('rotate <id>').description('print a new secret for the token once; the old one is revoked (admin, or the token itself)')).action(
    async (id: string, o: { server?: string; token?: string }) => (await manage()).tokenRotateCommand(id, serverOptions(o), process.stdout),
  );

  const cases = program.command('cases').description('triage cases (through the daemon named by --server or KANSHI_SERVER)');
  const format = () => new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table');
  const yesNo = (flag: string, what: string) => new Option(`--${flag} <yes-no>`, what).choices(['true', 'false']);
  serverFlags(
    cases
      .command('list')
      .description(`cases the token may see, the most urgent due date first (open ones unless --state says otherwise), 50 a page`)
      .option('--team <team>', 'owning team')
      .option('--product <product>', 'product name')
      .addOption(new Option('--priority <priority>', 'priority').choices(['P1', 'P2', 'P3', 'P4']))
      .addOption(
        new Option('--state <state>', 'workflow state').choices([
          'new',
          'triage',
          'affected',
          'not_affected',
          'fix_planned',
          'fixed',
          'risk_accepted',
          'closed',
        ]),
      )
      .addOption(new Option('--sla <status>', 'SLA status').choices(['on-track', 'near-breach', 'breached']))
      .addOption(yesNo('embargoed', 'only embargoed cases (true) or only others (false)'))
      .addOption(yesNo('kev', 'only known exploited vulnerabilities (true) or only others (false)'))
      .option('--page <n>', 'page number', positiveInt, 1)
      .addOption(format()),
  ).action(async (o: Record<string, string | number | undefined> & { page: number; format: 'table' | 'json'; server?: string; token?: string }) => {
    const { casesListCommand } = await import('./commands/cases.command.ts');
    const flag = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === 'true');
    process.exitCode = await casesListCommand(
      {
        team: o.team as string | undefined,
        product: o.product as string | undefined,
        priority: o.priority as string | undefined,
        state: o.state as string | undefined,
        sla: o.sla as string | undefined,
        embargoed: flag(o.embargoed),
        kev: flag(o.kev),
        page: o.page,
        format: o.format,
      },
      serverOptions(o),
      process.stdout,
    );
  });
  serverFlags(
    cases.command('show <id>').description('a case: its SLA clocks, the versions and components of its findings, and its audit trail').addOption(format()),
  ).action(async (id: string, o: { format: 'table' | 'json'; server?: string; token?: string }) => {
    const { casesShowCommand } = await import('./commands/cases.command.ts');
    process.exitCode = await casesShowCommand(positiveInt(id), { format: o.format }, serverOptions(o), process.stdout);
  });

  serverFlags(
    program
      .command('where-used <query>')
      .description('which products and versions ship a purl (with or without version), a CPE (vendor and product at least), or a component name')
      .option('--json', 'JSON output'),
  ).action(async (query: string, o: { json?: boolean; server?: string; token?: string }) => {
    const { whereUsedCommand } = await import('./commands/where-used.command.ts');
    const opts = { json: Boolean(o.json) };
    const server = serverTarget(o);
    process.exitCode = server
      ? await whereUsedCommand(query, opts, { server }, process.stdout)
      : await withRuntime((runtime) => whereUsedCommand(query, opts, { runtime }, process.stdout));
  });

  const feeds = program.command('feeds').description('vulnerability feeds');
  serverFlags(
    feeds
      .command('sync')
      .description('one sync now, from the network or from a local dump (exit 1 when a source failed or could not run)')
      .option('--source <source>', 'nvd, osv, jvn, csaf, kev or epss (default: every enabled source; with --from-dir, every source the dump holds)')
      .option('--from-dir <dir>', 'import a local feed dump instead of the network (enabled or not in kanshi.yaml)')
      .option('--lease-wait <seconds>', 'how long to wait for a sync of the same source running elsewhere', positiveInt, 600),
  ).action(async (o: { source?: string; fromDir?: string; leaseWait: number; server?: string; token?: string }) => {
    const { feedsSyncCommand, feedsRequestSyncCommand } = await import('./commands/feeds.command.ts');
    const server = serverTarget(o);
    const opts = { source: o.source, fromDir: o.fromDir, leaseWaitMs: o.leaseWait * 1000 };
    process.exitCode = server
      ? await feedsRequestSyncCommand(server, opts, process.stdout)
      : await withRuntime((rt) => rt.withJobs(() => feedsSyncCommand(rt.feeds, opts, process.stdout, process.stderr)));
  });
  serverFlags(feeds.command('status').description('per source: last success, last error, records, lag')).action(
    async (o: { server?: string; token?: string }) => {
      const { feedsStatusCommand, remoteFeeds } = await import('./commands/feeds.command.ts');
      const server = serverTarget(o);
      process.exitCode = server
        ? await feedsStatusCommand(remoteFeeds(server), process.stdout)
        : await withRuntime((rt) => feedsStatusCommand(rt.feeds, process.stdout));
    },
  );
  serverFlags(
    feeds
      .command('quarantine')
      .description('records a sync could not read or normalise, newest first, with the reason')
      .option('--source <source>', 'one source only')
      .option('--limit <n>', 'at most this many', positiveInt, 100)
      .option('--json', 'JSON output'),
  ).action(async (o: { source?: string; limit: number; json?: boolean; server?: string; token?: string }) => {
    const { feedsQuarantineCommand, remoteFeeds } = await import('./commands/feeds.command.ts');
    const server = serverTarget(o);
    const opts = { source: o.source, limit: o.limit, json: Boolean(o.json) };
    process.exitCode = server
      ? await feedsQuarantineCommand(remoteFeeds(server), opts, process.stdout)
      : await withRuntime((rt) => feedsQuarantineCommand(rt.feeds, opts, process.stdout));
  });

  program
    .command('scan <sbom>')
    .description('offline one-shot scan of an SBOM against a feed dump (exit codes: see README)')
    .requiredOption('--feeds-dir <dir>', 'feed dump folder (nvd/, osv/, jvn/, csaf/, kev/, epss/)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'cyclonedx-vex', 'sarif']).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['critical', 'high', 'medium', 'low']))
    .addOption(
      new Option('--unknown-as <severity>', 'how --fail-on ranks a finding no record gives a severity; ignore: never counts')
        .choices(['critical', 'high', 'medium', 'low', 'ignore'])
        .default('critical'),
    )
    .addOption(new Option('--validation <mode>', 'SBOM schema validation, as the daemon applies it').choices(['strict', 'warn']).default('strict'))
    .action(
      async (sbomFile: string, o: { feedsDir: string; format: ScanFormat; failOn?: FailOn; unknownAs: FailOn | 'ignore'; validation: 'strict' | 'warn' }) => {
        const { scanCommand } = await import('./commands/scan.command.ts');
        process.exitCode = await scanCommand(
          {
            sbom: sbomFile,
            feedsDir: o.feedsDir,
            format: o.format,
            unknownAs: o.unknownAs,
            validation: o.validation,
            ...(o.failOn ? { failOn: o.failOn } : {}),
          },
          process.stdout,
          process.stderr,
        );
      },
    );

  program
    .command('versions')
    .description('version arithmetic')
    .command('compare <ecosystem>')
    .description('read `a<TAB>b` lines on stdin, print <, =, > or `error: …` per line')
    .action(async (ecosystem: string) => {
      const { compareVersionLines } = await import('./commands/versions-compare.command.ts');
      process.exitCode = await compareVersionLines(ecosystem, process.stdin, process.stdout);
    });

  return program;
}

type ScanFormat = 'table' | 'json' | 'cyclonedx-vex' | 'sarif';
type FailOn = 'critical' | 'high' | 'medium' | 'low';

export async function main(argv: string[]): Promise<void> {
  await runCli(buildCli(), argv);
}
