import { type Command, InvalidArgumentError } from 'commander';

export const positiveInt = (v: string): number => {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number');
  return n;
};

/** `--server` and `--token`, for commands that can talk to a running daemon. */
export const serverFlags = (cmd: Command): Command =>
  cmd.option('--server <url>', 'Kanshi server to talk to (env KANSHI_SERVER)').option('--token <token>', 'API token (env KANSHI_TOKEN)');
