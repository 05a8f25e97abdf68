import { err, ok, type Result } from '../../src/core/result.ts';
import type { Advisory, LocalizedText, Reference, Remediation } from '../../src/vulns/index.ts';
import { JVNDB_ID, affectedFor, cvesIn, cvssSeverity, isCwe, isJvnAlias, jvnAdvisoryHead, langOf, unique } from './jvn-fields.ts';
import { isoDate } from '../iso-date.ts';
import { child, childText, children, type XmlElement } from './xml-records.ts';

const text = (el: XmlElement | undefined): LocalizedText[] => (el && el.text !== '' ? [{ lang: langOf(el.lang), text: el.text }] : []);

// IPA starts most solution texts with a bracketed verb; the rest is prose.
function remediationCategory(details: string): string {
  if (/^\[(?:アップデート|パッチ|update|apply\s+(?:the\s+)?patch)/i.test(details)) return 'vendor_fix';
  if (/^\[(?:ワークアラウンド|回避策|workaround)/i.test(details)) return 'workaround';
  if (/^\[(?:緩和|mitigat)/i.test(details)) return 'mitigation';
  return 'other';
}

/** A VULDEF 3.2 `Vulinfo` (MyJVN getVulnDetailInfo, jvndb_detail_YYYY.rdf) as one Advisory. */
export function normalizeVulinfo(vulinfo: XmlElement, location: string): Result<Advisory> {
  const id = childText(vulinfo, 'VulinfoID');
  if (!id || !JVNDB_ID.test(id)) return err('JVN_BAD_ID', `VulinfoID is not a JVNDB id: ${JSON.stringify(id ?? '')}`, location);
  const data = child(vulinfo, 'VulinfoData');
  if (!data) return err('JVN_NO_DATA', `${id} has no VulinfoData`, location);

  const modified = isoDate(childText(data, 'DateLastUpdated')) ?? isoDate(childText(data, 'DateFirstPublished'));
  if (!modified) return err('JVN_NO_DATE', `${id} has neither DateLastUpdated nor DateFirstPublished`, location);
  const published = isoDate(childText(data, 'DatePublic')) ?? isoDate(childText(data, 'DateFirstPublished'));

  const titleEl = child(data, 'Title');
  const overviewEls = children(child(data, 'VulinfoDescription') ?? data, 'Overview');
  const related = children(child(data, 'Related') ?? data, 'RelatedItem');

  const cves: string[] = [];
  const cwes: string[] = [];
  const aliases: string[] = [];
  const references: Reference[] = [];
  for (const item of related) {
    const relId = childText(item, 'VulinfoID');
    const name = childText(item, 'Name');
    const url = childText(item, 'URL');
    const type = item.attrs.type;
    if (type === 'cwe') {
      if (isCwe(relId)) cwes.push(relId.trim());
    } else if (/\((?:CVE|NVD)\)$/.test(name ?? '') || /^CVE-/.test(relId ?? '')) {
      cves.push(...cvesIn(relId));
    } else if (isJvnAlias(relId)) {
      aliases.push(relId.trim());
    }
    if (url) references.push({ url, ...(type ? { type } : {}), ...(relId ? { id: relId } : {}) });
  }

  const severities = children(child(data, 'Impact') ?? data, 'Cvss').flatMap((c) => {
    const s = cvssSeverity(c.attrs.version, childText(c, 'Base'), childText(c, 'Vector'), childText(c, 'Severity'));
    return s ? [s] : [];
  });

  const affected = children(child(data, 'Affected') ?? data, 'AffectedItem').flatMap((item) =>
    affectedFor(
      childText(item, 'Name') ?? '',
      childText(item, 'ProductName') ?? '',
      childText(item, 'Cpe'),
      children(item, 'VersionNumber').map((v) => v.text),
    ),
  );

  const remediations: Remediation[] = children(child(data, 'Solution') ?? data, 'SolutionItem').flatMap((s) => {
    const details = childText(s, 'Description');
    return details ? [{ category: remediationCategory(details), details, appliesTo: [] }] : [];
  });

  return ok({
    ...jvnAdvisoryHead(id, { cves, aliases }, { published, modified }, [titleEl?.text, ...overviewEls.map((o) => o.text)]),
    titles: text(titleEl),
    descriptions: overviewEls.flatMap(text),
    severities,
    cwes: unique(cwes),
    references,
    affected,
    remediations,
  });
}
