import { createHash } from 'node:crypto';

export interface GenerateOptions {
  /** Seed for the pseudo-random choices, so that a given count always yields the same bytes. */
  seed?: number;
  /** Dependencies listed per component (the product itself gets one in ten components). */
  fanOut?: number;
}

const ECOSYSTEMS = [
  { type: 'npm', group: (i: number) => (i % 3 === 0 ? `@scope${i % 17}` : null), licenses: ['MIT', 'ISC', 'Apache-2.0'] },
  { type: 'maven', group: (i: number) => `org.example.group${i % 23}`, licenses: ['Apache-2.0', 'EPL-2.0'] },
  { type: 'pypi', group: () => null, licenses: ['BSD-3-Clause', 'MIT', 'PSF-2.0'] },
] as const;

/**
 * A realistic, schema-valid CycloneDX 1.6 JSON SBOM with `count` components: npm, Maven and
 * PyPI purls, hashes, licenses and a dependency graph in which the product depends directly on
 * one component in ten and every component on up to `fanOut` later ones.
 */
export function generateCycloneDx(count: number, options: GenerateOptions = {}): Buffer {
  let state = options.seed ?? 42;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const fanOut = options.fanOut ?? 3;
  const components = Array.from({ length: count }, (_, i) => {
    const eco = ECOSYSTEMS[i % ECOSYSTEMS.length] ?? ECOSYSTEMS[0];
    const group = eco.group(i);
    const name = `package-${i}`;
    const version = `${1 + random(9)}.${random(30)}.${random(100)}`;
    const namespace = group === null ? '' : `${group.replace('@', '%40')}/`;
    const ref = `pkg:${eco.type}/${namespace}${name}@${version}`;
    return {
      type: 'library',
      'bom-ref': ref,
      ...(group === null ? {} : { group }),
      name,
      version,
      description: `Generated ${eco.type} component number ${i}`,
      scope: random(10) === 0 ? 'optional' : 'required',
      hashes: [
        { alg: 'SHA-256', content: createHash('sha256').update(ref).digest('hex') },
        { alg: 'SHA-1', content: createHash('sha1').update(ref).digest('hex') },
      ],
      licenses: [{ license: { id: eco.licenses[random(eco.licenses.length)] ?? 'MIT' } }],
      purl: ref,
      externalReferences: [{ type: 'website', url: `https://example.com/${eco.type}/${name}` }],
    };
  });
  const refs = components.map((c) => c['bom-ref']);
  const root = 'pkg:generic/acme/product@1.0.0';
  const dependencies = [
    { ref: root, dependsOn: refs.filter((_, i) => i % 10 === 0) },
    ...refs.map((ref, i) => {
      const targets = new Set<string>();
      for (let k = 0; k < fanOut && i + 1 < count; k++) targets.add(refs[i + 1 + random(Math.min(50, count - i - 1))] ?? ref);
      return { ref, dependsOn: [...targets] };
    }),
  ];
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: {
      timestamp: '2025-01-01T00:00:00Z',
      tools: { components: [{ type: 'application', name: 'kanshi-test-generator', version: '1.0.0' }] },
      component: { type: 'application', 'bom-ref': root, name: 'product', group: 'acme', version: '1.0.0', purl: root },
    },
    components,
    dependencies,
  };
  return Buffer.from(JSON.stringify(bom, null, 2));
}
