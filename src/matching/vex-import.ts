/**
 * VEX statements in: CycloneDX (vulnerabilities[].analysis), OpenVEX (statements[]) and CSAF VEX
 * (product_status.known_not_affected with a flag or impact threat). Only `not_affected` with a
 * justification suppresses a finding; every other statement is counted as ignored with why.
 */
import { err, ok, type Result } from '../core/result.ts';
import { purlBase } from '../inventory/index.ts';

export interface VexStatement {
  vulnerabilityId: string;
  /** purl without version of the component the statement is about; null: any component of the product. */
  componentPurl: string | null;
  justification: string;
  impactStatement: string | null;
  format: 'cyclonedx' | 'openvex' | 'csaf';
  reference: string | null;
}

export interface VexImport {
  statements: VexStatement[];
  ignored: { vulnerabilityId: string; reason: string }[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

const baseOf = (purl: string | undefined): string | null => (purl ? purlBase(purl) : null);

function cyclonedx(doc: Json): VexImport {
  const out: VexImport = { statements: [], ignored: [] };
  const purlOfRef = new Map<string, string>();
  const walk = (list: unknown[]): void => {
    for (const c of list.map(obj)) {
      const ref = str(c?.['bom-ref']);
      const purl = str(c?.purl);
      if (ref && purl) purlOfRef.set(ref, purl);
      walk(arr(c?.components));
    }
  };
  walk(arr(doc.components));
  for (const v of arr(doc.vulnerabilities).map(obj)) {
    const id = str(v?.id);
    if (!id) continue;
    const analysis = obj(v?.analysis);
    const justification = str(analysis?.justification);
    if (str(analysis?.state) !== 'not_affected' || !justification) {
      out.ignored.push({ vulnerabilityId: id, reason: `analysis state ${str(analysis?.state) ?? 'missing'}${justification ? '' : ' without justification'}` });
      continue;
    }
    const refs = arr(v?.affects)
      .map((a) => str(obj(a)?.ref))
      .filter((r): r is string => r !== undefined);
    const targets = refs.length === 0 ? [null] : refs.map((r) => baseOf(r.startsWith('pkg:') ? r : purlOfRef.get(r.replace(/^urn:cdx:[^#]*#/, ''))));
    for (const componentPurl of new Set(targets)) {
      out.statements.push({
        vulnerabilityId: id,
        componentPurl,
        justification,
        impactStatement: str(analysis?.detail) ?? null,
        format: 'cyclonedx',
        reference: str(v?.['bom-ref']) ?? null,
      });
    }
  }
  return out;
}

function openvex(doc: Json): VexImport {
  const out: VexImport = { statements: [], ignored: [] };
  for (const s of arr(doc.statements).map(obj)) {
    const vuln = s?.vulnerability;
    const id = str(vuln) ?? str(obj(vuln)?.name) ?? str(obj(vuln)?.['@id']);
    if (!id) continue;
    const justification = str(s?.justification) ?? str(s?.impact_statement);
    if (str(s?.status) !== 'not_affected' || !justification) {
      out.ignored.push({ vulnerabilityId: id, reason: `status ${str(s?.status) ?? 'missing'}${justification ? '' : ' without justification'}` });
      continue;
    }
    // Subcomponents name the package inside the product; without any, the whole product is meant.
    const subs = arr(s?.products).flatMap((p) => arr(obj(p)?.subcomponents).map((sc) => str(obj(sc)?.['@id']) ?? str(obj(obj(sc)?.identifiers)?.purl)));
    const targets = subs.length === 0 ? [null] : subs.map(baseOf);
    for (const componentPurl of new Set(targets)) {
      out.statements.push({
        vulnerabilityId: id,
        componentPurl,
        justification,
        impactStatement: str(s?.impact_statement) ?? null,
        format: 'openvex',
        reference: str(doc['@id']) ?? null,
      });
    }
  }
  return out;
}

function csaf(doc: Json): VexImport {
  const out: VexImport = { statements: [], ignored: [] };
  const tracking = str(obj(obj(doc.document)?.tracking)?.id) ?? null;
  for (const v of arr(doc.vulnerabilities).map(obj)) {
    const id = str(v?.cve) ?? str(obj(arr(v?.ids)[0])?.text);
    if (!id) continue;
    const notAffected = new Set(
      arr(obj(v?.product_status)?.known_not_affected)
        .map(str)
        .filter((p): p is string => p !== undefined),
    );
    if (notAffected.size === 0) {
      out.ignored.push({ vulnerabilityId: id, reason: 'no known_not_affected products' });
      continue;
    }
    const reasons = [
      ...arr(v?.flags)
        .map(obj)
        .filter((f) => arr(f?.product_ids).some((p) => notAffected.has(str(p) ?? '')))
        .map((f) => str(f?.label)),
      ...arr(v?.threats)
        .map(obj)
        .filter((t) => str(t?.category) === 'impact' && arr(t?.product_ids).some((p) => notAffected.has(str(p) ?? '')))
        .map((t) => str(t?.details)),
    ].filter((r): r is string => r !== undefined);
    const justification = reasons[0];
    if (!justification) {
      out.ignored.push({ vulnerabilityId: id, reason: 'known_not_affected without a flag or impact statement' });
      continue;
    }
    out.statements.push({ vulnerabilityId: id, componentPurl: null, justification, impactStatement: reasons[1] ?? null, format: 'csaf', reference: tracking });
  }
  return out;
}

/** Reads a VEX document of any of the three formats, detected from its content. */
export function parseVex(doc: unknown): Result<VexImport> {
  const d = obj(doc);
  if (!d) return err('INVALID_VEX', 'a VEX document is a JSON object');
  if (d.bomFormat === 'CycloneDX') return ok(cyclonedx(d));
  if (typeof d['@context'] === 'string' && d['@context'].includes('openvex')) return ok(openvex(d));
  if (str(obj(d.document)?.category) === 'csaf_vex') return ok(csaf(d));
  return err('INVALID_VEX', 'not a CycloneDX VEX, OpenVEX or CSAF VEX document');
}
