/**
 * CPE name matching (NISTIR 7696): per-attribute relations and name comparison.
 */
import { WFN_ATTRIBUTES, type Wfn, type WfnValue } from './wfn.ts';

export type AttributeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

const hasWildcard = (v: string): boolean => /[*?]/.test(v.replace(/\\./g, ''));

/** Matches a WFN value with unquoted `*`/`?` at its ends against a wildcard-free value. */
function wildcardMatches(pattern: string, value: string): boolean {
  const tokens = pattern.match(/\\.|./gs) ?? [];
  const re = tokens.map((t) => (t === '*' ? '.*' : t === '?' ? '(?:\\\\.|.)' : t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${re}$`, 's').test(value);
}

/** Relation of a source attribute value to a target one (NISTIR 7696 Table 6-2). */
export function compareAttribute(source: WfnValue, target: WfnValue): AttributeRelation {
  if (target.kind === 'value' && hasWildcard(target.value)) return 'UNDEFINED';
  if (source.kind === 'ANY') return target.kind === 'ANY' ? 'EQUAL' : 'SUPERSET';
  if (source.kind === 'NA') return target.kind === 'ANY' ? 'SUBSET' : target.kind === 'NA' ? 'EQUAL' : 'DISJOINT';
  if (target.kind === 'ANY') return 'SUBSET';
  if (target.kind === 'NA') return 'DISJOINT';
  if (hasWildcard(source.value)) return wildcardMatches(source.value, target.value) ? 'SUPERSET' : 'DISJOINT';
  return source.value === target.value ? 'EQUAL' : 'DISJOINT';
}

/** Per-attribute relations of two names. */
function compareWfns(source: Wfn, target: Wfn): Record<(typeof WFN_ATTRIBUTES)[number], AttributeRelation> {
  return Object.fromEntries(WFN_ATTRIBUTES.map((a) => [a, compareAttribute(source[a], target[a])])) as Record<
    (typeof WFN_ATTRIBUTES)[number],
    AttributeRelation
  >;
}

const relations = (source: Wfn, target: Wfn): AttributeRelation[] => Object.values(compareWfns(source, target));

/** CPE_SUPERSET: every attribute of `source` is a superset of or equal to `target`'s. */
export const isCpeSuperset = (source: Wfn, target: Wfn): boolean => relations(source, target).every((r) => r === 'SUPERSET' || r === 'EQUAL');

/** The plain text of a WFN string value (quoting removed), e.g. for comparing versions. */
export const unquote = (v: string): string => v.replace(/\\(.)/g, '$1');
