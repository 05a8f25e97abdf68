import { numberListScheme } from './numeric-list.ts';

/** Cabal's `Version`: dot-separated non-negative integers, compared as lists (`1.0 < 1.0.0`). */
export const hackageScheme = numberListScheme('hackage', [46], 1);
