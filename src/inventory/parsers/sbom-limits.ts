import type { ParsedComponent, ParsedSbom, SbomProblem } from '../sbom-model.ts';

/**
 * Bounds on what one SBOM may hold, checked before the upload is acknowledged. Every real SBOM
 * in the conformance fixtures stays far inside them (longest name 105 bytes, purl 287, bom-ref
 * 197, most licenses on one component 21, hashes 8, nesting 10 levels); they exist so that one
 * document cannot fail its own ingest (a btree index entry holds at most 2,704 bytes) or carry
 * megabytes into every query, log line and API answer that shows a component.
 * Lengths are UTF-8 bytes.
 */
export const SBOM_LIMITS = {
  /** Nesting of JSON arrays and objects; libxml2 applies the same 256 to XML elements. */
  depth: 256,
  components: 200_000,
  licensesPerComponent: 100,
  hashesPerComponent: 50,
  /** Entries in `dependsOn` of one dependency. */
  dependsOnPerRef: 100_000,
  bytes: {
    name: 1_024,
    group: 1_024,
    version: 256,
    purl: 2_048,
    cpe: 1_024,
    bomRef: 2_048,
    type: 64,
    scope: 64,
    supplier: 1_024,
    license: 4_096,
    hashAlgorithm: 64,
    hashContent: 1_024,
  },
} as const;

type Measured = keyof typeof SBOM_LIMITS.bytes;

const tooLong = (field: string, value: string, limit: number): string | null => {
  // A UTF-8 byte is at most one UTF-16 unit, and a unit at most 3 bytes: count only when in doubt.
  if (value.length <= limit / 3) return null;
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes > limit ? `${field} is ${bytes} bytes long; the limit is ${limit}` : null;
};

/**
 * Every limit a parsed SBOM breaks, located where the component was read (its `locations`
 * entry) and naming the field. Any of them rejects the document, whatever the validation mode.
 */
export function limitProblems(sbom: ParsedSbom, max = 100): SbomProblem[] {
  const problems: SbomProblem[] = [];
  const add = (path: string, message: string | null): void => {
    if (message !== null && problems.length < max) problems.push({ path, message });
  };
  if (sbom.components.length > SBOM_LIMITS.components) {
    add('/', `${sbom.components.length} components; the limit is ${SBOM_LIMITS.components}`);
  }
  sbom.components.forEach((c, i) => {
    if (problems.length < max) componentProblems(c, sbom.locations[i] ?? `component ${i + 1}`, add);
  });
  if (sbom.subject) {
    for (const field of ['name', 'version', 'purl'] as const) {
      const v = sbom.subject[field];
      if (v !== null) add('/', tooLong(`the described product's ${field}`, v, SBOM_LIMITS.bytes[field]));
    }
  }
  for (const d of sbom.dependencies) {
    add('/', tooLong('dependency ref', d.ref, SBOM_LIMITS.bytes.bomRef));
    if (d.dependsOn.length > SBOM_LIMITS.dependsOnPerRef) {
      add('/', `${d.ref.slice(0, 80)} depends on ${d.dependsOn.length} refs; the limit is ${SBOM_LIMITS.dependsOnPerRef}`);
    }
    for (const r of d.dependsOn) add('/', tooLong('dependsOn ref', r, SBOM_LIMITS.bytes.bomRef));
  }
  return problems;
}

function componentProblems(c: ParsedComponent, at: string, add: (path: string, message: string | null) => void): void {
  const fields: [Measured, string | null][] = [
    ['bomRef', c.bomRef],
    ['name', c.name],
    ['group', c.group],
    ['version', c.version],
    ['purl', c.purl],
    ['cpe', c.cpe],
    ['type', c.type],
    ['scope', c.scope],
    ['supplier', c.supplier],
  ];
  for (const [field, value] of fields) if (value !== null) add(at, tooLong(field, value, SBOM_LIMITS.bytes[field]));
  if (c.licenses.length > SBOM_LIMITS.licensesPerComponent) {
    add(at, `${c.licenses.length} licenses; the limit is ${SBOM_LIMITS.licensesPerComponent}`);
  }
  if (c.hashes.length > SBOM_LIMITS.hashesPerComponent) add(at, `${c.hashes.length} hashes; the limit is ${SBOM_LIMITS.hashesPerComponent}`);
  for (const l of c.licenses) add(at, tooLong('license', l, SBOM_LIMITS.bytes.license));
  for (const h of c.hashes) {
    add(at, tooLong('hash algorithm', h.alg, SBOM_LIMITS.bytes.hashAlgorithm));
    add(at, tooLong('hash content', h.content, SBOM_LIMITS.bytes.hashContent));
  }
}
