import { formatPurl, parsePurl } from '../ids/index.ts';

/** The purl without version, qualifiers and subpath: the key "where is X used?" looks up. */
export function purlBase(purl: string): string | null {
  const p = parsePurl(purl);
  if (!p.ok) return null;
  const { type, namespace, name } = p.value;
  return formatPurl(namespace === undefined ? { type, name } : { type, namespace, name });
}
