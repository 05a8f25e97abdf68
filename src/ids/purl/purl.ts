/**
 * Package URL parsing, building and canonical serialisation (purl-spec / ECMA-427).
 * Per-type case folding and validation come from `packageurl-js`; the rules it does not know
 * yet (namespace requirements from the type definitions, cpan, chrome-extension, julia, swid,
 * brew, git) live in `TYPE_RULES` below.
 */
import packageurl from 'packageurl-js';
import { err, ok, type Result } from '../../core/result.ts';

/** A parsed, normalised purl. Absent components are `undefined`, never empty strings. */
export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  /** Keys lowercased; entries with empty values dropped. */
  qualifiers?: Record<string, string>;
  subpath?: string;
}

/** Components as a caller (or an SBOM) supplies them; `null` and `''` mean absent. */
export interface PurlInput {
  type?: string | null;
  namespace?: string | null;
  name?: string | null;
  version?: string | null;
  qualifiers?: Record<string, string | null | undefined> | null;
  subpath?: string | null;
}

interface TypeRule {
  namespace?: 'required' | 'prohibited';
  lowerNamespace?: boolean;
  lowerName?: boolean;
  requiredQualifiers?: string[];
  /** Returns why the purl is invalid for this type, or undefined. */
  check?: (p: Purl) => string | undefined;
}

// golang is not among them although its type definition says so: a Go module path needs no `/`
// (`stdlib`, `toolchain`, `tailscale.com`), Go's vulnerability database names them so, and Syft,
// Trivy and govulncheck write `pkg:golang/stdlib@…` (purl-spec issue 63).
const REQUIRED_NS = ['alpm', 'apk', 'bitbucket', 'composer', 'deb', 'git', 'github', 'huggingface', 'maven', 'qpkg', 'rpm', 'swift', 'vscode-extension'];
const PROHIBITED_NS = [
  'bazel',
  'bitnami',
  'cargo',
  'chrome-extension',
  'cocoapods',
  'conda',
  'cran',
  'gem',
  'hackage',
  'julia',
  'mlflow',
  'nuget',
  'oci',
  'opam',
  'otp',
  'pub',
  'pypi',
  'vcpkg',
];

const TYPE_RULES: Record<string, TypeRule> = {
  ...Object.fromEntries(REQUIRED_NS.map((t) => [t, { namespace: 'required' } satisfies TypeRule])),
  ...Object.fromEntries(PROHIBITED_NS.map((t) => [t, { namespace: 'prohibited' } satisfies TypeRule])),
  alpm: { namespace: 'required', lowerNamespace: true },
  brew: { lowerNamespace: true, lowerName: true },
  'chrome-extension': {
    namespace: 'prohibited',
    lowerName: true,
    // Extension ids are 32 letters a–p; versions are one to four dot-separated integers.
    check: (p) =>
      !/^[a-p]{32}$/.test(p.name)
        ? 'chrome-extension name must be a 32-letter extension id (a-p)'
        : p.version !== undefined && !/^\d+(\.\d+){0,3}$/.test(p.version)
          ? 'chrome-extension version must be 1 to 4 dot-separated integers'
          : undefined,
  },
  // A cpan name is a distribution (`URI-PackageURL`), never a module (`URI::PackageURL`).
  cpan: { check: (p) => (p.name.includes('::') ? 'cpan name must be a distribution name, not a module name' : undefined) },
  julia: { namespace: 'prohibited', requiredQualifiers: ['uuid'] },
  swid: { requiredQualifiers: ['tag_id'] },
};

const TYPE_RE = /^[A-Za-z.+-][A-Za-z0-9.+-]*$/;
const QUALIFIER_KEY_RE = /^[A-Za-z.\-_][A-Za-z0-9.\-_]*$/;

const INVALID = 'INVALID_PURL';

/** Percent-encodes everything but RFC 3986 unreserved characters and `:`, as the canonical form requires. */
function encodeSegment(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/g, ':');
}

function decode(s: string, what: string): Result<string> {
  try {
    return ok(decodeURIComponent(s));
  } catch {
    return err(INVALID, `${what} has a malformed percent-encoding: ${JSON.stringify(s)}`);
  }
}

