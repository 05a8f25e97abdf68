import type { ParsedComponent, ParsedHash, ParsedSbom, SbomProblem } from '../sbom-model.ts';
import { directness } from './graph.ts';
import { identifiersOrWarn, purlOrWarn } from './identifiers.ts';
import { str, strings } from './json-values.ts';

/**
 * A CycloneDX BOM in its JSON shape. The XML reader produces the same shape, so that both
 * encodings share one mapping to the inventory model.
 */
export interface CdxBom {
  specVersion: string;
  metadata?: { component?: CdxComponent };
  components?: CdxComponent[];
  dependencies?: { ref?: unknown; dependsOn?: unknown }[];
}

export interface CdxComponent {
  'bom-ref'?: unknown;
  type?: unknown;
  group?: unknown;
  name?: unknown;
  version?: unknown;
  purl?: unknown;
  cpe?: unknown;
  hashes?: { alg?: unknown; content?: unknown }[];
  licenses?: { license?: { id?: unknown; name?: unknown }; expression?: unknown }[];
  supplier?: { name?: unknown };
  scope?: unknown;
  components?: CdxComponent[];
}

/** Where a node is, for problem reports: a JSON pointer, or `line N` in XML. */
export type Locate = (node: object, pointer: string) => string;

export function mapCycloneDx(bom: CdxBom, encoding: 'json' | 'xml', locate: Locate): ParsedSbom {
  const warnings: SbomProblem[] = [];
  const components: ParsedComponent[] = [];
  const seenRefs = new Map<string, number>();

  const visit = (list: CdxComponent[] | undefined, pointer: string, parentRef: string | null): void => {
    list?.forEach((c, i) => {
      const at = `${pointer}/${i}`;
      const ref = uniqueRef(c, at, components.length, seenRefs, warnings, locate);
      components.push(mapComponent(c, ref, parentRef, at, warnings, locate));
      visit(c.components, `${at}/components`, ref);
    });
  };
  visit(bom.components, '/components', null);

  const dependencies = (bom.dependencies ?? []).flatMap((d) =>
    typeof d.ref === 'string' ? [{ ref: d.ref, dependsOn: strings(d.dependsOn) }] : [],
  );
  const subjectNode = bom.metadata?.component;
  const subjectRef = str(subjectNode?.['bom-ref']);
  const isDirect = directness(subjectRef === null ? [] : [subjectRef], dependencies);
  for (const c of components) c.direct = isDirect(c.bomRef);

  return {
    format: 'CycloneDX',
    encoding,
    specVersion: bom.specVersion,
    subject: subjectNode ? subjectOf(subjectNode, warnings, locate) : null,
    components,
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
function uniqueRef(
  c: CdxComponent,
  pointer: string,
  index: number,
  seen: Map<string, number>,
  warnings: SbomProblem[],
  locate: Locate,
): string {
  const declared = str(c['bom-ref']);
  if (declared === null) return `kanshi:${index}`;
  const count = (seen.get(declared) ?? 0) + 1;
  seen.set(declared, count);
  if (count === 1) return declared;
  warnings.push({ path: locate(c, `${pointer}/bom-ref`), message: `duplicate bom-ref ${JSON.stringify(declared)}` });
  return `${declared}#${count}`;
}

function mapComponent(
  c: CdxComponent,
  bomRef: string,
  parentRef: string | null,
  pointer: string,
  warnings: SbomProblem[],
  locate: Locate,
): ParsedComponent {
  return {
    bomRef,
    type: str(c.type) ?? 'library',
    group: str(c.group),
    name: str(c.name) ?? '',
    version: str(c.version),
    ...identifiersOrWarn({ raw: c.purl, at: locate(c, `${pointer}/purl`) }, { raw: c.cpe, at: locate(c, `${pointer}/cpe`) }, warnings),
    hashes: hashesOf(c),
    licenses: licensesOf(c),
    supplier: str(c.supplier?.name),
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

function hashesOf(c: CdxComponent): ParsedHash[] {
  return (c.hashes ?? []).flatMap((h) => {
    const alg = str(h.alg);
    const content = str(h.content);
    return alg !== null && content !== null ? [{ alg, content }] : [];
  });
}

function licensesOf(c: CdxComponent): string[] {
  return (c.licenses ?? []).flatMap((l) => {
    const v = str(l.expression) ?? str(l.license?.id) ?? str(l.license?.name);
    return v === null ? [] : [v];
  });
}
