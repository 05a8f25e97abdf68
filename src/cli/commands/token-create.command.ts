import type { Runtime } from '../../runtime/index.ts';
import { duration } from '../../config/index.ts';
import { AppError } from '../../core/errors.ts';
import { apiRequest, CliHttpError, EXIT, type ServerOptions } from '../api-client.ts';

const parseDuration = (text: string): number => {
  const d = duration.safeParse(text);
  if (!d.success) throw new AppError('INVALID_EXPIRY', `--expires-in: ${d.error.issues[0]?.message ?? 'invalid'}`);
  return d.data;
};

export interface TokenCreateOptions {
  team?: string | undefined;
  /** Create the team when it does not exist; otherwise an unknown team (a typo, most often) is refused. */
  createTeam?: boolean;
  role: string;
  label?: string | undefined;
  /** Lifetime such as `30d`. */
  expiresIn?: string | undefined;
}

/** Prints a new token once. Through the daemon's API when a server is given, else on the database directly. */
export async function tokenCreateCommand(
  o: TokenCreateOptions,
  target: { server: ServerOptions } | { runtime: Runtime },
  out: NodeJS.WritableStream,
): Promise<void> {
  if (o.team && !o.createTeam) {
    const known =
      'server' in target
        ? (await apiRequest<{ items: { id: string }[] }>(target.server, 'GET', '/api/v1/teams')).items.map((t) => t.id)
        : (await target.runtime.teams.listTeams()).map((t) => t.id);
    if (!known.includes(o.team)) {
      throw new CliHttpError(
        `no team ${o.team} (known: ${known.join(', ') || 'none'}); pass --create-team to create it, or list it under teams in kanshi.yaml`,
        EXIT.usage,
      );
    }
  }
  const created =
    'server' in target
      ? await apiRequest<{ token: string }>(
          target.server,
          'POST',
          '/api/v1/tokens',
          JSON.stringify({ team: o.team, role: o.role, label: o.label, expiresIn: o.expiresIn }),
          {
            'content-type': 'application/json',
          },
        )
      : await target.runtime.tokens.create({
          team: o.team ?? null,
          role: o.role,
          label: o.label,
          expiresInMs: o.expiresIn === undefined ? undefined : parseDuration(o.expiresIn),
        });
  out.write(`${created.token}\n`);
}
