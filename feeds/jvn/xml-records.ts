import { SaxesParser, type SaxesTagNS } from 'saxes';
import { rejectDtd } from '../../src/core/xml-safety.ts';

/** A parsed XML element, namespace prefixes dropped: JVN's formats never reuse a local name. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** `xml:lang` in effect here, inherited from ancestors. */
  lang?: string;
}

export type JvnFormat = 'vuldef' | 'rss';

/** `RawRecord.data` of a JVN record: one VULDEF `Vulinfo` or one RSS `item`. */
export interface JvnRawData {
  format: JvnFormat;
  element: XmlElement;
}

/**
 * `fatal` errors lost a record or refused the document; the others were outside any record and
 * parsing went on. `status` is MyJVN's `status:Status` block (paging and error codes).
 */
export type SplitEvent =
  | { kind: 'record'; data: JvnRawData; line: number }
  | { kind: 'status'; attrs: Record<string, string> }
  | { kind: 'error'; line: number; reason: string; fatal: boolean };

const STATUS_NS = 'http://jvndb.jvn.jp/myjvn/Status';

const RECORD_ELEMENTS: Record<string, JvnFormat> = {
  'http://jvn.jp/vuldef/ Vulinfo': 'vuldef',
  'http://purl.org/rss/1.0/ item': 'rss',
};

// Long enough to see "<!DOCTYPE" or "<!ENTITY" split across two chunks.
const DTD_CARRY = 16;

/**
 * Element nesting accepted (JVN's own formats nest about ten deep). saxes resolves namespaces
 * through one scope per open element, so nesting thousands deep costs time quadratic in the
 * depth; libxml2 stops at the same 256.
 */
export const MAX_XML_DEPTH = 256;

class TooDeep extends Error {}

/**
 * Streams an XML document and yields each vulnerability element as a small tree, so a 70 MB
 * yearly feed never sits in memory as one DOM. A well-formedness error inside a record spoils
 * only that record; one outside records (IPA's own `retCd= 0` in status blocks) is reported
 * and the stream goes on, since saxes recovers at the next tag.
 */
export async function* splitJvnRecords(chunks: AsyncIterable<string>): AsyncIterable<SplitEvent> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const out: SplitEvent[] = [];
  const langs: (string | undefined)[] = [];
  const stack: XmlElement[] = [];
  let format: JvnFormat | undefined;
  let recordLine = 0;
  let recordError: string | undefined;

  parser.on('opentag', (tag: SaxesTagNS) => {
    // Thrown out of parser.write below: the rest of the document is not worth parsing.
    if (langs.length >= MAX_XML_DEPTH) throw new TooDeep();
    const lang = tag.attributes['xml:lang']?.value ?? langs.at(-1);
    langs.push(lang);
    if (!format) {
      if (tag.uri === STATUS_NS && tag.local === 'Status') out.push({ kind: 'status', attrs: attrsOf(tag) });
      const f = RECORD_ELEMENTS[`${tag.uri} ${tag.local}`];
      if (!f) return;
      format = f;
      recordLine = parser.line;
      recordError = undefined;
    }
    const el: XmlElement = { name: tag.local, attrs: attrsOf(tag), children: [], text: '', ...(lang ? { lang } : {}) };
    stack.at(-1)?.children.push(el);
    stack.push(el);
  });
  parser.on('text', (t) => {
    const el = stack.at(-1);
    if (el) el.text += t;
  });
  parser.on('cdata', (t) => {
    const el = stack.at(-1);
    if (el) el.text += t;
  });
  parser.on('closetag', () => {
    langs.pop();
    if (!format) return;
    const el = stack.pop();
    if (el) el.text = el.text.trim();
    if (stack.length > 0 || !el) return;
    out.push(
      recordError ? { kind: 'error', line: recordLine, reason: recordError, fatal: true } : { kind: 'record', data: { format, element: el }, line: recordLine },
    );
    format = undefined;
  });
  parser.on('error', (e) => {
    if (format) recordError ??= e.message;
    else out.push({ kind: 'error', line: parser.line, reason: e.message, fatal: false });
  });

  let carry = '';
  for await (const chunk of chunks) {
    const dtd = rejectDtd(carry + chunk);
    if (!dtd.ok) {
      yield { kind: 'error', line: parser.line, reason: dtd.message, fatal: true };
      return;
    }
    carry = (carry + chunk).slice(-DTD_CARRY);
    try {
      parser.write(chunk);
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      yield* out.splice(0);
      yield { kind: 'error', line: parser.line, reason: `elements nested deeper than ${MAX_XML_DEPTH} levels`, fatal: true };
      return;
    }
    yield* out.splice(0);
  }
  parser.close();
  if (format) out.push({ kind: 'error', line: recordLine, reason: 'document ends inside this record', fatal: true });
  yield* out.splice(0);
}

function attrsOf(tag: SaxesTagNS): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const a of Object.values(tag.attributes)) {
    if (a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
  }
  return attrs;
}

/** Helpers for reading the small trees. */
export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
export const children = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
export const childText = (el: XmlElement, name: string): string | undefined => {
  const t = child(el, name)?.text;
  return t === undefined || t === '' ? undefined : t;
};
