import type { Runtime } from '../../runtime/index.ts';
import { duration } from '../../config/index.ts';
import { AppError } from '../../core/errors.ts';
import { apiRequest, type ServerOptions } from '../api-client.ts';

const parseDuration = (text: string): number => {
  const d = duration.safeParse(text);
  if (!d.success) throw new AppError('INVALID_EXPIRY', `--expires-in: ${d.error.issues[0]?.message ?? 'invalid'}`);
  return d.data;
};

export interface TokenCreateOptions {
  team?: string | undefined;
  role: string;
  label?: string | undefined;
  /** Lifetime such as `30d`. */
  expiresIn?: string | undefined;
}

/** Prints a new token once. Through the daemon's API with `--server`, else on the database directly. */
export async function tokenCreateCommand(o: TokenCreateOptions, target: { server: ServerOptions } | { runtime: Runtime }, out: NodeJS.WritableStream): Promise<void> {
  const created =
    'server' in target
      ? await apiRequest<{ token: string }>(target.server, 'POST', '/api/v1/tokens', JSON.stringify({ team: o.team, role: o.role, label: o.label, expiresIn: o.expiresIn }), {
          'content-type': 'application/json',
        })
      : await target.runtime.tokens.create({ team: o.team ?? null, role: o.role, label: o.label, expiresInMs: o.expiresIn === undefined ? undefined : parseDuration(o.expiresIn) });
  out.write(`${created.token}\n`);
}
