/** Rows per statement where drizzle's own multi-row insert is used: well below Postgres' 65,535 bind parameters. */
export function* chunked<T>(items: T[], size = 1000): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
