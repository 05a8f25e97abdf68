/**
 * What an alert says, per channel and language: pure renderers from an `AlertMessage` to the
 * webhook body, the Slack and Teams payloads and the e-mail. An embargoed case's item carries its
 * case id and link only: no vulnerability, product or text reaches any channel.
 */

export type Locale = 'ja' | 'en';

/** One event as an alert shows it, read when it is sent. */
export interface AlertItem {
  /** The event's public id (its position in the outbox, as `GET /events` gives it). */
  eventId: string;
  type: string;
  at: Date;
  caseId: number | null;
  url: string | null;
  embargoed: boolean;
  priority: string | null;
  product: string | null;
  team: string | null;
  vulnerability: { id: string; title: string | null; severity: string | null } | null;
  /** What changed: `from`/`to`, SLA stages, a reason code, a feed source … (ids and codes only). */
  details: Record<string, unknown>;
}

/** What one send carries: one event, or a digest (a window's events, or a burst's list). */
export interface AlertMessage {
  /** The `webhook-id`: the event id, or the digest's stable key. */
  id: string;
  kind: 'event' | 'digest';
  reason: 'event' | 'hourly' | 'daily' | 'burst';
  locale: Locale;
  at: Date;
  items: AlertItem[];
}

/** The webhook payload version; a breaking change of `data` raises it. */
export const PAYLOAD_VERSION = 1;

const LABELS: Record<string, Record<Locale, string>> = {
  'case.opened': { en: 'New case', ja: '新規ケース' },
  'case.reopened': { en: 'Case reopened', ja: 'ケース再オープン' },
  'case.priority-changed': { en: 'Priority changed', ja: '優先度変更' },
  'case.state-changed': { en: 'State changed', ja: '状態変更' },
  'case.assigned': { en: 'Case assigned', ja: '担当者変更' },
  'case.embargo-lifted': { en: 'Embargo lifted', ja: 'エンバーゴ解除' },
  'case.decision-expired': { en: 'Risk acceptance expired', ja: 'リスク受容の期限切れ' },
  'decision.expired': { en: 'Decision expired', ja: '判断の期限切れ' },
  'sla.near-breach': { en: 'SLA near breach', ja: 'SLA期限間近' },
  'sla.breached': { en: 'SLA breached', ja: 'SLA期限超過' },
  'vulnerability.kev-added': { en: 'Known exploited (KEV)', ja: '悪用確認済み (KEV)' },
  'sbom.processed': { en: 'SBOM processed', ja: 'SBOM処理完了' },
  'sbom.rejected': { en: 'SBOM rejected', ja: 'SBOM受付拒否' },
  'feed.failing': { en: 'Feed failing', ja: 'フィード同期の失敗' },
};

const WORDS = {
  en: {
    vulnerability: 'Vulnerability',
    product: 'Product',
    priority: 'Priority',
    team: 'Team',
    change: 'Change',
    link: 'Open in Kanshi',
    embargoed: 'embargoed',
    case: 'case',
    digest: 'digest',
    alerts: 'alerts',
    products: 'products',
    source: 'Source',
    since: 'Failing since',
    burst: 'One advisory, many products',
    hourly: 'Hourly digest',
    daily: 'Daily digest',
    embargoNote: 'Details are withheld while the case is under embargo.',
  },
  ja: {
    vulnerability: '脆弱性',
    product: '製品',
    priority: '優先度',
    team: 'チーム',
    change: '変更',
    link: 'Kanshiで開く',
    embargoed: 'エンバーゴ中',
    case: 'ケース',
    digest: 'ダイジェスト',
    alerts: '件の通知',
    products: '製品',
    source: 'ソース',
    since: '失敗開始',
    burst: '1件の脆弱性情報が複数製品に該当',
    hourly: '1時間ごとのダイジェスト',
    daily: '日次ダイジェスト',
    embargoNote: 'エンバーゴ中のため詳細は表示されません。',
  },
} as const;

export const labelOf = (type: string, locale: Locale): string => LABELS[type]?.[locale] ?? type;

