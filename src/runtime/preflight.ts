import { Redis } from 'ioredis';
import pg from 'pg';
import { AppError } from '../core/errors.ts';

/** How long a start waits for Postgres or Redis to answer before saying it cannot reach them. */
const CONNECT_TIMEOUT_MS = 5000;

/** The code `kanshi` maps to its "server unreachable or failing" exit code. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** host:port/database of a URL, never its credentials. */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the configured address';
  }
}

function reason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code && !err.message?.includes(err.code) ? `${err.code}: ${err.message}` : (err.message ?? String(e));
}

/**
 * Postgres answers at start, or one message says why not: unreachable, the database missing,
 * credentials refused. Without it the pool would fail inside the first migration query with
 * an error that names neither.
 */
export async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const database = new URL(url).pathname.slice(1) || 'postgres';
    const message =
      code === '3D000'
        ? `database "${database}" does not exist on ${where(url)}: create it (createdb ${database}) or fix DATABASE_URL`
        : code === '28P01' || code === '28000'
          ? `Postgres at ${where(url)} refused the credentials in DATABASE_URL (${reason(e)})`
          : `cannot reach Postgres at ${where(url)} (${reason(e)}): start it or fix DATABASE_URL; unset DATABASE_URL for the embedded database`;
    throw new AppError(SERVICE_UNAVAILABLE, message, 503);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Redis answers at start, or one message says it does not. Once it has answered, BullMQ's own
 * reconnection (with backoff) rides out a later outage; before that, retrying forever would
 * leave a daemon that neither serves nor exits.
 */
export async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed" connect() rejects with.
  let socketError: unknown;
  redis.on('error', (e: unknown) => void (socketError ??= e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new AppError(
      SERVICE_UNAVAILABLE,
      `cannot reach Redis at ${where(url)} (${reason(socketError ?? e)}): start it or fix REDIS_URL; unset REDIS_URL for in-process jobs`,
      503,
    );
  } finally {
    redis.disconnect();
  }
}
