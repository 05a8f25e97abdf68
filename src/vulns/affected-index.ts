import { normalizePackageName, parseCpe, type WfnValue } from '../ids/index.ts';
import type { Advisory } from './advisory.ts';

export interface PackageIndexKey {
  ecosystem: string;
  name: string;
}

export interface CpeIndexKey {
  vendor: string;
  product: string;
}

/** `Debian:12` and `Alpine:v3.19` are indexed under their base ecosystem; the release is decided at match time. */
export const baseEcosystem = (ecosystem: string): string => ecosystem.split(':', 1)[0] ?? ecosystem;

const plain = (v: WfnValue): string | null => (v.kind === 'value' ? v.value.replace(/\\(.)/g, '$1') : null);

/**
 * Vendor and product of a CPE (2.3 or 2.2 binding) as the index keys them: lower-case and
 * unquoted (`commons-text`, not `commons\-text`). Null when the CPE does not parse or either
 * part is a wildcard.
 */
export function cpeIndexKey(cpe: string): CpeIndexKey | null {
  const wfn = parseCpe(cpe.trim());
  if (!wfn.ok) return null;
  const vendor = plain(wfn.value.vendor);
  const product = plain(wfn.value.product);
  return vendor && product ? { vendor, product } : null;
}

/** The match-index rows of one record: every package it names and every CPE it names as vulnerable. */
export function indexKeys(a: Advisory): { packages: PackageIndexKey[]; cpes: CpeIndexKey[] } {
  const packages = new Map<string, PackageIndexKey>();
  const cpes = new Map<string, CpeIndexKey>();
  // An NVD configuration repeats one criteria string across its version ranges: parse it once.
  const seen = new Set<string>();
  const addCpe = (cpe: string): void => {
    if (seen.has(cpe)) return;
    seen.add(cpe);
    const key = cpeIndexKey(cpe);
    if (key) cpes.set(`${key.vendor}\u0000${key.product}`, key);
  };
  for (const entry of a.affected) {
    if (entry.kind === 'package') {
      if (!entry.ecosystem || !entry.name) continue;
      const key = { ecosystem: baseEcosystem(entry.ecosystem), name: normalizePackageName(entry.ecosystem, entry.name) };
      packages.set(`${key.ecosystem}\u0000${key.name}`, key);
    } else if (entry.kind === 'cpe') {
      for (const node of entry.configuration.nodes) for (const m of node.cpeMatch) if (m.vulnerable) addCpe(m.criteria);
    } else if (entry.cpe) {
      addCpe(entry.cpe);
    }
  }
  return { packages: [...packages.values()], cpes: [...cpes.values()] };
}
