/**
 * CPE 2.3 well-formed names and their two bindings (NISTIR 7695): the formatted string
 * `cpe:2.3:a:vendor:product:…` and the 2.2 URI `cpe:/a:vendor:product:…`.
 *
 * A WFN value is ANY, NA or a string in WFN form: every character other than letters, digits
 * and `_` is quoted with a backslash, except the unquoted wildcards `*` and `?` the spec allows
 * at either end. Values are lowercased: CPE names compare case-insensitively and the NVD
 * dictionary spells them in lowercase, so one spelling keeps index keys stable.
 */
import { err, ok, type Result } from '../../core/result.ts';

export const WFN_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const;

export type WfnAttribute = (typeof WFN_ATTRIBUTES)[number];

export type WfnValue = { kind: 'ANY' } | { kind: 'NA' } | { kind: 'value'; value: string };

export type Wfn = Record<WfnAttribute, WfnValue>;

const ANY: WfnValue = Object.freeze({ kind: 'ANY' });
const NA: WfnValue = Object.freeze({ kind: 'NA' });

const INVALID = 'INVALID_CPE';

const isPlain = (c: string): boolean => /^[a-z0-9_]$/.test(c);

/** 2.2 URI percent-encodings of the characters WFN quotes (NISTIR 7695 §6.1.2.3.2). */
const URI_PCT = new Map<string, string>([...'!"#$%&\'()*+,/:;<=>?@[\\]^`{|}~'].map((c) => [c, `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`]));
const URI_UNPCT = new Map<string, string>([...URI_PCT].map(([c, enc]) => [enc, c]));

/** Checks the placement rules of both bindings: one `*` or a run of `?` at either end, nowhere else. */
function checkWildcards(tokens: string[], attr: string): Result<void> {
  const shape = tokens.map((t) => (t === '*' || t === '?' ? t : 'x')).join('');
  return /^(\*|\?*)x*(\*|\?*)$/.test(shape) && !shape.includes('**') ? ok(undefined) : err(INVALID, `misplaced wildcard in ${attr}`, attr);
}

function unbindFsValue(raw: string, attr: WfnAttribute): Result<WfnValue> {
  if (raw === '*') return ok(ANY);
  if (raw === '-') return ok(NA);
  if (raw === '') return err(INVALID, `empty ${attr}`, attr);
  const tokens: string[] = [];
  const s = raw.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (/\s/.test(c)) return err(INVALID, `whitespace in ${attr}`, attr);
    if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined) return err(INVALID, `trailing backslash in ${attr}`, attr);
      i++;
      tokens.push(isPlain(next) ? next : `\\${next}`);
    } else if (c === '*' || c === '?' || isPlain(c)) {
      tokens.push(c);
    } else {
      tokens.push(`\\${c}`);
    }
  }
  const w = checkWildcards(tokens, attr);
  return w.ok ? ok({ kind: 'value', value: tokens.join('') }) : w;
}

/** Splits on `:` not preceded by an escaping backslash. */
function splitFs(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '\\' && i + 1 < s.length) {
      cur += c + (s[i + 1] ?? '');
      i++;
    } else if (c === ':') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function checkPart(v: WfnValue, allowAny: boolean): Result<WfnValue> {
  if (v.kind === 'ANY' && allowAny) return ok(v);
  if (v.kind === 'value' && /^[aoh]$/.test(v.value)) return ok(v);
  return err(INVALID, 'part must be a, o or h', 'part');
}

/** Unbinds a CPE 2.3 formatted string (`cpe:2.3:part:vendor:…`, 13 fields) into a WFN. */
function parseCpe23(input: string): Result<Wfn> {
  const s = input.trim();
  if (!/^cpe:2\.3:/i.test(s)) return err(INVALID, 'a CPE 2.3 name starts with cpe:2.3:');
  const fields = splitFs(s.slice('cpe:2.3:'.length));
  if (fields.length !== 11) return err(INVALID, `a CPE 2.3 name has 11 attributes, found ${fields.length}`);
  const wfn = {} as Wfn;
  for (const [i, attr] of WFN_ATTRIBUTES.entries()) {
    const v = unbindFsValue(fields[i] ?? '', attr);
    if (!v.ok) return v;
    wfn[attr] = v.value;
  }
  const part = checkPart(wfn.part, true);
  return part.ok ? ok(wfn) : part;
}

