/**
 * Which parser to use, from the content alone (never the file name). Text kinds are told apart
 * by their first significant characters; JSON documents, once parsed, by their keys.
 */
export type TextKind = 'json' | 'xml' | 'tag-value' | 'unknown';

export function detectText(text: string): TextKind {
  const first = /^\s*(\S)/.exec(text.slice(0, 4096))?.[1];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  if (/^[ \t]*SPDXVersion[ \t]*:/m.test(text.slice(0, 65536))) return 'tag-value';
  return 'unknown';
}

export type JsonKind = 'cyclonedx' | 'spdx2' | 'spdx3' | 'unknown';

export function detectJson(doc: unknown): JsonKind {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'unknown';
  const o = doc as Record<string, unknown>;
  // A wrong bomFormat value is a CycloneDX schema violation to report, not another format.
  if ('bomFormat' in o) return 'cyclonedx';
  if (typeof o.spdxVersion === 'string') return 'spdx2';
  const context = JSON.stringify(o['@context'] ?? '');
  if ('@graph' in o && context.includes('spdx')) return 'spdx3';
  return 'unknown';
}