/** The `data` of an item: for an embargoed case only `{caseId, url}`. */
export function itemData(item: AlertItem): Record<string, unknown> {
  if (item.embargoed) return { caseId: item.caseId, url: item.url };
  return {
    eventId: item.eventId,
    ...(item.caseId !== null ? { caseId: item.caseId, url: item.url } : {}),
    ...(item.priority !== null ? { priority: item.priority } : {}),
    ...(item.product !== null ? { product: item.product } : {}),
    ...(item.team !== null ? { team: item.team } : {}),
    ...(item.vulnerability !== null ? { vulnerability: item.vulnerability } : {}),
    ...item.details,
  };
}

/** The Standard Webhooks body: `{type, timestamp, data}` (and the payload version). */
export function webhookBody(m: AlertMessage): string {
  if (m.kind === 'event') {
    const item = m.items[0]!;
    return JSON.stringify({ version: PAYLOAD_VERSION, type: item.type, timestamp: item.at.toISOString(), data: itemData(item) });
  }
  return JSON.stringify({
    version: PAYLOAD_VERSION,
    type: 'digest',
    timestamp: m.at.toISOString(),
    data: { reason: m.reason, count: m.items.length, items: m.items.map((i) => ({ type: i.type, timestamp: i.at.toISOString(), data: itemData(i) })) },
  });
}

/** `from → to` and the like, in a line; empty when the event says nothing more. */
function change(item: AlertItem): string {
  const d = item.details;
  if (typeof d.from === 'string' && typeof d.to === 'string') return `${d.from} → ${d.to}`;
  if (Array.isArray(d.stages)) return d.stages.join(', ');
  if (typeof d.code === 'string') return d.code;
  return '';
}

/** One line naming an item, for subjects, digests and chat. */
function headline(item: AlertItem, locale: Locale): string {
  const w = WORDS[locale];
  if (item.embargoed) return `${labelOf(item.type, locale)}: ${w.case} #${item.caseId} (${w.embargoed})`;
  if (item.type === 'feed.failing') return `${labelOf(item.type, locale)}: ${String(item.details.source)}`;
  const parts = [item.priority, item.product, item.vulnerability?.id].filter((x): x is string => Boolean(x));
  const c = change(item);
  return `${labelOf(item.type, locale)}: ${parts.join(' ')}${c ? ` (${c})` : ''}`;
}

/** Label/value rows of an item for the e-mail and the Adaptive Card. */
function facts(item: AlertItem, locale: Locale): [string, string][] {
  const w = WORDS[locale];
  if (item.embargoed) return [[w.case, `#${item.caseId}`]];
  const rows: [string, string | null | undefined][] = [
    [w.vulnerability, item.vulnerability ? [item.vulnerability.id, item.vulnerability.title].filter(Boolean).join(' — ') : null],
    [w.product, item.product],
    [w.priority, item.priority],
    [w.team, item.team],
    [w.change, change(item) || null],
    [w.source, typeof item.details.source === 'string' ? item.details.source : null],
    [w.since, typeof item.details.since === 'string' ? item.details.since : null],
  ];
  return rows.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '');
}

function title(m: AlertMessage): string {
  const w = WORDS[m.locale];
  if (m.kind === 'event') return headline(m.items[0]!, m.locale);
  const first = m.items[0]!;
  if (m.reason === 'burst' && !first.embargoed) return `${w.burst}: ${first.vulnerability?.id ?? ''} (${m.items.length} ${w.products})`;
  return `${w[m.reason === 'daily' ? 'daily' : 'hourly']}: ${m.items.length} ${w.alerts}`;
}

/**
 * `[Kanshi][P1][product] CVE-… label` for one event, so a mail filter can sort on priority, product
 * and vulnerability; `[Kanshi][P1][12 products] CVE-…` for a burst; `[Kanshi][digest] …` for a window.
 */
