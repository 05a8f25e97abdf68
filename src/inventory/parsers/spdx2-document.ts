import type { ParsedComponent, ParsedSbom, SbomProblem } from '../sbom-model.ts';
import { directness, groupEdges } from './graph.ts';
import { identifiersOrWarn } from './identifiers.ts';
import { objectsOf, str, strings, type JsonObject } from './json-values.ts';
import type { Locate } from './cyclonedx-bom.ts';

/**
 * An SPDX 2.x document in its JSON shape; the tag-value reader produces the same shape. Below
 * the top level nothing is trusted (warn mode lets schema violations through): every value is
 * narrowed on use.
 */
export interface Spdx2Document {
  spdxVersion: string;
  SPDXID?: unknown;
  documentDescribes?: unknown;
  packages?: unknown;
  relationships?: unknown;
}

export interface Spdx2Package {
  SPDXID?: unknown;
  name?: unknown;
  versionInfo?: unknown;
  downloadLocation?: unknown;
  supplier?: unknown;
  primaryPackagePurpose?: unknown;
  licenseConcluded?: unknown;
  licenseDeclared?: unknown;
  checksums?: unknown;
  externalRefs?: unknown;
}

// Relationship types that make the left element need or ship the right one, and their inverses.
const FORWARD = /^(DEPENDS_ON|CONTAINS|STATIC_LINK|DYNAMIC_LINK|HAS_PREREQUISITE)$/;
const BACKWARD = /^(\w+_)?DEPENDENCY_OF$|^CONTAINED_BY$|^PREREQUISITE_FOR$/;

export function mapSpdx2(doc: Spdx2Document, encoding: 'json' | 'tag-value', locate: Locate): ParsedSbom {
  const warnings: SbomProblem[] = [];
  const docId = str(doc.SPDXID) ?? 'SPDXRef-DOCUMENT';
  const described = new Set(strings(doc.documentDescribes));
  const edges: [string, string][] = [];
  for (const [r] of objectsOf(doc.relationships, locate(doc, '/relationships'), warnings)) {
    const left = str(r.spdxElementId);
    const type = str(r.relationshipType);
    const right = str(r.relatedSpdxElement);
    if (left === null || type === null || right === null) continue;
    if (type === 'DESCRIBES' && left === docId) described.add(right);
    else if (type === 'DESCRIBED_BY' && right === docId) described.add(left);
    else if (FORWARD.test(type)) edges.push([left, right]);
    else if (BACKWARD.test(type)) edges.push([right, left]);
  }

  const packages = objectsOf(doc.packages, locate(doc, '/packages'), warnings);
  const ids = new Set(packages.map(([p]) => str(p.SPDXID)));
  // The described packages are the product itself (its subject), not components of it.
  const roots = [...described].filter((id) => ids.has(id));
  const dependencies = groupEdges(edges.filter(([a, b]) => ids.has(a) && ids.has(b)));
  const isDirect = directness(roots, dependencies);

  let subject: ParsedSbom['subject'] = null;
  const components: ParsedComponent[] = [];
  const locations: string[] = [];
  for (const [p, i] of packages) {
    const c = mapPackage(p, i, warnings, locate);
    if (described.has(c.bomRef)) {
      subject ??= { name: c.name, version: c.version, purl: c.purl };
      continue;
    }
    components.push({ ...c, direct: isDirect(c.bomRef) });
    locations.push(locate(p, `/packages/${i}`));
  }
  return { format: 'SPDX', encoding, specVersion: doc.spdxVersion.replace(/^SPDX-/, ''), subject, components, locations, dependencies, warnings };
}

function mapPackage(p: JsonObject & Spdx2Package, index: number, warnings: SbomProblem[], locate: Locate): ParsedComponent {
  const pointer = `/packages/${index}`;
  const refs = objectsOf(p.externalRefs, locate(p, `${pointer}/externalRefs`), warnings);
  const ref = (types: RegExp): { raw: unknown; at: string } | undefined => {
    const found = refs.find(([r]) => typeof r.referenceType === 'string' && types.test(r.referenceType));
    return found && { raw: found[0].referenceLocator, at: locate(p, `${pointer}/externalRefs/${found[1]}/referenceLocator`) };
  };
  const purl = ref(/^purl$/);
  const cpe = ref(/^cpe2[23]Type$/);
  return {
    bomRef: str(p.SPDXID) ?? `kanshi:${index}`,
    type: str(p.primaryPackagePurpose)?.toLowerCase().replace(/_/g, '-') ?? 'library',
    group: null,
    name: str(p.name) ?? '',
    version: str(p.versionInfo),
    ...identifiersOrWarn(purl, cpe, warnings),
    hashes: objectsOf(p.checksums, locate(p, `${pointer}/checksums`), warnings).flatMap(([c]) => {
      const alg = str(c.algorithm);
      const content = str(c.checksumValue);
      return alg !== null && content !== null ? [{ alg: alg.replace(/^SHA(?=\d)/, 'SHA-'), content }] : [];
    }),
    licenses: [...new Set([p.licenseDeclared, p.licenseConcluded].map(assertion).filter(isString))],
    supplier: assertion(p.supplier)?.replace(/^(Organization|Person|Tool):\s*/, '') ?? null,
    scope: null,
    direct: null,
    parentRef: null,
  };
}

/** SPDX says NOASSERTION or NONE where it has nothing to say. */
const assertion = (v: unknown): string | null => {
  const s = str(v);
  return s === null || s === 'NOASSERTION' || s === 'NONE' ? null : s;
};

const isString = (v: unknown): v is string => typeof v === 'string';
