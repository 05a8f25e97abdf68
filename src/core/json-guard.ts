import type { ProblemDetail } from './errors.ts';

export interface JsonGuardOptions {
  /** Deepest nesting of arrays and objects accepted (the top-level value is depth 1). */
  maxDepth: number;
  /** Prefix of every reported path (`querystring`, `body`); empty for a document's own pointers. */
  prefix?: string;
  /** Stop after this many problems (default 10): the first ones say what is wrong. */
  maxProblems?: number;
}

const pointerToken = (key: string): string =>
  key
    .replace(/~/g, '~0')
    .replace(/\//g, '~1')
    // eslint-disable-next-line no-control-regex -- a NUL is what is being escaped
    .replace(/\u0000/g, '\\u0000');

/**
 * What makes a parsed JSON value unsafe to pass on, each located by JSON pointer: a NUL
 * character in a string or a key (Postgres text cannot hold one, so any query carrying it
 * fails), and nesting deeper than `maxDepth` (recursive validators and mappers overflow the
 * stack on it). Walked with an explicit stack, so the walk itself never overflows.
 */
export function jsonProblems(value: unknown, options: JsonGuardOptions): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const max = options.maxProblems ?? 10;
  // Paths are made only for the problems found: building one per node costs more than the walk.
  interface Node {
    value: unknown;
    parent: Node | null;
    key: string;
    depth: number;
  }
  const pathOf = (node: Node, key?: string): string => {
    const tokens = key === undefined ? [] : [pointerToken(key)];
    for (let n: Node | null = node; n?.parent; n = n.parent) tokens.push(pointerToken(n.key));
    const path = `${options.prefix ?? ''}${tokens
      .reverse()
      .map((t) => `/${t}`)
      .join('')}`;
    return path === '' ? '/' : path;
  };
  const stack: Node[] = [{ value, parent: null, key: '', depth: 1 }];
  while (stack.length > 0 && problems.length < max) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000')) problems.push({ path: pathOf(item), message: 'contains a NUL character (\\u0000), which is not accepted' });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > options.maxDepth) {
      problems.push({ path: pathOf(item), message: `nested deeper than ${options.maxDepth} levels` });
      continue;
    }
    const keys = Object.keys(item.value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key.includes('\u0000')) problems.push({ path: pathOf(item, key), message: 'the key contains a NUL character (\\u0000), which is not accepted' });
      stack.push({ value: (item.value as Record<string, unknown>)[key], parent: item, key, depth: item.depth + 1 });
    }
  }
  return problems.slice(0, max);
}
