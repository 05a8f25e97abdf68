/**
 * Which product versions a suppression covers: `*`, exact versions joined by `|`, or a
 * `vers:generic/…` range over the product's versions, compared with the generic version scheme.
 */
import { err, ok, type Result } from '../core/result.ts';
import { genericVersionScheme, parseVers, rangeContains, versToRange, type VersionRange } from '../ids/index.ts';

const isVers = (selector: string): boolean => selector.startsWith('vers:');

function versRange(selector: string): Result<VersionRange> {
  const parsed = parseVers(selector);
  if (!parsed.ok) return parsed;
  if (parsed.value.scheme !== 'generic')
    return err('INVALID_RANGE', `product versions are compared as generic versions: use vers:generic/…, not vers:${parsed.value.scheme}/…`);
  return versToRange(parsed.value, genericVersionScheme);
}

/** Checks a `versions` selector as the VEX import takes it; the value to store when valid. */
export function parseVersionSelector(input: string): Result<string> {
  const selector = input.trim();
  if (selector === '') return err('INVALID_RANGE', 'versions is `*`, a vers:generic/… range or versions joined by |');
  if (selector === '*') return ok(selector);
  if (isVers(selector)) {
    const range = versRange(selector);
    return range.ok ? ok(selector) : range;
  }
  if (selector.split('|').some((v) => v.trim() === '')) return err('INVALID_RANGE', 'empty version in the list (leading, trailing or doubled |)');
  return ok(
    selector
      .split('|')
      .map((v) => v.trim())
      .join('|'),
  );
}

/**
 * Whether a stored selector covers `version`. A vers range that does not parse, or a version
 * the generic scheme cannot place in it, covers nothing: a finding is never hidden by guesswork.
 */
export function selectorCovers(selector: string, version: string): boolean {
  if (selector === '*') return true;
  if (!isVers(selector)) return selector.split('|').includes(version);
  const range = versRange(selector);
  return range.ok && rangeContains(range.value, version, genericVersionScheme).status === 'affected';
}
