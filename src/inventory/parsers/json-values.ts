/** Narrowing of values read from untyped documents: absent, empty and non-string all become null. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A list of strings (one string counts as a list of one); other items are dropped. */
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