function decodeUriValue(raw: string, attr: WfnAttribute): Result<WfnValue> {
  if (raw === '') return ok(ANY);
  if (raw === '-') return ok(NA);
  const s = raw.toLowerCase();
  const tokens: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '%') {
      const enc = s.slice(i, i + 3);
      i += 2;
      if (enc === '%01') tokens.push('?');
      else if (enc === '%02') tokens.push('*');
      else {
        const d = URI_UNPCT.get(enc);
        if (d === undefined) return err(INVALID, `invalid percent-encoding ${enc} in ${attr}`, attr);
        tokens.push(`\\${d}`);
      }
    } else if (isPlain(c)) {
      tokens.push(c);
    } else if (/[\s:]/.test(c)) {
      return err(INVALID, `invalid character ${JSON.stringify(c)} in ${attr}`, attr);
    } else {
      tokens.push(`\\${c}`);
    }
  }
  const w = checkWildcards(tokens, attr);
  return w.ok ? ok({ kind: 'value', value: tokens.join('') }) : w;
}

/** Unbinds a CPE 2.2 URI (`cpe:/a:vendor:product:version:update:edition:language`), unpacking `~`-packed editions. */
function parseCpe22(input: string): Result<Wfn> {
  const s = input.trim();
  if (!/^cpe:\//i.test(s)) return err(INVALID, 'a CPE URI starts with cpe:/');
  const fields = s.slice('cpe:/'.length).split(':');
  if (fields.length > 7) return err(INVALID, `a CPE URI has at most 7 components, found ${fields.length}`);
  const wfn = Object.fromEntries(WFN_ATTRIBUTES.map((a) => [a, ANY])) as Wfn;
  const uriAttrs = WFN_ATTRIBUTES.slice(0, 7);
  for (const [i, raw] of fields.entries()) {
    const attr = uriAttrs[i];
    if (attr === undefined) continue;
    if (attr === 'edition' && raw.startsWith('~')) {
      const packed = raw.split('~');
      if (packed.length !== 6) return err(INVALID, 'a packed edition has 5 ~-separated fields', 'edition');
      const targets = ['edition', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;
      for (const [j, target] of targets.entries()) {
        const v = decodeUriValue(packed[j + 1] ?? '', target);
        if (!v.ok) return v;
        wfn[target] = v.value;
      }
      continue;
    }
    const v = decodeUriValue(raw, attr);
    if (!v.ok) return v;
    wfn[attr] = v.value;
  }
  const part = checkPart(wfn.part, true);
  return part.ok ? ok(wfn) : part;
}

/** Unbinds either binding. */
export function parseCpe(input: string): Result<Wfn> {
  const s = input.trim();
  if (/^cpe:2\.3:/i.test(s)) return parseCpe23(s);
  if (/^cpe:\//i.test(s)) return parseCpe22(s);
  return err(INVALID, 'a CPE name starts with cpe:2.3: or cpe:/');
}

function bindFsValue(v: WfnValue): string {
  if (v.kind === 'ANY') return '*';
  if (v.kind === 'NA') return '-';
  // `.`, `-` and `_` go unquoted in the formatted string; every other quoted character keeps its backslash.
  return v.value.replace(/\\([.\-_])/g, '$1');
}

/** Binds a WFN to the CPE 2.3 formatted string. */
export function formatCpe23(wfn: Wfn): string {
  return `cpe:2.3:${WFN_ATTRIBUTES.map((a) => bindFsValue(wfn[a])).join(':')}`;
}

function bindUriValue(v: WfnValue): string {
  if (v.kind === 'ANY') return '';
  if (v.kind === 'NA') return '-';
  let out = '';
  for (let i = 0; i < v.value.length; i++) {
    const c = v.value[i] ?? '';
    if (c === '\\') {
      const q = v.value[i + 1] ?? '';
      i++;
      out += q === '.' || q === '-' ? q : (URI_PCT.get(q) ?? q);
    } else if (c === '?') out += '%01';
    else if (c === '*') out += '%02';
    else out += c;
  }
  return out;
}

/** Binds a WFN to a CPE 2.2 URI, packing the extended attributes into the edition with `~`. */
export function formatCpe22(wfn: Wfn): string {
  const extended = [wfn.sw_edition, wfn.target_sw, wfn.target_hw, wfn.other];
  const edition = extended.every((v) => v.kind === 'ANY') ? bindUriValue(wfn.edition) : `~${[wfn.edition, ...extended].map(bindUriValue).join('~')}`;
  const fields = [wfn.part, wfn.vendor, wfn.product, wfn.version, wfn.update].map(bindUriValue);
  fields.push(edition, bindUriValue(wfn.language));
  return `cpe:/${fields.join(':')}`.replace(/:+$/, '');
}

/** Canonical CPE 2.3 formatted string for a 2.3 name or a 2.2 URI; `INVALID_CPE` otherwise. */
export function toCpe23(input: string): Result<string> {
  const w = parseCpe(input);
  return w.ok ? ok(formatCpe23(w.value)) : w;
}

/** CPE 2.2 URI for a 2.3 name or a 2.2 URI; `INVALID_CPE` otherwise. */
export function toCpe22(input: string): Result<string> {
  const w = parseCpe(input);
  return w.ok ? ok(formatCpe22(w.value)) : w;
}
