import { type Command, Option } from 'commander';
import { serverOptions } from './api-client.ts';
import { positiveInt, serverFlags } from './cli-options.ts';

/** `kanshi sbom …`: shared by the full CLI and the single-file CI build the daemon serves. */
export function addSbomCommands(program: Command): void {
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
  ).action(
    async (
      file: string,
      o: { product: string; version: string; part?: string; validation?: 'strict' | 'warn'; wait: boolean; timeout: number; server?: string; token?: string },
    ) => {
      const { sbomUploadCommand } = await import('./commands/sbom-upload.command.ts');
      process.exitCode = await sbomUploadCommand(
        { ...serverOptions(o), file, product: o.product, version: o.version, part: o.part, validation: o.validation, wait: o.wait, timeoutSeconds: o.timeout },
        process.stdout,
        process.stderr,
      );
    },
  );
}
