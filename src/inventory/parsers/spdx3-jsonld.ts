import type { ParsedComponent, ParsedSbom, SbomProblem, ValidationMode } from '../sbom-model.ts';
import { directness, groupEdges } from './graph.ts';
import { identifiersOrWarn } from './identifiers.ts';
import { objectsOf, str, strings } from './json-values.ts';
import { judge, rejected, type SbomParseResult } from './outcome.ts';

type Element = Record<string, unknown>;

// software_Package and the profile classes derived from it.
const PACKAGE_TYPES = new Set(['software_Package', 'ai_AIPackage', 'dataset_DatasetPackage']);
const DEPENDENCY_TYPES = new Set(['dependsOn', 'contains', 'hasStaticLink', 'hasDynamicLink', 'hasPrerequisite']);

/**
 * SPDX 3.0 JSON-LD, read as the flat `@graph` the SPDX serialisation produces. The product is
 * what the document and its Sbom name as root elements or `describes`; their packages are the
 * subject, every other package a component.
 */
export function parseSpdx3JsonLd(doc: Record<string, unknown>, mode: ValidationMode): SbomParseResult {
  const graph = doc['@graph'];
  if (!Array.isArray(graph)) {
    return rejected('INVALID_SBOM', 'SPDX 3 JSON-LD needs an @graph array', [{ path: '/@graph', message: 'must be an array' }]);
  }
  const violations: SbomProblem[] = [];
  const elements: { e: Element; at: string }[] = [];
  for (const [e, i] of objectsOf(graph, '/@graph', violations)) {
    if (typeof e.type === 'string') elements.push({ e, at: `/@graph/${i}` });
    else violations.push({ path: `/@graph/${i}`, message: 'element must be an object with a type' });
  }
  const specVersion = elements.find(({ e }) => e.type === 'CreationInfo' && typeof e.specVersion === 'string')?.e.specVersion;
  if (typeof specVersion !== 'string' || !specVersion.startsWith('3.')) {
    return rejected('UNSUPPORTED_SPEC_VERSION', `SPDX JSON-LD specVersion ${JSON.stringify(specVersion)} is not supported (3.0.x)`, [
      { path: '/@graph', message: 'no CreationInfo with a 3.x specVersion' },
    ]);
  }
  return judge(mode, `SPDX ${specVersion} JSON-LD`, violations, () => read(elements, specVersion));
}

function read(located: { e: Element; at: string }[], specVersion: string): ParsedSbom {
  const elements = located.map(({ e }) => e);
  const warnings: SbomProblem[] = [];
  const byId = new Map<string, Element>();
  for (const e of elements) {
    const id = idOf(e);
    if (id !== null) byId.set(id, e);
  }
  const described = new Set<string>();
  const edges: [string, string][] = [];
  const licenses = new Map<string, string[]>();
  for (const e of elements) {
    if (e.type === 'SpdxDocument' || e.type === 'software_Sbom') for (const r of strings(e.rootElement)) described.add(r);
    const from = str(e.from);
    const kind = str(e.relationshipType);
    if (from === null || kind === null) continue;
    for (const to of strings(e.to)) {
      if (kind === 'describes') described.add(to);
      else if (DEPENDENCY_TYPES.has(kind)) edges.push([from, to]);
      else if (kind === 'hasDeclaredLicense' || kind === 'hasConcludedLicense') {
        const expression = str(byId.get(to)?.simplelicensing_licenseExpression);
        if (expression !== null && expression !== 'NOASSERTION' && expression !== 'NONE') {
          licenses.set(from, [...new Set([...(licenses.get(from) ?? []), expression])]);
        }
      }
    }
  }

  const packages = located.filter(({ e }) => PACKAGE_TYPES.has(e.type as string));
  const ids = new Set(packages.map(({ e }) => idOf(e)));
  const dependencies = groupEdges(edges.filter(([a, b]) => ids.has(a) && ids.has(b)));
  const isDirect = directness(
    [...described].filter((id) => ids.has(id)),
    dependencies,
  );

  let subject: ParsedSbom['subject'] = null;
  const components: ParsedComponent[] = [];
  const locations: string[] = [];
  for (const { e, at } of packages) {
    const c = mapPackage(e, at, byId, licenses, warnings);
    if (described.has(c.bomRef)) {
      subject ??= { name: c.name, version: c.version, purl: c.purl };
      continue;
    }
    components.push({ ...c, direct: isDirect(c.bomRef) });
    locations.push(at);
  }
  return { format: 'SPDX', encoding: 'json-ld', specVersion, subject, components, locations, dependencies, warnings };
}

function mapPackage(p: Element, pointer: string, byId: Map<string, Element>, licenses: Map<string, string[]>, warnings: SbomProblem[]): ParsedComponent {
  const bomRef = idOf(p) ?? pointer;
  const identifiers = objectsOf(p.externalIdentifier, `${pointer}/externalIdentifier`, warnings);
  const identifier = (type: RegExp): { raw: unknown; at: string } | undefined => {
    const found = identifiers.find(([x]) => typeof x.externalIdentifierType === 'string' && type.test(x.externalIdentifierType));
    return found && { raw: found[0].identifier, at: `${pointer}/externalIdentifier/${found[1]}/identifier` };
  };
  const purl = p.software_packageUrl !== undefined ? { raw: p.software_packageUrl, at: `${pointer}/software_packageUrl` } : identifier(/^packageUrl$|^purl$/);
  const cpe = identifier(/^cpe2[23]$/);
  const supplier = str(byId.get(str(p.suppliedBy) ?? '')?.name);
  return {
    bomRef,
    type: str(p.software_primaryPurpose)?.toLowerCase() ?? 'library',
    group: null,
    name: str(p.name) ?? '',
    version: str(p.software_packageVersion),
    ...identifiersOrWarn(purl, cpe, warnings),
    hashes: objectsOf(p.verifiedUsing, `${pointer}/verifiedUsing`, warnings).flatMap(([h]) => {
      const alg = str(h.algorithm);
      const content = str(h.hashValue);
      return h.type === 'Hash' && alg !== null && content !== null ? [{ alg: alg.toUpperCase().replace(/^SHA(?=\d)/, 'SHA-'), content }] : [];
    }),
    licenses: licenses.get(bomRef) ?? [],
    supplier,
    scope: null,
    direct: null,
    parentRef: null,
  };
}

const idOf = (e: Element): string | null => str(e.spdxId) ?? str(e['@id']);
