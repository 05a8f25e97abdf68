/** MyJVN API (feed=hnd, XML) and JVNDB bulk-feed addresses, as PROTOCOLS.md §3 gives them. */

export type JvnLang = 'ja' | 'en';

/** MyJVN's page-size limits: 1–50 overview items, 1–10 detail entries per request. */
export const MAX_OVERVIEW_PAGE = 50;
export const MAX_DETAIL_BATCH = 10;

/** The calendar day in Japan, which is how IPA's date parameters are meant. */
export function jstDate(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

function query(params: [string, string | number][]): string {
  return params.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Entries last updated on or after `since` (YYYY-MM-DD, JST). Every `rangeDate…` defaults to
 * "last week", so all three are switched off and the explicit start date does the filtering.
 */
export function overviewUrl(base: string, lang: JvnLang, since: string, startItem: number, maxCountItem: number): string {
  const [y, m, d] = since.split('-').map(Number);
  return `${base}/myjvn?${query([
    ['method', 'getVulnOverviewList'],
    ['feed', 'hnd'],
    ['lang', lang],
    ['rangeDatePublished', 'n'],
    ['rangeDatePublic', 'n'],
    ['rangeDateFirstPublished', 'n'],
    ['datePublishedStartY', y!],
    ['datePublishedStartM', m!],
    ['datePublishedStartD', d!],
    ['startItem', startItem],
    ['maxCountItem', maxCountItem],
  ])}`;
}

/** Several ids go in one `vulnId`, joined by a literal `+` as MyJVN expects. */
export function detailUrl(base: string, lang: JvnLang, ids: string[]): string {
  return `${base}/myjvn?${query([
    ['method', 'getVulnDetailInfo'],
    ['feed', 'hnd'],
    ['lang', lang],
    ['vulnId', ids.map(encodeURIComponent).join('+')],
    ['startItem', 1],
    ['maxCountItem', ids.length],
  ])}`;
}

export const checksumUrl = (base: string, lang: JvnLang): string => `${base}/${lang}/feed/checksum.txt`;

/** Built from our own base, not taken from checksum.txt, so the index cannot send us elsewhere. */
export const detailFeedUrl = (base: string, lang: JvnLang, filename: string): string => `${base}/${lang}/feed/detail/${filename}`;

export const DETAIL_FEED_FILE = /^jvndb_detail_\d{4}\.rdf$/;
