import type { Runtime } from '../../runtime/index.ts';
import { apiRequest, type ServerOptions } from '../api-client.ts';

export interface TokenCreateOptions {
  team?: string | undefined;
  role: string;
  label?: string | undefined;
}

/** Prints a new token once. Through the daemon's API with `--server`, else on the database directly. */
export async function tokenCreateCommand(o: TokenCreateOptions, target: { server: ServerOptions } | { runtime: Runtime }, out: NodeJS.WritableStream): Promise<void> {
  const created =
    'server' in target
      ? await apiRequest<{ token: string }>(target.server, 'POST', '/api/v1/tokens', JSON.stringify({ team: o.team, role: o.role, label: o.label }), {
          'content-type': 'application/json',
        })
      : await target.runtime.tokens.create({ team: o.team ?? null, role: o.role, label: o.label });
  out.write(`${created.token}\n`);
}
