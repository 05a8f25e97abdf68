import { compareNumberLists, parseNumberList } from './numeric-list.ts';
import { parsedScheme } from './scheme-kit.ts';

const DOT_OR_DASH = [46, 45];

/**
 * R's `package_version`: non-negative integers separated by `.` or `-`, which weigh the same.
 * R wants at least two numbers; a single one is ordered but marked `canonical: false`.
 */
export const cranScheme = parsedScheme({
  id: 'cran',
  parse: (v) => {
    const parts = parseNumberList(v, DOT_OR_DASH);
    return typeof parts === 'string' ? parts : { parts };
  },
  compare: (a, b) => compareNumberLists(a.parts, b.parts),
  canonical: (p) => p.parts.length >= 2,
});
