import { err, ok, type Result } from './result.ts';

/**
 * Refuse any document type declaration before an XML parser sees the text. Neither SBOMs nor
 * feed documents need a DTD, and refusing it rules out external entities (XXE) and entity
 * expansion bombs whatever the parser's own settings.
 */
export function rejectDtd(xml: string): Result<void> {
  const m = /<!(DOCTYPE|ENTITY)\b/i.exec(xml);
  if (!m) return ok(undefined);
  const line = xml.slice(0, m.index).split('\n').length;
  return err('XML_DTD_FORBIDDEN', `XML document type declarations and entities are not accepted (<!${m[1]}>)`, `line ${line}`);
}
