import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { err, ok, type Result } from '../src/core/result.ts';

/** RFC 6901 pointer for a zod issue path, so a quarantined record says where it went wrong. */
function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Validate `data` against `schema`; the first issue becomes the error with its JSON pointer. */
export function parseWith<T>(schema: z.ZodType<T>, data: unknown, code: string): Result<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  if (!issue) return err(code, 'invalid record');
  return err(code, issue.message, jsonPointer(issue.path));
}

/**
 * A whole JSON file, refused past `maxBytes` before reading: dump files are parsed in memory,
 * so an oversized file is a reject, not an out-of-memory crash.
 */
export async function readJsonFile(file: string, maxBytes: number): Promise<Result<unknown>> {
  const { size } = await stat(file);
  if (size > maxBytes) return err('FILE_TOO_LARGE', `${size} bytes, more than the ${maxBytes} allowed`);
  return parseJson(await readFile(file, 'utf8'));
}

export function parseJson(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err('INVALID_JSON', (e as Error).message);
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
