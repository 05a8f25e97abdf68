import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type KanshiConfig } from '../config/index.ts';
import { QUEUE_GROUPS, type QueueGroup } from '../jobs/index.ts';
import { AppError } from '../core/errors.ts';
import { packageVersion } from '../core/package-root.ts';
import { silentLogger } from '../core/logger.ts';
import { openRuntime, type Runtime } from '../runtime/index.ts';
import { CliHttpError, EXIT, serverOptions } from './api-client.ts';
import { feedsStatusCommand, feedsSyncCommand } from './commands/feeds.command.ts';
import { sbomUploadCommand } from './commands/sbom-upload.command.ts';
import { scanCommand } from './commands/scan.command.ts';
import { startCommand, workerCommand } from './commands/start.command.ts';
import { tokenCreateCommand } from './commands/token-create.command.ts';
import { tokenListCommand, tokenRevokeCommand, tokenRotateCommand } from './commands/token-manage.command.ts';
import { compareVersionLines } from './commands/versions-compare.command.ts';
import { whereUsedCommand } from './commands/where-used.command.ts';

const positiveInt = (v: string): number => {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number');
  return n;
};

/** The queue groups named in `--queues a,b`. */
const queueGroups = (list: string): QueueGroup[] => {
  const names = list.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(QUEUE_GROUPS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown queue group ${unknown.join(', ')}; the groups are ${QUEUE_GROUPS.join(', ')}`);
  return names as QueueGroup[];
};

/** A runtime for one-shot commands: quiet, no job workers, closed afterwards. */
async function withRuntime<T>(config: KanshiConfig, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config, { log: silentLogger() });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function buildCli(): Command {
  const program = new Command('kanshi')
    .description('Supply-chain monitoring for product PSIRTs: SBOM inventory, vulnerability feeds, matching, cases.')
    .version(packageVersion())
    .enablePositionalOptions()
    .showHelpAfterError();
  const serverFlags = (cmd: Command): Command =>
    cmd
      .option('--server <url>', 'Kanshi server to talk to (env KANSHI_SERVER)')
      .option('--token <token>', 'API token (env KANSHI_TOKEN)');

  program
    .command('start')
    .description('run the daemon: API, dashboard and job workers')
    .option('--demo', 'load the example SBOMs under sboms/')
    .option('--no-work', 'serve the API only; jobs run in `kanshi worker` processes')
    .action(async (o: { demo?: boolean; work: boolean }) => startCommand(loadConfig(), { demo: Boolean(o.demo), work: o.work }));

  program
    .command('worker')
    .description('run a BullMQ worker process (needs REDIS_URL)')
    .option('--queues <groups>', `comma-separated queue groups to work on (${QUEUE_GROUPS.join(', ')}); default: all`, queueGroups)
    .action(async (o: { queues?: QueueGroup[] }) => workerCommand(loadConfig(), o.queues));

  program
    .command('migrate')
    .description('apply database migrations')
    .action(async () => {
      await withRuntime(loadConfig(), async (rt) => process.stdout.write(`migrations applied (${rt.database.kind})\n`));
    });

  const sbom = program.command('sbom').description('SBOM uploads');
  serverFlags(
    sbom
      .command('upload <file>')
      .description('upload an SBOM and wait until it is processed (exit 0 processed, 1 failed, 2 usage, 3 rejected, 4 auth, 5 unavailable)')
      .requiredOption('--product <name>', 'product name')
      .requiredOption('--version <version>', 'product version')
      .option('--part <name>', 'part of the product version (firmware, app, image…); default main')
      .addOption(new Option('--validation <mode>', 'schema validation').choices(['strict', 'warn']))
      .option('--no-wait', 'return once the upload is accepted')
      .option('--timeout <seconds>', 'how long to wait for processing', positiveInt, 600),
  ).action(async (file: string, o: { product: string; version: string; part?: string; validation?: 'strict' | 'warn'; wait: boolean; timeout: number; server?: string; token?: string }) => {
    process.exitCode = await sbomUploadCommand(
      { ...serverOptions(o), file, product: o.product, version: o.version, part: o.part, validation: o.validation, wait: o.wait, timeoutSeconds: o.timeout },
      process.stdout,
      process.stderr,
    );
  });

  const token = program.command('token').description('API tokens');
  serverFlags(
    token
      .command('create')
      .description('create an API token and print it once')
      .option('--team <team>', 'owning team (required except for admin)')
      .requiredOption('--role <role>', 'admin, psirt, member or uploader')
      .option('--label <label>', 'what the token is for')
      .option('--expires-in <duration>', 'lifetime such as 30d (default: tokens.defaultTtl for non-admin tokens)'),
  ).action(async (o: { team?: string; role: string; label?: string; expiresIn?: string; server?: string; token?: string }) => {
    const args = { team: o.team, role: o.role, label: o.label, expiresIn: o.expiresIn };
    if (o.server || process.env.KANSHI_SERVER) await tokenCreateCommand(args, { server: serverOptions(o) }, process.stdout);
    else await withRuntime(loadConfig(), (runtime) => tokenCreateCommand(args, { runtime }, process.stdout));
  });

  serverFlags(token.command('list').description('every API token with its state, never a secret (admin)').option('--json', 'JSON output')).action(
    async (o: { json?: boolean; server?: string; token?: string }) => tokenListCommand({ json: Boolean(o.json) }, serverOptions(o), process.stdout),
  );
  serverFlags(token.command('revoke <id>').description('revoke a token at once (admin, or the token itself)')).action(
    async (id: string, o: { server?: string; token?: string }) => tokenRevokeCommand(id, serverOptions(o), process.stdout),
  );
  serverFlags(token.command('rotate <id>').description('print a new secret for the token once; the old one is revoked (admin, or the token itself)')).action(
    async (id: string, o: { server?: string; token?: string }) => tokenRotateCommand(id, serverOptions(o), process.stdout),
  );

  serverFlags(
    program
      .command('where-used <query>')
      .description('which products and versions ship a purl (with or without version), a CPE, or a component name')
      .option('--json', 'JSON output'),
  ).action(async (query: string, o: { json?: boolean; server?: string; token?: string }) => {
    const opts = { json: Boolean(o.json) };
    process.exitCode = o.server
      ? await whereUsedCommand(query, opts, { server: serverOptions(o) }, process.stdout)
      : await withRuntime(loadConfig(), (runtime) => whereUsedCommand(query, opts, { runtime }, process.stdout));
  });

  const feeds = program.command('feeds').description('vulnerability feeds');
  feeds
    .command('sync')
    .description('one sync now, from the network or from a local dump (exit 1 when a source failed)')
    .option('--source <source>', 'nvd, osv, jvn, csaf, kev or epss (default: every enabled source)')
    .option('--from-dir <dir>', 'import a local feed dump instead of the network')
    .action(async (o: { source?: string; fromDir?: string }) => {
      process.exitCode = await withRuntime(loadConfig(), (rt) => rt.withJobs(() => feedsSyncCommand(rt.feeds, o, process.stdout)));
    });
  feeds
    .command('status')
    .description('per source: last success, last error, records, lag')
    .action(async () => {
      process.exitCode = await withRuntime(loadConfig(), (rt) => feedsStatusCommand(rt.feeds, process.stdout));
    });

  program
    .command('scan <sbom>')
    .description('offline one-shot scan of an SBOM against a feed dump (exit 0 clean, 1 findings at or above --fail-on, 2 usage or input error)')
    .requiredOption('--feeds-dir <dir>', 'feed dump folder (nvd/, osv/, jvn/, csaf/, kev/, epss/)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'cyclonedx-vex', 'sarif']).default('table'))
    .addOption(new Option('--fail-on <priority>', 'exit 1 when a finding is at least this severe').choices(['critical', 'high', 'medium', 'low']))
    .action(async (sbomFile: string, o: { feedsDir: string; format: 'table' | 'json' | 'cyclonedx-vex' | 'sarif'; failOn?: 'critical' | 'high' | 'medium' | 'low' }) => {
      process.exitCode = await scanCommand({ sbom: sbomFile, feedsDir: o.feedsDir, format: o.format, ...(o.failOn ? { failOn: o.failOn } : {}) }, process.stdout);
    });

  program
    .command('versions')
    .description('version arithmetic')
    .command('compare <ecosystem>')
    .description('read `a<TAB>b` lines on stdin, print <, =, > or `error: …` per line')
    .action(async (ecosystem: string) => {
      process.exitCode = await compareVersionLines(ecosystem, process.stdin, process.stdout);
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    if (e instanceof CliHttpError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else if (e instanceof AppError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}
