/** Failure talking to a Kanshi server, with the exit code the CLI should end with. */
export class CliHttpError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Exit codes (README "Exit codes"). `failed` is also the code of findings at or above
 * `--fail-on`, as with `kanshi scan`; `timedOut`: `sbom upload --wait` gave up waiting.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, rejected: 3, auth: 4, unavailable: 5, timedOut: 7 } as const;

export interface ServerOptions {
  server: string;
  token: string | undefined;
}

/** Calls the daemon's API; maps HTTP failures to the CLI's exit codes. */
export async function apiRequest<T>(
  opts: ServerOptions,
  method: string,
  path: string,
  body?: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<T> {
  if (!opts.token) throw new CliHttpError('no API token: pass --token or set KANSHI_TOKEN', EXIT.usage);
  let res: Response;
  try {
    res = await fetch(new URL(path, opts.server), {
      method,
      ...(body === undefined ? {} : { body }),
      headers: { authorization: `Bearer ${opts.token}`, ...headers },
    });
  } catch (e) {
    throw new CliHttpError(
      `cannot reach ${opts.server}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`,
      EXIT.unavailable,
    );
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (res.ok) return json as T;
  const error = (json as { error?: { code: string; message: string; details?: { path: string; message: string }[] } } | undefined)?.error;
  const details = (error?.details ?? [])
    .slice(0, 20)
    .map((d) => `\n  ${d.path}: ${d.message}`)
    .join('');
  const message = `${res.status} ${error?.code ?? ''} ${error?.message ?? text}${details}`.trim();
  if (res.status === 401 || res.status === 403) throw new CliHttpError(message, EXIT.auth, res.status);
  if (res.status >= 500) throw new CliHttpError(message, EXIT.unavailable, res.status);
  throw new CliHttpError(message, EXIT.rejected, res.status);
}

/** Server and token from the flags, else from KANSHI_SERVER / KANSHI_TOKEN (an empty variable counts as unset). */
export const serverOptions = (o: { server?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): ServerOptions => ({
  server: o.server || env.KANSHI_SERVER || `http://127.0.0.1:${env.KANSHI_PORT ?? 8080}`,
  token: o.token || env.KANSHI_TOKEN || undefined,
});

/**
 * For commands that can run on the embedded database or through a daemon: the daemon when
 * `--server` or KANSHI_SERVER names one, else undefined (open the database directly).
 */
export const serverTarget = (o: { server?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): ServerOptions | undefined =>
  o.server || env.KANSHI_SERVER ? serverOptions(o, env) : undefined;
