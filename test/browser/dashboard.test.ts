import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, ja } from '../../web/src/messages.ts';
import { startDaemon, untilReady, type Daemon } from '../support/daemon.ts';
import { isCI, repoRoot } from '../support/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 'demo-admin-token-0123456789';
const SCREENSHOTS = path.join(repoRoot, 'test-artifacts', 'screenshots');

type Lang = 'en' | 'ja';

/** Pages load over a real network stack: give them time on a busy machine. */
const POLL = { timeout: 20_000, interval: 100 };

/**
 * English labels that must not show on a Japanese page: every English message that differs from
 * its Japanese one, cut at its placeholders, long enough not to be a product or version name, and
 * not a name the Japanese messages use too.
 */
const englishPhrases = [
  ...new Set(
    (Object.keys(en) as (keyof typeof en)[])
      .filter((k) => en[k] !== ja[k])
      .flatMap((k) => en[k].split(/\{\w+\}/))
      .map((p) => p.replace(/[.:…()·→–]/g, ' ').trim())
      .filter((p) => /[a-z]{3}/.test(p) && p.length >= 4)
      // Names both languages use (Kanshi, CycloneDX, OpenVEX).
      .filter((p) => !Object.values(ja).some((v) => v.includes(p))),
  ),
];

/** What the tests read of a page's elements, in functions run in the page (this file compiles without the DOM library). */
interface Element {
  type?: string;
  labels?: { length: number } | null;
  offsetParent: unknown;
  dataset: Record<string, string | undefined>;
  outerHTML: string;
  getAttribute(name: string): string | null;
  closest(selector: string): unknown;
}

interface Seen {
  /** Case ids of the demo, by `product vulnerability`. */
  cases: Record<string, number>;
}

