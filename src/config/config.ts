import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { AppError, type ProblemDetail } from '../core/errors.ts';
import { MAX_CONFIG_BYTES, parseConfigYaml } from './config-yaml.ts';
import { envSchema, fileConfigSchema, type FileConfig } from './config.schema.ts';

export interface KanshiConfig extends FileConfig {
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  adminToken: string | undefined;
  /** Where the file part came from, for messages; undefined when no file was read. */
  configPath: string | undefined;
}

const toDetails = (error: z.ZodError, prefix: string): ProblemDetail[] =>
  error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix,
    message: i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}` : i.message,
  }));

/**
 * Reads the environment and the optional kanshi.yaml once, at startup. Every bad key is listed
 * (not just the first) so one run of `kanshi start` says everything that needs fixing.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): KanshiConfig {
  const details: ProblemDetail[] = [];
  const envResult = envSchema.safeParse(env);
  if (!envResult.success) details.push(...toDetails(envResult.error, ''));

  const configPath = env.KANSHI_CONFIG ?? (existsSync('kanshi.yaml') ? 'kanshi.yaml' : undefined);
  let raw: unknown = {};
  if (configPath !== undefined) {
    try {
      if (statSync(configPath).size > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
      raw = parseConfigYaml(readFileSync(configPath, 'utf8')) ?? {};
    } catch (e) {
      const where = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : path.basename(configPath);
      details.push({ path: `${configPath}: ${where}`, message: (e as Error).message.split('\n')[0] ?? 'unreadable' });
    }
  }
  const fileResult = fileConfigSchema.safeParse(raw);
  if (!fileResult.success) details.push(...toDetails(fileResult.error, configPath ?? 'config'));

  if (!envResult.success || !fileResult.success || details.length > 0) {
    throw new AppError('INVALID_CONFIG', `invalid configuration:\n${details.map((d) => `  ${d.path}: ${d.message}`).join('\n')}`, 500, details);
  }
  const e = envResult.data;
  const file = fileResult.data;
  return {
    ...file,
    server: { ...file.server, logLevel: e.KANSHI_LOG_LEVEL ?? file.server.logLevel },
    port: e.KANSHI_PORT,
    dataDir: path.resolve(e.KANSHI_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    adminToken: e.KANSHI_ADMIN_TOKEN,
    configPath,
  };
}
