import type { SbomProblem } from '../sbom-model.ts';

/** Narrowing of values read from untyped documents: absent, empty and non-string all become null. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A list of strings (one string counts as a list of one); other items are dropped. */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A property of a value that may not be an object at all (`supplier.name` where supplier is a string). */
export const field = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/**
 * The objects of a list in an untyped document, each with its index. Mapping must be total over
 * any JSON (warn mode lets schema violations through to here): a value that is not a list, or an
 * item that is not an object, does not fit the model and is skipped with a warning at its path.
 * Absent (or null) is an empty list.
 */
export function objectsOf(v: unknown, path: string, warnings: SbomProblem[]): [item: JsonObject, index: number][] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    warnings.push({ path, message: `expected a list, found ${kindOf(v)}: skipped` });
    return [];
  }
  const out: [JsonObject, number][] = [];
  v.forEach((item: unknown, i) => {
    if (isObject(item)) out.push([item, i]);
    else warnings.push({ path: `${path}/${i}`, message: `expected an object, found ${kindOf(item)}: skipped` });
  });
  return out;
}