export function subject(m: AlertMessage): string {
  const w = WORDS[m.locale];
  const first = m.items[0]!;
  if (m.kind === 'event') {
    if (first.embargoed) return `[Kanshi][${w.embargoed}] ${w.case} #${first.caseId} ${labelOf(first.type, m.locale)}`;
    const tags = [first.priority, first.product]
      .filter((x): x is string => Boolean(x))
      .map((t) => `[${t}]`)
      .join('');
    const text = [first.vulnerability?.id, first.vulnerability?.title ?? labelOf(first.type, m.locale)].filter(Boolean).join(' ');
    return `[Kanshi]${tags} ${text}${first.vulnerability?.title ? ` — ${labelOf(first.type, m.locale)}` : ''}`;
  }
  if (m.reason === 'burst' && !first.embargoed) {
    const top = m.items
      .map((i) => i.priority)
      .filter((p): p is string => p !== null)
      .sort()[0];
    return `[Kanshi]${top ? `[${top}]` : ''}[${m.items.length} ${w.products}] ${first.vulnerability?.id ?? ''} ${first.vulnerability?.title ?? ''}`.trimEnd();
  }
  return `[Kanshi][${w.digest}] ${m.items.length} ${w.alerts}`;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Headers a filter or a receiving system can use; the event id lets a duplicate be dropped. */
  headers: Record<string, string>;
}

export function mail(m: AlertMessage): RenderedMail {
  const w = WORDS[m.locale];
  const textOf = (item: AlertItem): string =>
    [
      headline(item, m.locale),
      ...facts(item, m.locale).map(([k, v]) => `  ${k}: ${v}`),
      ...(item.url ? [`  ${w.link}: ${item.url}`] : []),
      ...(item.embargoed ? [`  ${w.embargoNote}`] : []),
    ].join('\n');
  const htmlOf = (item: AlertItem): string =>
    `<h3>${escapeHtml(headline(item, m.locale))}</h3><table>${facts(item, m.locale)
      .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join(
        '',
      )}</table>${item.url ? `<p><a href="${escapeHtml(item.url)}">${escapeHtml(w.link)}</a></p>` : ''}${item.embargoed ? `<p>${escapeHtml(w.embargoNote)}</p>` : ''}`;
  const first = m.items[0]!;
  const headers: Record<string, string> = { 'X-Kanshi-Event-Id': m.id, 'X-Kanshi-Event-Type': m.kind === 'event' ? first.type : 'digest' };
  if (m.kind === 'event' && !first.embargoed) {
    if (first.priority) headers['X-Kanshi-Priority'] = first.priority;
    if (first.product) headers['X-Kanshi-Product'] = first.product;
    if (first.vulnerability) headers['X-Kanshi-Vulnerability'] = first.vulnerability.id;
  }
  return {
    subject: subject(m),
    text: `${title(m)}\n\n${m.items.map(textOf).join('\n\n')}\n`,
    html: `<!doctype html><html lang="${m.locale}"><body><h2>${escapeHtml(title(m))}</h2>${m.items.map(htmlOf).join('<hr>')}</body></html>`,
    headers,
  };
}

/** Slack incoming webhook: a fallback `text` and mrkdwn sections. */
export function slackBody(m: AlertMessage): string {
  const line = (i: AlertItem): string => `• ${headline(i, m.locale)}${i.url ? ` <${i.url}|${WORDS[m.locale].link}>` : ''}`;
  return JSON.stringify({
    text: title(m),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title(m).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: m.items.map(line).join('\n').slice(0, 3000) } },
    ],
  });
}

/** Microsoft Teams incoming webhook: one Adaptive Card. */
export function teamsBody(m: AlertMessage): string {
  const w = WORDS[m.locale];
  const body: unknown[] = [{ type: 'TextBlock', text: title(m), weight: 'Bolder', size: 'Medium', wrap: true }];
  for (const item of m.items) {
    if (m.kind === 'digest') body.push({ type: 'TextBlock', text: headline(item, m.locale), wrap: true, separator: true });
    body.push({ type: 'FactSet', facts: facts(item, m.locale).map(([title, value]) => ({ title, value })) });
  }
  const actions = m.items[0]?.url && m.kind === 'event' ? [{ type: 'Action.OpenUrl', title: w.link, url: m.items[0].url }] : [];
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  });
}
