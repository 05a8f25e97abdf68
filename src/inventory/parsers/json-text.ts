import { err, ok, type Result } from '../../core/result.ts';

/**
 * JSON.parse with the failure located as `line L column C` (V8 reports a character offset, which
 * is useless to someone looking at a 3 MB file). Trailing data after the document is a failure
 * too, as JSON.parse already insists.
 */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch (e) {
    const message = (e as Error).message;
    const offset = errorOffset(message, text);
    return err('INVALID_JSON', `not valid JSON: ${message}`, lineColumn(text, offset));
  }
}

function errorOffset(message: string, text: string): number {
  const m = /position (\d+)/.exec(message);
  if (m?.[1] !== undefined) return Number(m[1]);
  // "Unexpected end of JSON input" carries no position: the problem is at the end.
  return text.length;
}

export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line} column ${offset - lineStart + 1}`;
}