function decodeSegments(raw: string, what: string, dropDots: boolean): Result<string[]> {
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '') continue;
    const d = decode(seg, what);
    if (!d.ok) return d;
    if (dropDots && (d.value === '.' || d.value === '..')) continue;
    out.push(d.value);
  }
  return ok(out);
}

const blankToUndefined = (s: string | null | undefined): string | undefined => (s === null || s === undefined || s.trim() === '' ? undefined : s);

/**
 * Normalises and validates components: type, case folding, qualifiers, per-type rules.
 * Shared by `parsePurl` and `buildPurl` so both reject and fold exactly alike.
 */
function normalize(input: PurlInput): Result<Purl> {
  const type = input.type?.trim() ?? '';
  if (type === '' || !TYPE_RE.test(type)) return err(INVALID, `invalid purl type ${JSON.stringify(input.type ?? null)}`, 'type');
  const p: Purl = { type: type.toLowerCase(), name: input.name?.trim() ?? '' };
  if (p.name === '') return err(INVALID, 'a purl needs a name', 'name');

  const namespace = blankToUndefined(input.namespace)
    ?.split('/')
    .filter((s) => s !== '')
    .join('/');
  if (namespace) p.namespace = namespace;
  const version = blankToUndefined(input.version);
  if (version !== undefined) p.version = version.trim();
  const subpath = blankToUndefined(input.subpath)
    ?.split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
  if (subpath) p.subpath = subpath;

  if (input.qualifiers) {
    const q: Record<string, string> = {};
    for (const [rawKey, value] of Object.entries(input.qualifiers)) {
      if (!QUALIFIER_KEY_RE.test(rawKey)) return err(INVALID, `invalid qualifier key ${JSON.stringify(rawKey)}`, 'qualifiers');
      const key = rawKey.toLowerCase();
      if (key in q) return err(INVALID, `duplicate qualifier ${key}`, 'qualifiers');
      if (value !== null && value !== undefined && value !== '') q[key] = value;
    }
    if (Object.keys(q).length > 0) p.qualifiers = q;
  }

  const typeEntry = (packageurl.PurlType as Record<string, { normalize: (x: object) => void; validate: (x: object, t: boolean) => boolean }>)[p.type];
  if (typeEntry) {
    // packageurl-js folds case and checks its known per-type rules on a plain object in place.
    const lib: Record<string, unknown> = { ...p, qualifiers: p.qualifiers ? { ...p.qualifiers } : undefined };
    typeEntry.normalize(lib);
    try {
      if (!typeEntry.validate(lib, true)) return err(INVALID, `invalid ${p.type} purl`);
    } catch (e) {
      return err(INVALID, e instanceof Error ? e.message : `invalid ${p.type} purl`);
    }
    if (typeof lib.namespace === 'string' && lib.namespace !== '') p.namespace = lib.namespace;
    if (typeof lib.name === 'string') p.name = lib.name;
    if (typeof lib.version === 'string' && lib.version !== '') p.version = lib.version;
  }

  const rule = TYPE_RULES[p.type];
  if (rule) {
    if (rule.lowerNamespace && p.namespace) p.namespace = p.namespace.toLowerCase();
    if (rule.lowerName) p.name = p.name.toLowerCase();
    if (rule.namespace === 'required' && !p.namespace) return err(INVALID, `a ${p.type} purl needs a namespace`, 'namespace');
    if (rule.namespace === 'prohibited' && p.namespace) return err(INVALID, `a ${p.type} purl has no namespace`, 'namespace');
    for (const k of rule.requiredQualifiers ?? []) {
      if (!p.qualifiers?.[k]) return err(INVALID, `a ${p.type} purl needs the ${k} qualifier`, 'qualifiers');
    }
    const why = rule.check?.(p);
    if (why) return err(INVALID, why);
  }
  return ok(p);
}

/**
 * Parses a purl string into normalised components. Lenient where the spec allows (`pkg://`,
 * mixed-case type and qualifier keys, unencoded `@` in an npm scope); `INVALID_PURL` otherwise.
 */
