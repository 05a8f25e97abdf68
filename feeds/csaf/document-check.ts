import type { PublicKey } from 'openpgp';
import { asObj, asStr } from './product-tree.ts';
import { checkHash, verifySignature } from './integrity.ts';

/** A document's bytes and whatever sits beside it: hash files and a detached signature. */
export interface DocumentFiles {
  body: Buffer;
  sha256?: string;
  sha512?: string;
  asc?: string;
}

export interface CheckPolicy {
  /** Keys the provider publishes; undefined when none are known (a dump without them). */
  keys?: PublicKey[];
  /** Reject a document without `.asc` (network sync of a provider that publishes keys). */
  requireSignature: boolean;
  /** TLP labels allowed besides CLEAR and WHITE. */
  allowedTlp?: string[];
}

export type CheckOutcome =
  { kind: 'ok'; doc: Record<string, unknown>; trackingId?: string } | { kind: 'skipped'; reason: string } | { kind: 'rejected'; reason: string };

const PUBLIC_TLP = ['CLEAR', 'WHITE'];

/** TLP of a CSAF document, upper-case without the `TLP:` prefix; undefined when unmarked. */
export function tlpOf(doc: Record<string, unknown>): string | undefined {
  const label = asStr(asObj(asObj(asObj(doc.document)?.distribution)?.tlp)?.label);
  return label?.toUpperCase().replace(/^TLP:/, '');
}

export const tlpAllowed = (tlp: string | undefined, allowed: string[] = []): boolean =>
  tlp === undefined || PUBLIC_TLP.includes(tlp) || allowed.some((a) => a.toUpperCase().replace(/^TLP:/, '') === tlp);

/**
 * CSAF §7.1 order: integrity first (hashes over the exact bytes, then the signature), then the
 * document itself. Files that are not CSAF documents (provider metadata, ROLIE feeds, schemas)
 * are skipped, not rejected. Unmarked documents count as public, as every unmarked example is.
 */
export async function checkDocument(files: DocumentFiles, policy: CheckPolicy): Promise<CheckOutcome> {
  for (const alg of ['sha256', 'sha512'] as const) {
    const h = files[alg];
    if (h === undefined) continue;
    const r = checkHash(files.body, h, alg);
    if (!r.ok) return { kind: 'rejected', reason: r.message };
  }
  if (files.asc !== undefined && policy.keys) {
    const r = await verifySignature(files.body, files.asc, policy.keys);
    if (!r.ok) return { kind: 'rejected', reason: r.message };
  } else if (policy.requireSignature) {
    return { kind: 'rejected', reason: files.asc === undefined ? 'no .asc signature' : 'no provider key to verify the signature' };
  }
  let doc: Record<string, unknown> | undefined;
  try {
    doc = asObj(JSON.parse(files.body.toString('utf8')));
  } catch (e) {
    return { kind: 'rejected', reason: `not JSON: ${(e as Error).message}` };
  }
  const document = asObj(doc?.document);
  if (!doc || !document || !asStr(document.csaf_version)) return { kind: 'skipped', reason: 'not a CSAF document' };
  const tlp = tlpOf(doc);
  if (!tlpAllowed(tlp, policy.allowedTlp)) return { kind: 'skipped', reason: `TLP:${tlp} is not allowed` };
  const trackingId = asStr(asObj(document.tracking)?.id);
  return { kind: 'ok', doc, ...(trackingId ? { trackingId } : {}) };
}
