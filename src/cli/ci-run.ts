// Entry of the single-file CLI the daemon serves at /cli/kanshi.mjs, for CI runners that have
// Node and nothing else: the commands a pipeline runs against a daemon, bundled with their
// dependencies (scripts/bundle-ci-cli.mjs), no install, no package registry involved.
import { newProgram, runCli } from './run-cli.ts';
import { addSbomCommands } from './sbom.cli.ts';

/** Set by the bundler from package.json: the single file has no package.json beside it. */
declare const KANSHI_VERSION: string;

const program = newProgram('Kanshi CLI for CI pipelines (single-file build served by the daemon at /cli/kanshi.mjs)', KANSHI_VERSION);
addSbomCommands(program);
await runCli(program, process.argv);
