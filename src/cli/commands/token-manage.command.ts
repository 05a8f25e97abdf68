import { writeTable } from '../table.ts';
import { apiRequest, type ServerOptions } from '../api-client.ts';

interface TokenListItem {
  id: string;
  team: string | null;
  role: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const day = (iso: string | null): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

/** Whether a listed token still opens the API at `now`. */
const tokenState = (t: TokenListItem, now: Date): string => (t.revokedAt ? 'revoked' : t.expiresAt && new Date(t.expiresAt) <= now ? 'expired' : 'active');

/** `kanshi token list`: every token with its state, never a secret. */
export async function tokenListCommand(o: { json: boolean }, server: ServerOptions, out: NodeJS.WritableStream, now = new Date()): Promise<void> {
  const { items } = await apiRequest<{ items: TokenListItem[] }>(server, 'GET', '/api/v1/tokens');
  if (o.json) {
    out.write(`${JSON.stringify(items, null, 2)}\n`);
    return;
  }
  const head = ['ID', 'TEAM', 'ROLE', 'STATE', 'CREATED', 'LAST USED', 'EXPIRES', 'LABEL'];
  const rows = items.map((t) => [t.id, t.team ?? '-', t.role, tokenState(t, now), day(t.createdAt), day(t.lastUsedAt), day(t.expiresAt), t.label ?? '']);
  writeTable(out, head, rows);
}

/** `kanshi token revoke <id>`: the token stops working at once. */
export async function tokenRevokeCommand(id: string, server: ServerOptions, out: NodeJS.WritableStream): Promise<void> {
  await apiRequest<undefined>(server, 'DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
  out.write(`revoked ${id}\n`);
}

/** `kanshi token rotate <id>`: prints the new secret once; the old one is revoked. */
export async function tokenRotateCommand(id: string, server: ServerOptions, out: NodeJS.WritableStream): Promise<void> {
  const created = await apiRequest<{ token: string }>(server, 'POST', `/api/v1/tokens/${encodeURIComponent(id)}/rotate`);
  out.write(`${created.token}\n`);
}
