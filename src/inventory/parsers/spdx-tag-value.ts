import type { SbomProblem, ValidationMode } from '../sbom-model.ts';
import { judge, rejected, type SbomParseResult } from './outcome.ts';
import { mapSpdx2, type Spdx2Document, type Spdx2Package } from './spdx2-document.ts';

/** A package as the tag-value reader builds it: its lists are always lists. */
type TagPackage = Spdx2Package & {
  checksums: { algorithm?: string; checksumValue?: string }[];
  externalRefs: { referenceType?: string; referenceLocator?: string }[];
};

interface Tag {
  tag: string;
  value: string;
  line: number;
}

/**
 * SPDX 2.x tag-value: `Tag: value` lines, `<text>…</text>` values that may span lines, `#`
 * comments. Read into the JSON document shape so that both encodings share one mapping.
 */
export function parseSpdxTagValue(text: string, mode: ValidationMode): SbomParseResult {
  const violations: SbomProblem[] = [];
  const tags = tokenize(text, violations);
  const { doc, lines } = assemble(tags, violations);
  if (!/^SPDX-2\.\d$/.test(doc.spdxVersion)) {
    return rejected('UNSUPPORTED_SPEC_VERSION', `SPDX tag-value ${JSON.stringify(doc.spdxVersion)} is not supported (SPDX-2.x)`, [
      { path: `line ${tags.find((t) => t.tag === 'SPDXVersion')?.line ?? 1}`, message: 'unsupported SPDXVersion' },
    ]);
  }
  return judge(mode, `SPDX ${doc.spdxVersion.slice(5)} tag-value`, violations, () => mapSpdx2(doc, 'tag-value', (node) => `line ${lines.get(node) ?? 1}`));
}

function tokenize(text: string, violations: SbomProblem[]): Tag[] {
  const tags: Tag[] = [];
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? '';
    if (row.trim() === '' || row.trimStart().startsWith('#')) continue;
    const m = /^\s*([A-Za-z][\w-]*)\s*:\s?(.*)$/.exec(row);
    if (!m) {
      violations.push({ path: `line ${i + 1}`, message: `expected "Tag: value", found ${JSON.stringify(row.slice(0, 80))}` });
      continue;
    }
    const [, tag = '', rest = ''] = m;
    const start = i;
    let value = rest.trim();
    if (value.startsWith('<text>')) {
      // Only the newest line is searched for the end: searching the whole value again at every
      // line would make a never-closed <text> quadratic in the document's length.
      const lines = [value.slice(6)];
      while (!lines.at(-1)!.includes('</text>') && i + 1 < rows.length) lines.push(rows[++i] ?? '');
      const body = lines.join('\n');
      const end = body.indexOf('</text>');
      if (end === -1) {
        violations.push({ path: `line ${start + 1}`, message: `<text> value of ${tag} is never closed by </text>` });
        value = body;
      } else {
        value = body.slice(0, end);
      }
    }
    tags.push({ tag, value, line: start + 1 });
  }
  return tags;
}

const DOCUMENT_REQUIRED = ['SPDXVersion', 'DataLicense', 'SPDXID', 'DocumentName', 'DocumentNamespace'];
// Sections other than packages, whose tags (SPDXID, licenses, …) must not land on a package.
const OTHER_SECTION = /^(FileName|SnippetSPDXID|LicenseID)$/;

function assemble(tags: Tag[], violations: SbomProblem[]): { doc: Spdx2Document; lines: WeakMap<object, number> } {
  const lines = new WeakMap<object, number>();
  const doc: Spdx2Document & { packages: TagPackage[]; relationships: object[] } = { spdxVersion: '', packages: [], relationships: [] };
  const seen = new Set<string>();
  let pkg: TagPackage | null = null;
  let inDocument = true;
  for (const { tag, value, line } of tags) {
    if (tag === 'PackageName') {
      inDocument = false;
      pkg = { name: value, checksums: [], externalRefs: [] };
      doc.packages.push(pkg);
      lines.set(pkg, line);
      continue;
    }
    if (OTHER_SECTION.test(tag)) {
      inDocument = false;
      pkg = null;
      continue;
    }
    if (tag === 'Relationship') {
      const [left, type, right] = value.split(/\s+/);
      if (right === undefined) violations.push({ path: `line ${line}`, message: `Relationship needs "<id> <TYPE> <id>", found ${JSON.stringify(value)}` });
      else doc.relationships.push({ spdxElementId: left, relationshipType: type, relatedSpdxElement: right });
      continue;
    }
    if (inDocument) {
      seen.add(tag);
      if (tag === 'SPDXVersion') doc.spdxVersion = value;
      if (tag === 'SPDXID') doc.SPDXID = value;
    } else if (pkg) {
      readPackageTag(pkg, tag, value, line, violations);
    }
  }
  for (const t of DOCUMENT_REQUIRED) {
    if (!seen.has(t)) violations.push({ path: 'line 1', message: `document creation information lacks ${t}` });
  }
  for (const p of doc.packages) {
    for (const [field, t] of [
      ['SPDXID', 'SPDXID'],
      ['downloadLocation', 'PackageDownloadLocation'],
    ] as const) {
      if (p[field] === undefined) violations.push({ path: `line ${lines.get(p) ?? 1}`, message: `package ${JSON.stringify(p.name)} lacks ${t}` });
    }
  }
  return { doc, lines };
}

function readPackageTag(pkg: TagPackage, tag: string, value: string, line: number, violations: SbomProblem[]): void {
  switch (tag) {
    case 'SPDXID':
      pkg.SPDXID = value;
      return;
    case 'PackageVersion':
      pkg.versionInfo = value;
      return;
    case 'PackageSupplier':
      pkg.supplier = value;
      return;
    case 'PackageDownloadLocation':
      pkg.downloadLocation = value;
      return;
    case 'PrimaryPackagePurpose':
      pkg.primaryPackagePurpose = value;
      return;
    case 'PackageLicenseConcluded':
      pkg.licenseConcluded = value;
      return;
    case 'PackageLicenseDeclared':
      pkg.licenseDeclared = value;
      return;
    case 'PackageChecksum': {
      const m = /^(\S+?):\s*(\S+)$/.exec(value);
      if (m) pkg.checksums.push({ algorithm: m[1], checksumValue: m[2] });
      else violations.push({ path: `line ${line}`, message: `PackageChecksum needs "<ALGORITHM>: <value>", found ${JSON.stringify(value)}` });
      return;
    }
    case 'ExternalRef': {
      const [, referenceType, referenceLocator] = value.split(/\s+/);
      if (referenceLocator !== undefined) pkg.externalRefs.push({ referenceType, referenceLocator });
      else violations.push({ path: `line ${line}`, message: `ExternalRef needs "<CATEGORY> <type> <locator>", found ${JSON.stringify(value)}` });
      return;
    }
  }
}
