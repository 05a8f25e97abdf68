import { pino, type Logger, type LoggerOptions } from 'pino';
import { serializeError } from './error-serializer.ts';

export type { Logger };

/** Paths pino blanks out wherever they appear: tokens and credentials never reach a log line. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'pass',
  '*.pass',
  'databaseUrl',
  'redisUrl',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Errors are logged cut short and without the data they quote (query parameters, bodies).
    serializers: { err: serializeError },
    hooks: {
      // `log.error(err)` would make the raw error message the line's `msg`: it goes through the
      // serializer like any other, with the same short message.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (first instanceof Error && typeof rest[0] !== 'string') {
          return method.call(this, { err: first }, String(serializeError(first).message));
        }
        return method.apply(this, args);
      },
    },
    base: { service: 'kanshi' },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A logger that writes nothing, for tests and one-shot CLI commands. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