export function parsePurl(input: string): Result<Purl> {
  let rest = input.trim();
  let subpathRaw: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    subpathRaw = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let qualifiers: Record<string, string> | undefined;
  const qm = rest.indexOf('?');
  if (qm >= 0) {
    qualifiers = {};
    for (const pair of rest.slice(qm + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) return err(INVALID, `qualifier without key=value: ${JSON.stringify(pair)}`, 'qualifiers');
      const key = pair.slice(0, eq).toLowerCase();
      const value = decode(pair.slice(eq + 1), 'qualifier value');
      if (!value.ok) return value;
      if (key in qualifiers) return err(INVALID, `duplicate qualifier ${key}`, 'qualifiers');
      qualifiers[key] = value.value;
    }
    rest = rest.slice(0, qm);
  }
  const colon = rest.indexOf(':');
  if (colon < 0 || rest.slice(0, colon).toLowerCase() !== 'pkg') return err(INVALID, 'a purl starts with pkg:', 'scheme');
  rest = rest.slice(colon + 1).replace(/^\/+/, '');
  const slash = rest.indexOf('/');
  if (slash <= 0) return err(INVALID, 'a purl needs pkg:<type>/<name>', 'type');
  const type = rest.slice(0, slash);
  rest = rest.slice(slash + 1).replace(/\/+$/, '');

  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  // An `@` before the last `/` is an unencoded npm scope, not a version separator.
  if (at >= 0 && at > rest.lastIndexOf('/')) {
    const v = decode(rest.slice(at + 1), 'version');
    if (!v.ok) return v;
    version = v.value;
    rest = rest.slice(0, at);
    // `ns/@1.0`: a version after an empty name.
    if (rest.endsWith('/')) return err(INVALID, 'a purl needs a name', 'name');
  }
  const segments = decodeSegments(rest, 'name', false);
  if (!segments.ok) return segments;
  // A git purl's namespace is the host; everything after it is the repository path.
  const split = Math.max(type.toLowerCase() === 'git' ? 1 : segments.value.length - 1, 0);
  const nsSegments = segments.value.slice(0, split);
  if (nsSegments.some((s) => s.includes('/'))) return err(INVALID, 'a namespace segment may not contain an encoded /', 'namespace');
  const namespace = nsSegments.join('/');
  const name = segments.value.slice(split).join('/');
  let subpath: string | undefined;
  if (subpathRaw !== undefined) {
    const s = decodeSegments(subpathRaw, 'subpath', true);
    if (!s.ok) return s;
    subpath = s.value.join('/');
  }
  return normalize({ type, namespace, name, version, qualifiers, subpath });
}

/** Builds a normalised purl from separate components (SBOM fields, CycloneDX group/name). */
export function buildPurl(input: PurlInput): Result<Purl> {
  if (input.qualifiers) {
    for (const k of Object.keys(input.qualifiers)) {
      if (!QUALIFIER_KEY_RE.test(k)) return err(INVALID, `invalid qualifier key ${JSON.stringify(k)}`, 'qualifiers');
    }
  }
  return normalize(input);
}

/** The canonical string of a normalised purl: sorted qualifiers, canonical percent-encoding. */
export function formatPurl(p: Purl): string {
  const path = (s: string): string => s.split('/').map(encodeSegment).join('/');
  let out = `pkg:${p.type}/`;
  if (p.namespace) out += `${path(p.namespace)}/`;
  out += p.type === 'git' ? path(p.name) : encodeSegment(p.name);
  if (p.version !== undefined) out += `@${encodeSegment(p.version)}`;
  const keys = Object.keys(p.qualifiers ?? {}).sort();
  if (keys.length > 0) out += `?${keys.map((k) => `${k}=${encodeSegment(p.qualifiers?.[k] ?? '')}`).join('&')}`;
  if (p.subpath) out += `#${path(p.subpath)}`;
  return out;
}

/** Parses any accepted spelling of a purl and returns its canonical string; `INVALID_PURL` otherwise. */
export function canonicalizePurl(input: string): Result<string> {
  const p = parsePurl(input);
  return p.ok ? ok(formatPurl(p.value)) : p;
}
