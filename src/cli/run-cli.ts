import { Command, CommanderError } from 'commander';
import { AppError } from '../core/errors.ts';
import { CliHttpError, EXIT } from './api-client.ts';

/** A `kanshi` program with the settings every build of the CLI shares. */
export function newProgram(description: string, version: string): Command {
  return (
    new Command('kanshi')
      .description(description)
      .version(version)
      .enablePositionalOptions()
      .showHelpAfterError()
      // Throw instead of exiting, so usage errors end with the usage exit code (see runCli); subcommands inherit it.
      .exitOverride()
  );
}

/** Parses and runs; every failure ends with its exit code (README "Exit codes") and one line on stderr. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version end with 0; anything commander refuses is a usage error, never the "findings" code.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (e instanceof CliHttpError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else if (e instanceof AppError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = e.code === 'SERVICE_UNAVAILABLE' ? EXIT.unavailable : EXIT.usage;
    } else {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}
