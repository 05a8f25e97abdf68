import { type Command, Option } from 'commander';
import type { UnknownAs } from '../matching/scan-report.ts';
import { serverOptions } from './api-client.ts';
import { positiveInt, serverFlags } from './cli-options.ts';
import { GATE_PRIORITIES, GATE_SEVERITIES, type GateThreshold } from './gate-thresholds.ts';

/** `kanshi sbom …`: shared by the full CLI and the single-file CI build the daemon serves. */
export function addSbomCommands(program: Command): void {
  const sbom = program.command('sbom').description('SBOM uploads');
  serverFlags(
    sbom
      .command('upload <file>')
      .description(
        'upload an SBOM, wait until it is processed and matched, print its findings; the CI gate (exit 0 pass, 1 findings at or above --fail-on, 2 usage, 3 rejected or failed, 4 auth, 5 unavailable, 7 timed out)',
      )
      .requiredOption('--product <name>', 'product name')
      .requiredOption('--version <version>', 'product version')
      .option('--part <name>', 'part of the product version (firmware, app, image…); default main')
      .addOption(new Option('--validation <mode>', 'schema validation').choices(['strict', 'warn']))
      .option('--wait', 'wait until processed and matched, then report (the default)')
      .option('--no-wait', 'return once the upload is accepted')
      .option('--timeout <seconds>', 'how long to wait for processing and matching (exit 7 past it)', positiveInt, 600)
      .addOption(
        new Option('--fail-on <threshold>', 'exit 1 when a finding is at least this severe, or of this case priority or more urgent').choices([
          ...GATE_SEVERITIES,
          ...GATE_PRIORITIES,
        ]),
      )
      .addOption(
        new Option('--unknown-as <severity>', 'how a severity --fail-on ranks a finding no record rates; ignore: never counts')
          .choices(['critical', 'high', 'medium', 'low', 'ignore'])
          .default('critical'),
      )
      .addOption(new Option('--format <format>', 'report format').choices(['table', 'json', 'sarif']).default('table')),
  ).action(
    async (
      file: string,
      o: {
        product: string;
        version: string;
        part?: string;
        validation?: 'strict' | 'warn';
        wait?: boolean;
        timeout: number;
        failOn?: GateThreshold;
        unknownAs: UnknownAs;
        format: 'table' | 'json' | 'sarif';
        server?: string;
        token?: string;
      },
    ) => {
      const { sbomUploadCommand } = await import('./commands/sbom-upload.command.ts');
      process.exitCode = await sbomUploadCommand(
        {
          ...serverOptions(o),
          file,
          product: o.product,
          version: o.version,
          part: o.part,
          validation: o.validation,
          // --wait and --no-wait both defined: commander sets no default, so waiting is ours.
          wait: o.wait !== false,
          timeoutSeconds: o.timeout,
          format: o.format,
          unknownAs: o.unknownAs,
          ...(o.failOn ? { failOn: o.failOn } : {}),
        },
        process.stdout,
        process.stderr,
      );
    },
  );
}
