/** OpenVEX 0.2.0 (https://github.com/openvex/spec): one statement per VEX statement, the subject as the product. */
import { randomUUID } from 'node:crypto';
import { actionOf, subjectPurl, type VexComponent, type VexDocument, type VexStatement } from './vex-model.ts';

export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

type Identifiers = { purl?: string; cpe23?: string; cpe22?: string };

/** A component's identifiers; a component with neither purl nor CPE is named by a `urn:kanshi:` IRI. */
function subcomponent(c: VexComponent): { '@id': string; identifiers?: Identifiers } {
  const identifiers: Identifiers = {
    ...(c.purl ? { purl: c.purl } : {}),
    ...(c.cpe ? (c.cpe.startsWith('cpe:2.3:') ? { cpe23: c.cpe } : { cpe22: c.cpe }) : {}),
  };
  const id = c.purl ?? c.cpe ?? `urn:kanshi:component:${encodeURIComponent(c.name)}${c.version ? `@${encodeURIComponent(c.version)}` : ''}`;
  return { '@id': id, ...(Object.keys(identifiers).length > 0 ? { identifiers } : {}) };
}

function statement(doc: VexDocument, s: VexStatement, product: string): Record<string, unknown> {
  const notes = s.detail ?? '';
  return {
    vulnerability: { name: s.vulnerability.id, ...(s.vulnerability.aliases.length > 0 ? { aliases: s.vulnerability.aliases } : {}) },
    timestamp: doc.timestamp.toISOString(),
    products: [
      {
        '@id': product,
        identifiers: { purl: product },
        ...(s.components.length > 0 ? { subcomponents: dedupe(s.components.map(subcomponent)) } : {}),
      },
    ],
    status: s.status,
    ...(s.status === 'not_affected' && s.justification ? { justification: s.justification } : {}),
    // The specification requires a justification or an impact statement for `not_affected`.
    ...(s.status === 'not_affected' && (s.impact || !s.justification) ? { impact_statement: s.impact ?? 'not affected (no justification recorded)' } : {}),
    ...(s.status === 'affected' ? { action_statement: actionOf(s, doc.subject.name) } : {}),
    ...(notes ? { status_notes: notes } : {}),
  };
}

/** Statements list each subcomponent once (the schema wants unique items): two components may share a purl. */
const dedupe = <T extends { '@id': string }>(items: T[]): T[] => [...new Map(items.map((i) => [i['@id'], i])).values()];

/** The OpenVEX document of `doc`; a document without statements is not valid OpenVEX, so callers give at least one. */
export function openVex(doc: VexDocument, tooling: string): Record<string, unknown> {
  const product = subjectPurl(doc.subject);
  return {
    '@context': OPENVEX_CONTEXT,
    '@id': `urn:uuid:${randomUUID()}`,
    author: doc.author,
    role: 'Document Creator',
    timestamp: doc.timestamp.toISOString(),
    version: 1,
    tooling,
    statements: doc.statements.map((s) => statement(doc, s, product)),
  };
}
