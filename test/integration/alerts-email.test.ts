import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caseWithEvents, seedProduct } from '../support/alert-receivers.ts';
import { describePostgres } from '../support/databases.ts';
import { eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
  secured: boolean;
  user: string | undefined;
}

/** A header's value, unfolded, with RFC 2047 encoded words decoded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** Every text part of a MIME message, by content type, transfer encoding undone. */
function parts(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const chunk of raw.split(/\r?\n--[^\r\n]+/)) {
    const [head, ...rest] = chunk.split(/\r?\n\r?\n/);
    const type = /content-type:\s*([^;\r\n]+)/i.exec(head ?? '')?.[1]?.trim();
    if (!type?.startsWith('text/')) continue;
    const body = rest.join('\n\n');
    const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head ?? '')?.[1]?.toLowerCase();
    out[type] =
      encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ).toString('utf8')
          : body;
  }
  return out;
}

/**
 * E-mail alerts through a real SMTP server on loopback, over STARTTLS with authentication: what
 * arrives (subject a filter can sort on, headers, text and HTML) in Japanese and in English.
 */
describePostgres('alerts by e-mail', (target) => {
  let t: TestRuntime;
  let smtp: SMTPServer;
  const mails: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      // The built-in self-signed certificate serves STARTTLS.
      authOptional: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'kanshi' && auth.password === 'smtp-pass-123') cb(null, { user: auth.username });
        else cb(new Error('bad credentials'));
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            secured: session.secure,
            user: session.user as string | undefined,
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await openTestRuntime(target, 'in-process', (c) => ({
      ...c,
      alerts: {
        ...c.alerts,
        allowNetworks: ['127.0.0.0/8'],
        publicUrl: 'https://kanshi.example.jp',
        smtp: {
          host: '127.0.0.1',
          port,
          secure: false,
          requireTls: true,
          auth: { user: 'kanshi', pass: 'smtp-pass-123' },
          from: 'Kanshi <kanshi@example.jp>',
          rejectUnauthorized: false,
        },
      },
    }));
    const productId = await seedProduct(t.rt.deps.db, 'team-a', 'alpha-router');
    for (const [to, locale, team] of [
      ['team-a@example.jp', 'ja', 'team-a'],
      ['psirt@example.com', 'en', undefined],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subscriptions',
        headers: t.admin,
        payload: { ...(team ? { team } : {}), channel: { type: 'email', to }, events: ['case.opened'], locale },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await t.rt.deps.db.execute(
      (await import('drizzle-orm'))
        .sql`insert into vulnerabilities (id, title, severity) values ('CVE-2099-4242', 'Remote code execution in the router web UI', 'critical')`,
    );
    await caseWithEvents(t.rt.deps.db, { productId, teamId: 'team-a', vulnerabilityId: 'CVE-2099-4242' }, () => ['case.opened']);
    await t.rt.deps.events.kick();
    await eventually(async () => (mails.length >= 2 ? true : undefined), 60_000);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const mailTo = (to: string): Received => mails.find((m) => m.to.includes(to))!;

  it('sends in English over STARTTLS with authentication, the subject sortable by priority, product and vulnerability', () => {
    const m = mailTo('psirt@example.com');
    expect(m.secured).toBe(true);
    expect(m.user).toBe('kanshi');
    expect(m.from).toBe('kanshi@example.jp');
    expect(header(m.raw, 'Subject')).toBe('[Kanshi][P1][alpha-router] CVE-2099-4242 Remote code execution in the router web UI — New case');
    expect(header(m.raw, 'X-Kanshi-Priority')).toBe('P1');
    expect(header(m.raw, 'X-Kanshi-Product')).toBe('alpha-router');
    expect(header(m.raw, 'X-Kanshi-Vulnerability')).toBe('CVE-2099-4242');
    expect(header(m.raw, 'X-Kanshi-Event-Id')).toMatch(/^\d+$/);
    expect(header(m.raw, 'Message-ID')).toMatch(/^<\d+\.\d+@kanshi\.alerts>$/);
    const p = parts(m.raw);
    expect(p['text/plain']).toContain('Product: alpha-router');
    expect(p['text/plain']).toMatch(/Open in Kanshi: https:\/\/kanshi\.example\.jp\/cases\/\d+/);
    expect(p['text/html']).toContain('<th align="left">Priority</th><td>P1</td>');
  });

  it('sends in Japanese to a Japanese-speaking team', () => {
    const m = mailTo('team-a@example.jp');
    expect(header(m.raw, 'Subject')).toBe('[Kanshi][P1][alpha-router] CVE-2099-4242 Remote code execution in the router web UI — 新規ケース');
    const p = parts(m.raw);
    expect(p['text/plain']).toContain('製品: alpha-router');
    expect(p['text/plain']).toContain('優先度: P1');
    expect(p['text/html']).toContain('<html lang="ja">');
    expect(p['text/html']).toContain('Kanshiで開く');
  });
});
