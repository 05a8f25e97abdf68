import type { ParsedComponent, ParsedHash, ParsedSbom, SbomProblem } from '../sbom-model.ts';
import { directness } from './graph.ts';
import { identifiersOrWarn, purlOrWarn } from './identifiers.ts';
import { field, isObject, objectsOf, str, strings, type JsonObject } from './json-values.ts';

/**
 * A CycloneDX BOM in its JSON shape. The XML reader produces the same shape, so that both
 * encodings share one mapping to the inventory model. Below the top level nothing is trusted:
 * in warn mode the document may break its schema anywhere, so every value is narrowed on use.
 */
export interface CdxBom {
  specVersion: string;
  metadata?: unknown;
  components?: unknown;
  dependencies?: unknown;
}

/** One component as read; its properties are the JSON ones (`bom-ref`, `hashes`, …), of any type. */
export type CdxComponent = JsonObject;

/** Where a node is, for problem reports: a JSON pointer, or `line N` in XML. */
export type Locate = (node: object, pointer: string) => string;

export function mapCycloneDx(bom: CdxBom, encoding: 'json' | 'xml', locate: Locate): ParsedSbom {
  const warnings: SbomProblem[] = [];
  const components: ParsedComponent[] = [];
  const locations: string[] = [];
  const seenRefs = new Map<string, number>();

  // Nested components are walked depth-first in document order with an explicit stack, so that
  // no nesting depth can overflow the call stack.
  const frames: { items: [CdxComponent, number][]; next: number; pointer: string; parentRef: string | null }[] = [
    { items: objectsOf(bom.components, locate(bom, '/components'), warnings), next: 0, pointer: '/components', parentRef: null },
  ];
  for (let frame = frames.at(-1); frame !== undefined; frame = frames.at(-1)) {
    const item = frame.items[frame.next++];
    if (item === undefined) {
      frames.pop();
      continue;
    }
    const [c, i] = item;
    const at = `${frame.pointer}/${i}`;
    const ref = uniqueRef(c, at, components.length, seenRefs, warnings, locate);
    components.push(mapComponent(c, ref, frame.parentRef, at, warnings, locate));
    locations.push(locate(c, at));
    frames.push({ items: objectsOf(c.components, locate(c, `${at}/components`), warnings), next: 0, pointer: `${at}/components`, parentRef: ref });
  }

  const dependencies = objectsOf(bom.dependencies, locate(bom, '/dependencies'), warnings).flatMap(([d]) =>
    typeof d.ref === 'string' ? [{ ref: d.ref, dependsOn: strings(d.dependsOn) }] : [],
  );
  const subjectNode = field(bom.metadata, 'component');
  const subjectRef = str(field(subjectNode, 'bom-ref'));
  const isDirect = directness(subjectRef === null ? [] : [subjectRef], dependencies);
  for (const c of components) c.direct = isDirect(c.bomRef);

  return {
    format: 'CycloneDX',
    encoding,
    specVersion: bom.specVersion,
    subject: isObject(subjectNode) ? subjectOf(subjectNode, warnings, locate) : null,
    components,
    locations,
    dependencies,
    warnings,
  };
}

/**
 * bom-refs must be unique, but real generators repeat them (cyclonedx-npm lists the same
 * package at several node_modules paths). Every occurrence stays a component, since each is a
 * copy the product ships; repeats get a `#n` suffix so that the ref stays a key, and graph edges
 * naming the ref keep pointing at the first occurrence.
 */
function uniqueRef(c: CdxComponent, pointer: string, index: number, seen: Map<string, number>, warnings: SbomProblem[], locate: Locate): string {
  const declared = str(c['bom-ref']);
  if (declared === null) return `kanshi:${index}`;
  const count = (seen.get(declared) ?? 0) + 1;
  seen.set(declared, count);
  if (count === 1) return declared;
  warnings.push({ path: locate(c, `${pointer}/bom-ref`), message: `duplicate bom-ref ${JSON.stringify(declared)}` });
  return `${declared}#${count}`;
}

function mapComponent(c: CdxComponent, bomRef: string, parentRef: string | null, pointer: string, warnings: SbomProblem[], locate: Locate): ParsedComponent {
  return {
    bomRef,
    type: str(c.type) ?? 'library',
    group: str(c.group),
    name: str(c.name) ?? '',
    version: str(c.version),
    ...identifiersOrWarn({ raw: c.purl, at: locate(c, `${pointer}/purl`) }, { raw: c.cpe, at: locate(c, `${pointer}/cpe`) }, warnings),
    hashes: hashesOf(c, locate(c, `${pointer}/hashes`), warnings),
    licenses: licensesOf(c, locate(c, `${pointer}/licenses`), warnings),
    supplier: str(field(c.supplier, 'name')),
    scope: str(c.scope),
    direct: null,
    parentRef,
  };
}

function subjectOf(c: CdxComponent, warnings: SbomProblem[], locate: Locate): NonNullable<ParsedSbom['subject']> {
  return {
    name: str(c.name) ?? '',
    version: str(c.version),
    purl: purlOrWarn(c.purl, locate(c, '/metadata/component/purl'), warnings),
  };
}

function hashesOf(c: CdxComponent, path: string, warnings: SbomProblem[]): ParsedHash[] {
  return objectsOf(c.hashes, path, warnings).flatMap(([h]) => {
    const alg = str(h.alg);
    const content = str(h.content);
    return alg !== null && content !== null ? [{ alg, content }] : [];
  });
}

function licensesOf(c: CdxComponent, path: string, warnings: SbomProblem[]): string[] {
  return objectsOf(c.licenses, path, warnings).flatMap(([l]) => {
    const v = str(l.expression) ?? str(field(l.license, 'id')) ?? str(field(l.license, 'name'));
    return v === null ? [] : [v];
  });
}
