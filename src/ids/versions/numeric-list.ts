import { type ParsedScheme, compareNumber, isDigitCode, parsedScheme, stripZeros } from './scheme-kit.ts';

/**
 * Digit runs separated by any of `separators` (char codes), each separator between two runs.
 * Returns the runs without leading zeros, or why the string is not such a list.
 */
function parseNumberList(version: string, separators: readonly number[]): string[] | string {
  if (version.length === 0) return 'empty string';
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    while (i < version.length && isDigitCode(version.charCodeAt(i))) i++;
    if (i === start) return `expected a number at offset ${start}`;
    parts.push(stripZeros(version.slice(start, i)));
    if (i === version.length) return parts;
    if (!separators.includes(version.charCodeAt(i))) return `unexpected ${JSON.stringify(version[i])} at offset ${i}`;
    i++;
  }
}

/** Element by element, then the longer list is greater (`1.0 < 1.0.0`), as R and Cabal order. */
function compareNumberLists(a: string[], b: string[]): number {
  const len = Math.min(a.length, b.length);
  for (let k = 0; k < len; k++) {
    const x = a[k] as string;
    const y = b[k] as string;
    if (x !== y) return compareNumber(x, y);
  }
  return a.length - b.length;
}

/** A scheme of number lists split at `separators`; `minParts` numbers make a canonical version. */
export function numberListScheme(id: string, separators: readonly number[], minParts: number): ParsedScheme<{ parts: string[] }> {
  return parsedScheme({
    id,
    parse: (v) => {
      const parts = parseNumberList(v, separators);
      return typeof parts === 'string' ? parts : { parts };
    },
    compare: (a, b) => compareNumberLists(a.parts, b.parts),
    canonical: (p) => p.parts.length >= minParts,
  });
}
