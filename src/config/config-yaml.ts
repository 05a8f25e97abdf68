import { isMap, isScalar, LineCounter, parseDocument, visit, YAMLParseError } from 'yaml';

/** kanshi.yaml is a few kilobytes; the cap keeps a wrong file (or a hostile one) from costing the parser hundreds of MB. */
export const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * YAML text as a plain value; the first problem is thrown as a YAMLParseError with its line.
 * Two of the yaml package's defaults are quadratic, so both are replaced here: it checks
 * duplicate keys by comparing each new key with every earlier one (30,000 keys took 40 s), and
 * it quotes the offending line in every error message (a long line with thousands of errors
 * took 10 s). Duplicates are found in one pass, and lines come from a LineCounter.
 */
export function parseConfigYaml(text: string): unknown {
  const lines = new LineCounter();
  const located = (error: YAMLParseError): YAMLParseError => {
    const { line, col } = lines.linePos(error.pos[0]);
    error.linePos = [{ line, col }];
    return error;
  };
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  const first = doc.errors[0];
  if (first) throw located(first);
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const at = pair.key.range?.[0] ?? 0;
        if (seen.has(pair.key.value)) throw located(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        seen.add(pair.key.value);
      }
    },
  });
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}
