import { compareNumberLists, parseNumberList } from './numeric-list.ts';
import { parsedScheme } from './scheme-kit.ts';

const DOT = [46];

/** Cabal's `Version`: dot-separated non-negative integers, compared as lists (`1.0 < 1.0.0`). */
export const hackageScheme = parsedScheme({
  id: 'hackage',
  parse: (v) => {
    const parts = parseNumberList(v, DOT);
    return typeof parts === 'string' ? parts : { parts };
  },
  compare: (a, b) => compareNumberLists(a.parts, b.parts),
  canonical: () => true,
});