const available = existsSync(CHROMIUM);
if (!available && isCI()) throw new Error(`${CHROMIUM} is missing: .ci/run installs chromium`);
const describeBrowser = available ? describe : describe.skip;
if (!available) console.log(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)`);

describeBrowser('the dashboard in Chromium, against kanshi start --demo', () => {
  let daemon: Daemon;
  let base: string;
  let browser: Browser;
  let memberOfDevices: string;
  const seen: Seen = { cases: {} };

  const api = async <T>(url: string, token = ADMIN, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${base}/api/v1${url}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    daemon = startDaemon(['--demo'], { KANSHI_ADMIN_TOKEN: ADMIN });
    base = await daemon.address;
    await untilReady(base);
    memberOfDevices = (await api<{ token: string }>('/tokens', ADMIN, { method: 'POST', body: JSON.stringify({ team: 'devices', role: 'member' }) })).token;
    for (const state of ['new', 'triage', 'affected', 'fixed', 'closed']) {
      const { items } = await api<{ items: { id: number; product: string; vulnerability: { id: string } }[] }>(`/cases?state=${state}&limit=100`);
      for (const c of items) seen.cases[`${c.product} ${c.vulnerability.id}`] = c.id;
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    daemon?.child.kill('SIGTERM');
  });

  /** A signed-in tab whose browser prefers `lang`, in a time zone not the server's. */
  async function signIn(lang: Lang, token = ADMIN): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-GB', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await page.getByLabel(lang === 'ja' ? ja['login.token'] : en['login.token']).fill(token);
    await page.getByRole('button', { name: lang === 'ja' ? ja['login.submit'] : en['login.submit'] }).click();
    await page.getByRole('navigation').waitFor();
    expect(errors).toEqual([]);
    return { context, page };
  }

  /** Goes to a dashboard path as a link would (a full load also works: every page path serves index.html). */
  async function open(page: Page, to: string): Promise<void> {
    await page.goto(`${base}${to}`);
    await page.getByRole('navigation').waitFor();
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.locator('[aria-busy="true"]').count(), POLL).toBe(0);
  }

  async function unlabelledFields(page: Page): Promise<string[]> {
    return page.$$eval('input, select, textarea', (els) =>
      els
        .map((el) => el as unknown as Element)
        .filter((el) => el.type !== 'hidden')
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
        .map((el) => el.outerHTML),
    );
  }

  const pages = (): [string, string, string][] => [
    ['overview', '/', 'CVE-2021-44228'],
    ['exposure', '/exposure', 'log4j-core'],
    ['products', '/products', 'acme-router'],
    ['version', '/products/acme-portal/versions/2.4.0', 'jackson-databind'],
    ['cases', '/cases', 'CVE-2018-25032'],
    ['team', '/teams/devices', 'CVE-2021-33503'],
    ['case', `/cases/${seen.cases['acme-portal CVE-2021-44228']}`, 'sato@example.com'],
    ['feeds', '/feeds', 'NVD'],
  ];

  it.each(['en', 'ja'] as const)(
    'renders every page with the demo data in %s, all labels translated, every field labelled',
    async (lang) => {
      const { context, page } = await signIn(lang);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      for (const [name, to, text] of pages()) {
        await open(page, to);
        await expect.poll(() => page.locator('main').innerText(), { ...POLL, message: `${name} shows ${text}` }).toContain(text);
        expect(await page.locator('[role=alert]').count(), `${name}: no error`).toBe(0);
        expect(await unlabelledFields(page), `${name}: fields without a label`).toEqual([]);
        if (lang === 'ja') {
          const body = await page.locator('body').innerText();
          const english = englishPhrases.filter((p) => new RegExp(`(^|[^A-Za-z])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`).test(body));
          expect(english, `${name}: English left on the Japanese page`).toEqual([]);
        }
        await page.screenshot({ path: path.join(SCREENSHOTS, `${lang}-${name}.png`), fullPage: true });
      }
      await context.close();
    },
    120_000,
  );

  it('switches language on request and keeps the choice', async () => {
    const { context, page } = await signIn('ja');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getAttribute('html', 'lang'), POLL).toBe('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), POLL).toBe(en['overview.title']);
    await page.reload();
    await page.getByRole('navigation').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(en['overview.title']);
    await context.close();
  }, 60_000);

  it('finds where a component is used, by name and by purl', async () => {
    const { context, page } = await signIn('en');
    await open(page, '/exposure');
    for (const q of ['log4j-core', 'pkg:maven/org.apache.logging.log4j/log4j-core']) {
      await page.getByLabel(en['whereUsed.label']).fill(q);
      await page.getByRole('button', { name: en['whereUsed.submit'] }).click();
      const table = page.getByRole('table', { name: /product versions ship/ });
      await expect.poll(() => table.innerText(), POLL).toContain('acme-shop');
      const text = await table.innerText();
      expect(text).toContain('acme-portal');
      expect(text).toContain('2.3.1');
      expect(text).not.toContain('acme-router');
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'en-where-used.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('filters cases by priority, in the address too', async () => {
    const { context, page } = await signIn('en');
    await open(page, '/cases');
    await page.getByLabel(en['case.priority']).selectOption('P1');
    await expect.poll(() => new URL(page.url()).searchParams.get('priority'), POLL).toBe('P1');
    const rows = page.locator('tbody tr');
    await expect.poll(() => page.locator('main').innerText(), POLL).not.toContain('CVE-2018-25032');
    const priorities = await rows.locator('td:nth-child(5)').allInnerTexts();
    expect(priorities.length).toBeGreaterThan(0);
    expect(new Set(priorities)).toEqual(new Set(['P1']));
    await context.close();
  }, 60_000);

  it('moves a case through the workflow as a member of its team', async () => {
    const id = seen.cases['acme-router CVE-2021-33503']!;
    const { context, page } = await signIn('en', memberOfDevices);
    await open(page, `/cases/${id}`);
    await page.getByLabel(en['action.to']).selectOption('triage');
    await page.getByLabel(en['action.reasonOptional']).fill('looking at urllib3 in the web UI');
    await page.getByRole('button', { name: en['action.transitionSubmit'] }).click();
    await expect.poll(() => page.locator('dl.facts').first().innerText(), POLL).toContain(en['state.triage']);
    const audit = page.getByRole('table', { name: en['case.audit'] });
    await expect.poll(() => audit.innerText(), POLL).toContain('looking at urllib3 in the web UI');
    expect((await api<{ state: string }>(`/cases/${id}`)).state).toBe('triage');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'en-case-transition.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('shows a member of another team nothing of an embargoed case', async () => {
    const id = seen.cases['acme-shop CVE-2021-23337']!;
    expect((await api<{ embargoed: boolean }>(`/cases/${id}`)).embargoed).toBe(true);
    const { context, page } = await signIn('en', memberOfDevices);
    for (const to of ['/', '/cases', '/exposure?where=lodash', '/products', `/cases/${id}`, '/teams/web']) {
      await open(page, to);
      const text = await page.locator('main').innerText();
      expect(text, to).not.toContain('acme-shop');
      expect(text, to).not.toMatch(new RegExp(`#${id}\\b`));
    }
    await open(page, `/cases/${id}`);
    expect(await page.getByRole('alert').innerText()).toBe(en['error.notFound']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'en-embargo-other-team.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('reaches every link, button and field by keyboard alone', async () => {
    const { context, page } = await signIn('en');
    for (const to of [`/cases/${seen.cases['acme-shop CVE-2021-44228']}`, '/exposure', '/products/acme-portal/versions/2.4.0']) {
      await open(page, to);
      const actions = await page.$$eval('a[href], button:not([disabled]), input, select, textarea', (els) =>
        els
          .map((el) => el as unknown as Element)
          .filter((el) => el.offsetParent !== null || el.closest('header'))
          .map((el, i) => (el.dataset.kbd = String(i))),
      );
      const reached = new Set<string>();
      await page.locator('body').focus();
      for (let i = 0; i < actions.length * 2 + 10 && reached.size < actions.length; i++) {
        await page.keyboard.press('Tab');
        const k = (await page.evaluate('document.activeElement?.dataset?.kbd')) as string | undefined;
        if (k !== undefined) reached.add(k);
      }
      const missed = await page.$$eval(
        '[data-kbd]',
        (els, got) =>
          els
            .map((el) => el as unknown as Element)
            .filter((el) => !got.includes(el.dataset.kbd!))
            .map((el) => el.outerHTML.slice(0, 120)),
        [...reached],
      );
      expect(missed, `${to}: not reached by Tab`).toEqual([]);
    }
    await context.close();
  }, 90_000);
});
