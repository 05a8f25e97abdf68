import { describe, expect, it } from 'vitest';
import { mail, slackBody, subject, teamsBody, webhookBody, type AlertItem, type AlertMessage } from './render.ts';

const item = (over: Partial<AlertItem> = {}): AlertItem => ({
  eventId: '42',
  type: 'case.priority-changed',
  at: new Date('2026-12-02T05:00:00Z'),
  caseId: 7,
  url: 'https://kanshi.example/cases/7',
  embargoed: false,
  priority: 'P1',
  product: 'router-fw',
  team: 'iot',
  vulnerability: { id: 'CVE-2021-44228', title: 'Log4Shell', severity: 'critical' },
  details: { from: 'P3', to: 'P1' },
  ...over,
});
const message = (items: AlertItem[], over: Partial<AlertMessage> = {}): AlertMessage => ({
  id: '42',
  kind: 'event',
  reason: 'event',
  locale: 'en',
  at: new Date('2026-12-02T05:00:01Z'),
  items,
  ...over,
});

describe('subject', () => {
  it.each([
    { why: 'one event, English', m: message([item()]), s: '[Kanshi][P1][router-fw] CVE-2021-44228 Log4Shell — Priority changed' },
    { why: 'one event, Japanese', m: message([item()], { locale: 'ja' }), s: '[Kanshi][P1][router-fw] CVE-2021-44228 Log4Shell — 優先度変更' },
    { why: 'embargoed: no vulnerability, no product', m: message([item({ embargoed: true })]), s: '[Kanshi][embargoed] case #7 Priority changed' },
    {
      why: 'a burst names the count of products',
      m: message([item({ type: 'case.opened' }), item({ type: 'case.opened', product: 'other', priority: 'P2' })], {
        kind: 'digest',
        reason: 'burst',
        id: 'burst-1',
      }),
      s: '[Kanshi][P1][2 products] CVE-2021-44228 Log4Shell',
    },
    {
      why: 'a daily digest',
      m: message([item(), item()], { kind: 'digest', reason: 'daily', id: 'digest-1', locale: 'ja' }),
      s: '[Kanshi][ダイジェスト] 2 件の通知',
    },
  ])('$why', ({ m, s }) => expect(subject(m)).toBe(s));
});

describe('an embargoed case on every channel', () => {
  const m = message([item({ embargoed: true })]);
  it.each([
    ['webhook', webhookBody(m)],
    ['slack', slackBody(m)],
    ['teams', teamsBody(m)],
    ['mail text', mail(m).text],
    ['mail html', mail(m).html],
  ])('%s names neither the vulnerability nor the product', (_channel, text) => {
    expect(text).not.toMatch(/CVE-2021-44228|Log4Shell|router-fw|iot/);
    expect(text).toContain('7');
  });
  it('mail headers name neither', () => expect(JSON.stringify(mail(m).headers)).not.toMatch(/CVE-2021-44228|Log4Shell|router-fw|iot/));
  it('webhook data is only {caseId, url}', () => expect(JSON.parse(webhookBody(m)).data).toEqual({ caseId: 7, url: 'https://kanshi.example/cases/7' }));
});

describe('payloads', () => {
  it('webhook body: {version, type, timestamp, data}', () =>
    expect(JSON.parse(webhookBody(message([item()])))).toEqual({
      version: 1,
      type: 'case.priority-changed',
      timestamp: '2026-12-02T05:00:00.000Z',
      data: {
        eventId: '42',
        caseId: 7,
        url: 'https://kanshi.example/cases/7',
        priority: 'P1',
        product: 'router-fw',
        team: 'iot',
        vulnerability: { id: 'CVE-2021-44228', title: 'Log4Shell', severity: 'critical' },
        from: 'P3',
        to: 'P1',
      },
    }));
  it('Teams: an Adaptive Card with the facts and a link', () => {
    const card = JSON.parse(teamsBody(message([item()]))).attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', actions: [{ type: 'Action.OpenUrl', url: 'https://kanshi.example/cases/7' }] });
    expect(card.content.body[1].facts).toContainEqual({ title: 'Product', value: 'router-fw' });
  });
  it('Slack: a fallback text and a link in mrkdwn', () => {
    const body = JSON.parse(slackBody(message([item()], { locale: 'ja' })));
    expect(body.text).toBe('優先度変更: P1 router-fw CVE-2021-44228 (P3 → P1)');
    expect(body.blocks[1].text.text).toContain('<https://kanshi.example/cases/7|Kanshiで開く>');
  });
  it('escapes HTML in the mail', () => expect(mail(message([item({ product: '<b>x</b>' })])).html).toContain('&#60;b&#62;x&#60;/b&#62;'));
});
