import { safeErrorText, withoutValues } from './error-text.ts';

// Fields of Node, pg and Fastify errors that say what went wrong without quoting the data.
// Anything else an error carries is left out: drizzle's `params`, a request body, a row.
const KEPT = ['code', 'errno', 'syscall', 'severity', 'detail', 'hint', 'where', 'routine', 'schema', 'table', 'column', 'constraint', 'statusCode', 'status'];
const STACK_MAX = 4_000;
const CAUSE_DEPTH = 3;

/**
 * The logger's `err` serializer: an error as a small, safe object. Database errors carry the
 * failed query and its parameters (drizzle puts both in the message: `Failed query: … params:
 * …`), which for an SBOM insert is every component of the chunk, and Postgres quotes the value
 * it choked on; only the SQL text is kept, values are left out (withoutValues), and every
 * string is cut and stripped of control characters (safeErrorText).
 */
export function serializeError(value: unknown, depth = 0): Record<string, unknown> {
  if (!(value instanceof Error)) return { message: safeErrorText(String(value)) };
  const e = value as Error & Record<string, unknown>;
  const message = safeErrorText(withoutValues(e.message));
  const out: Record<string, unknown> = { type: e.name, message };
  // The stack's first lines repeat the message: rebuilt from the frames only.
  const frames = (e.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  out.stack = safeErrorText([`${e.name}: ${message}`, ...frames].join('\n'), STACK_MAX);
  for (const key of KEPT) {
    const v = e[key];
    if (typeof v === 'number' || typeof v === 'boolean') out[key] = v;
    else if (typeof v === 'string') out[key] = safeErrorText(withoutValues(v));
  }
  if (typeof e.query === 'string') out.query = safeErrorText(e.query);
  if (e.cause !== undefined && depth < CAUSE_DEPTH) out.cause = serializeError(e.cause, depth + 1);
  return out;
}
