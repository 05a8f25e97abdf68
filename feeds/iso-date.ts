/** ISO-8601 in UTC, or undefined when the text is not a date; sources write other offsets (JVN `+09:00`, sometimes without seconds). */
export function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = new Date(s.trim());
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
