import { numberListScheme } from './numeric-list.ts';

/**
 * R's `package_version`: non-negative integers separated by `.` or `-`, which weigh the same.
 * R wants at least two numbers; a single one is ordered but marked `canonical: false`.
 */
export const cranScheme = numberListScheme('cran', [46, 45], 2);
