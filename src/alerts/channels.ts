/**
 * The senders: a signed Standard Webhooks POST, Slack and Teams incoming webhooks, and e-mail over
 * SMTP. Every target is reached through the SSRF address guard of the feed client, checked on the
 * very address the connection uses. Targets and secrets never appear in an outcome's error text.
 */
import { promisify } from 'node:util';
import type { LookupAddress } from 'node:dns';
import nodemailer, { type Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { Agent, fetch } from 'undici';
import { checkUrl, guardedLookup, retryAfterMs, type PrivateNetworks } from '../../feeds/index.ts';
import type { KanshiConfig } from '../config/index.ts';
import { safeErrorText } from '../core/error-text.ts';
import { mail, slackBody, teamsBody, webhookBody, type AlertMessage } from './render.ts';

/** How a send went: delivered, worth another attempt (perhaps after `retryAfterMs`), or never going to work. */
export type SendOutcome = { ok: true } | { ok: false; error: string; permanent: boolean; retryAfterMs?: number };

/** Where a message goes. `secret`: the webhook's signing secret. */
export interface Target {
  channel: string;
  target: string;
  secret: string | null;
  subscriptionId: number;
}

export type AlertsConfig = KanshiConfig['alerts'];

export interface Channels {
  send(target: Target, message: AlertMessage): Promise<SendOutcome>;
  close(): void;
}

/** Whether a string works as a Standard Webhooks secret (`whsec_` + base64). */
export function validSecret(secret: string): boolean {
  try {
    new Webhook(secret);
    return true;
  } catch {
    return false;
  }
}

/** The reason of a network failure without the URL (a Slack or Teams URL is itself a secret). */
function networkReason(e: unknown): { text: string; refused: boolean } {
  const cause = (e as { cause?: { code?: string; message?: string; name?: string } }).cause;
  if (cause?.name === 'HttpError') return { text: `refused: ${cause.message ?? ''}`, refused: true };
  if ((e as Error).name === 'TimeoutError') return { text: 'timed out', refused: false };
  return { text: `network: ${cause?.code ?? cause?.message ?? (e as Error).message}`, refused: false };
}

export function createChannels(config: AlertsConfig, allow: PrivateNetworks): Channels {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(allow) } });
  let smtp: Promise<Transporter> | undefined;

  async function post(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
    try {
      checkUrl(url, allow);
    } catch (e) {
      return { ok: false, error: safeErrorText(`refused: ${(e as Error).message.replace(url, '(target)')}`), permanent: true };
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'kanshi-alerts', ...headers },
        // A redirect could lead anywhere the guard has not seen: it counts as a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeout),
        dispatcher,
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) return { ok: true };
      const retryAfter = retryAfterMs(res.headers.get('retry-after'), Date.now());
      return { ok: false, error: `HTTP ${res.status}`, permanent: res.status === 410, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
    } catch (e) {
      const reason = networkReason(e);
      return { ok: false, error: safeErrorText(reason.text), permanent: reason.refused };
    }
  }

  /** The SMTP transport, connected to the address the guard let through, the name kept for TLS. */
  function transport(): Promise<Transporter> {
    const s = config.smtp;
    if (!s) return Promise.reject(new Error('no SMTP server configured (alerts.smtp)'));
    smtp ??= (async () => {
      const lookup = promisify(guardedLookup(allow)) as unknown as (host: string, options: object) => Promise<LookupAddress[]>;
      const [first] = await lookup(s.host, { all: true });
      return nodemailer.createTransport({
        host: first!.address,
        port: s.port,
        secure: s.secure,
        requireTLS: !s.secure && s.requireTls,
        ...(s.auth ? { auth: { user: s.auth.user, pass: s.auth.pass } } : {}),
        tls: { servername: s.host, rejectUnauthorized: s.rejectUnauthorized },
        connectionTimeout: config.timeout,
        socketTimeout: config.timeout,
      });
    })();
    // A failed resolution is tried again at the next send.
    smtp.catch(() => (smtp = undefined));
    return smtp;
  }

  async function email(to: string, m: AlertMessage, subscriptionId: number): Promise<SendOutcome> {
    try {
      const t = await transport();
      const r = mail(m);
      await t.sendMail({
        from: config.smtp!.from,
        to,
        subject: r.subject,
        text: r.text,
        html: r.html,
        headers: r.headers,
        // The same message id on a resend lets a mail system drop the duplicate.
        messageId: `<${m.id}.${subscriptionId}@kanshi.alerts>`,
      });
      return { ok: true };
    } catch (e) {
      const err = e as { responseCode?: number; message?: string; cause?: { name?: string; message?: string } };
      if (err.cause?.name === 'HttpError' || (e as { name?: string }).name === 'HttpError')
        return { ok: false, error: safeErrorText(`refused: ${(e as Error).message}`), permanent: true };
      // 5xx answers to the recipient are for good (no such mailbox); 4xx and network faults pass.
      const permanent = err.responseCode !== undefined && err.responseCode >= 500 && err.responseCode < 600;
      return { ok: false, error: safeErrorText(err.responseCode ? `SMTP ${err.responseCode}` : `SMTP: ${err.message ?? 'failed'}`), permanent };
    }
  }

  return {
    async send(target, m) {
      switch (target.channel) {
        case 'webhook': {
          if (!target.secret) return { ok: false, error: 'no signing secret (alerts.secrets lacks the secretRef)', permanent: true };
          const body = webhookBody(m);
          const at = new Date();
          const signature = new Webhook(target.secret).sign(m.id, at, body);
          return post(target.target, body, {
            'webhook-id': m.id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signature,
          });
        }
        case 'slack':
          return post(target.target, slackBody(m), {});
        case 'teams':
          return post(target.target, teamsBody(m), {});
        case 'email':
          return email(target.target, m, target.subscriptionId);
        default:
          return { ok: false, error: `unknown channel ${target.channel}`, permanent: true };
      }
    },
    close() {
      void dispatcher.close();
      void smtp?.then((t) => t.close()).catch(() => undefined);
    },
  };
}
