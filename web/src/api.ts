// The dashboard's only way to the daemon: the public /api/v1, typed by api.gen.ts (generated from
// the OpenAPI document), with the session's bearer token.
import { OPERATIONS, type Operations } from './api.gen.ts';
import { LOGGED_OUT, session } from './session.ts';

export type * from './api.gen.ts';
export type OperationId = keyof Operations;
export type Response<K extends OperationId> = Operations[K]['response'];

type Part<Name extends string, T> = [T] extends [never] ? { [P in Name]?: never } : object extends T ? { [P in Name]?: T } : { [P in Name]: T };
export type Input<K extends OperationId> = Part<'params', Operations[K]['params']> &
  Part<'query', Operations[K]['query']> &
  Part<'body', Operations[K]['body']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Values = Record<string, string | number | boolean | null | undefined>;

/** `/api/v1/cases/{id}` with `{id: 3}` → `/api/v1/cases/3`, and the query without empty values. */
export function urlOf(path: string, params: Values = {}, query: Values = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

/** A fetch with the session's token; a 401 ends the session. */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<globalThis.Response> {
  const headers = new Headers(init.headers);
  const token = session.token();
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(url, { ...init, headers });
  if (res.status === 401) {
    session.clear();
    window.dispatchEvent(new Event(LOGGED_OUT));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? String(res.status), body?.error?.message ?? res.statusText);
  }
  return res;
}

export async function call<K extends OperationId>(operation: K, input: Input<K> = {} as Input<K>): Promise<Response<K>> {
  const { method, path } = OPERATIONS[operation];
  const { params, query, body } = input as { params?: Values; query?: Values; body?: unknown };
  const res = await authorizedFetch(urlOf(path, params, query), {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return (res.status === 204 ? undefined : await res.json()) as Response<K>;
}

/** Downloads an API document (VEX, CSAF, JVN status) with the token, under the name the answer gives or `fallback`. */
export async function download(url: string, fallback: string): Promise<void> {
  const res = await authorizedFetch(url);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
