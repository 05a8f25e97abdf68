import { parsePurl, purlToOsv, toCpe23 } from '../../src/ids/index.ts';
import type { Affected, ProductStatus } from '../../src/vulns/index.ts';
import type { ParsedVersionText, VersionBound } from '../version-text.parse.ts';
import type { CsafProduct } from './product-tree.ts';
import { boundsToVers, rangeToBounds } from './version-range.ts';

const exact = (v: string): VersionBound => ({ versionStartIncluding: v, versionEndIncluding: v });

function versionsOf(p: CsafProduct): ParsedVersionText | undefined {
  if (p.versionRange) return rangeToBounds(p.versionRange);
  if (p.version) return { parsed: true, bounds: [exact(p.version)] };
  return undefined;
}

function asProduct(p: CsafProduct, status: ProductStatus, extra: { cpe?: string; justification?: string }): Affected {
  const v = versionsOf(p);
  return {
    kind: 'product',
    vendor: p.vendor ?? '',
    product: p.product ?? p.name,
    versionText: p.versionRange ?? p.version ?? '',
    bounds: v?.bounds ?? [],
    parsed: v?.parsed ?? false,
    ...(extra.cpe ? { cpe: extra.cpe } : {}),
    status,
    ...(extra.justification ? { justification: extra.justification } : {}),
  };
}

function fromPurl(p: CsafProduct, purl: string, status: ProductStatus, j: { justification?: string }): Affected | undefined {
  const parsed = parsePurl(purl);
  if (!parsed.ok) return undefined;
  const { type, namespace, name, version: purlVersion } = parsed.value;
  const osv = purlToOsv(purl);
  // Types OSV has no ecosystem for (oci, generic) keep the purl type; matching goes by purl.
  const base = {
    kind: 'package' as const,
    ecosystem: osv.ok ? osv.value.ecosystem : type,
    name: osv.ok ? osv.value.name : namespace ? `${namespace}/${name}` : name,
    purl,
    ranges: [],
    status,
    ...j,
  };
  if (p.versionRange) {
    if (/^vers:/i.test(p.versionRange.trim())) return { ...base, versions: [], vers: p.versionRange.trim() };
    const r = rangeToBounds(p.versionRange);
    // Free text the parser cannot read stays prose: a package entry without bounds would match every version.
    return r.parsed ? { ...base, versions: [], vers: boundsToVers(type, r.bounds) } : asProduct(p, status, j);
  }
  const version = purlVersion ?? p.version;
  return version ? { ...base, versions: [version] } : { ...base, versions: [], vers: `vers:${type}/*` };
}

function fromCpe(p: CsafProduct, cpe: string, status: ProductStatus, j: { justification?: string }): Affected | undefined {
  const c = toCpe23(cpe);
  if (!c.ok) return undefined;
  const criteria = c.value;
  const hasVersion = !/^cpe:2\.3:[^:]+:[^:]+:[^:]+:[*-]:/.test(criteria);
  const v = hasVersion ? undefined : versionsOf(p);
  if (v && !v.parsed) return asProduct(p, status, { cpe: criteria, ...j });
  const bounds = v?.bounds ?? [{}];
  return {
    kind: 'cpe',
    status,
    ...j,
    configuration: {
      operator: 'OR',
      negate: false,
      nodes: [{ operator: 'OR', negate: false, cpeMatch: bounds.map((b) => ({ vulnerable: status === 'affected', criteria, ...b })) }],
    },
  };
}

/**
 * One product of a CSAF document in the unified model: a package when its helper has a purl,
 * CPE match expressions when it has a CPE, otherwise a named product with its version text.
 */
export function affectedOf(p: CsafProduct, status: ProductStatus, justification?: string): Affected {
  const j = justification ? { justification } : {};
  return (p.purl && fromPurl(p, p.purl, status, j)) || (p.cpe && fromCpe(p, p.cpe, status, j)) || asProduct(p, status, j);
}
