/**
 * JVN writes CPE 2.2 URIs (`cpe:/a:oclc:oaicat`, percent-encoded, sometimes with stray spaces or
 * line breaks); matching uses CPE 2.3 formatted strings as NVD does. Returns undefined for
 * anything that is not a CPE 2.2 URI once surrounding whitespace is gone.
 */
export function cpe22To23(raw: string): string | undefined {
  const uri = raw.trim();
  const m = /^cpe:\/([aho])((?::[^:\s]*){1,6})$/i.exec(uri);
  if (!m) return undefined;
  const parts = m[2]!.slice(1).split(':');
  const fields: string[] = [];
  for (const p of parts) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      return undefined;
    }
    fields.push(decoded === '' ? '*' : quote23(decoded.toLowerCase()));
  }
  while (fields.length < 10) fields.push('*');
  return `cpe:2.3:${m[1]!.toLowerCase()}:${fields.join(':')}`;
}

// CPE 2.3 formatted strings escape every non-alphanumeric character except `_`, `-` and `.`.
const quote23 = (s: string): string => s.replace(/[^A-Za-z0-9_.\-]/g, (c) => `\\${c}`);
