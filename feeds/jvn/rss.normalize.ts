import { err, ok, type Result } from '../../src/core/result.ts';
import type { Advisory, Reference } from '../../src/vulns/index.ts';
import { JVNDB_ID, affectedFor, cvesIn, cvssSeverity, isCwe, isJvnAlias, jvnAdvisoryHead, langOf, unique } from './jvn-fields.ts';
import { isoDate } from '../iso-date.ts';
import { child, childText, children, type XmlElement } from './xml-records.ts';

/**
 * A JVNRSS `item` (MyJVN getVulnOverviewList, jvndb*.rdf) as one Advisory. Overview items carry
 * products without version text, so their AffectedProducts stay unparsed; the detail record
 * for the same JVNDB id says more.
 */
export function normalizeRssItem(item: XmlElement, location: string): Result<Advisory> {
  const id = childText(item, 'identifier');
  if (!id || !JVNDB_ID.test(id)) return err('JVN_BAD_ID', `sec:identifier is not a JVNDB id: ${JSON.stringify(id ?? '')}`, location);
  const modified = isoDate(childText(item, 'modified')) ?? isoDate(childText(item, 'date')) ?? isoDate(childText(item, 'issued'));
  if (!modified) return err('JVN_NO_DATE', `${id} has no dcterms:modified, dc:date or dcterms:issued`, location);
  const published = isoDate(childText(item, 'issued'));

  const cves: string[] = [];
  const cwes: string[] = [];
  const aliases: string[] = [];
  const references: Reference[] = [];
  for (const ref of children(item, 'references')) {
    const refId = ref.attrs.id?.trim();
    const source = ref.attrs.source?.trim();
    if (source === 'CVE' || source === 'NVD' || /^CVE-/.test(refId ?? '')) cves.push(...cvesIn(refId));
    else if (isCwe(refId)) cwes.push(refId);
    else if (isJvnAlias(refId)) aliases.push(refId);
    if (ref.text) references.push({ url: ref.text, ...(source ? { type: source } : {}), ...(refId ? { id: refId } : {}) });
  }

  const title = child(item, 'title');
  const description = child(item, 'description');
  const lang = langOf(item.lang);
  return ok({
    ...jvnAdvisoryHead(id, { cves, aliases }, { published, modified }, [title?.text, description?.text]),
    titles: title?.text ? [{ lang, text: title.text }] : [],
    descriptions: description?.text ? [{ lang, text: description.text }] : [],
    severities: children(item, 'cvss').flatMap((c) => {
      const s = cvssSeverity(c.attrs.version, c.attrs.score, c.attrs.vector, c.attrs.severity);
      return s ? [s] : [];
    }),
    cwes: unique(cwes),
    references,
    affected: children(item, 'cpe').flatMap((c) => affectedFor(c.attrs.vendor ?? '', c.attrs.product ?? '', c.text, [])),
    remediations: [],
  });
}
