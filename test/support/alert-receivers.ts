import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { cases, products, teams, type Db } from '../../src/db/index.ts';
import { appendEvents, type NewEvent } from '../../src/events/index.ts';

export interface Receipt {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  /** Every request, in arrival order. */
  receipts: Receipt[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1: `answer` gives the status (and headers) of each request, by its 0-based number. */
export async function startReceiver(answer: (n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 })): Promise<Receiver> {
  const receipts: Receipt[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const a = answer(n++);
      if (a.status >= 200 && a.status < 300) receipts.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(a.status, a.headers ?? {});
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    receipts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A team and a product of it, for cases to belong to. */
export async function seedProduct(db: Db, teamId: string, name: string): Promise<string> {
  await db.insert(teams).values({ id: teamId, name: teamId }).onConflictDoNothing();
  const [row] = await db.insert(products).values({ name, teamId }).returning({ id: products.id });
  return row!.id;
}

export interface CaseSeed {
  productId: string;
  teamId: string;
  vulnerabilityId: string;
  priority?: string;
  embargoed?: boolean;
}

/** A case and its events, appended in one transaction as the cases domain does; returns the case id. */
export async function caseWithEvents(db: Db, seed: CaseSeed, make: (caseId: number) => NewEvent['type'][]): Promise<number> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [c] = await t
      .insert(cases)
      .values({
        vulnerabilityId: seed.vulnerabilityId,
        productId: seed.productId,
        teamId: seed.teamId,
        priority: seed.priority ?? 'P1',
        embargoed: seed.embargoed ?? false,
        openedAt: now,
        updatedAt: now,
      })
      .returning({ id: cases.id });
    const caseId = c!.id;
    await appendEvents(
      t,
      now,
      make(caseId).map((type) => caseEvent(type, caseId, seed)),
    );
    return caseId;
  });
}

/** More events of an existing case, in one transaction. */
export async function moreCaseEvents(db: Db, caseId: number, seed: CaseSeed, types: NewEvent['type'][]): Promise<void> {
  await db.transaction(async (tx) =>
    appendEvents(
      tx as unknown as Db,
      new Date(),
      types.map((type) => caseEvent(type, caseId, seed)),
    ),
  );
}

function caseEvent(type: NewEvent['type'], caseId: number, seed: CaseSeed): NewEvent {
  const data: Record<string, unknown> =
    type === 'case.opened'
      ? { caseId, priority: seed.priority ?? 'P1' }
      : type === 'case.priority-changed'
        ? { caseId, from: 'P2', to: seed.priority ?? 'P1' }
        : type === 'case.state-changed'
          ? { caseId, from: 'new', to: 'triage', reason: null }
          : { caseId };
  return { type, teamId: seed.teamId, productId: seed.productId, vulnerabilityId: seed.vulnerabilityId, caseId, data } as NewEvent;
}

/** Deliveries by status, for assertions. */
export async function deliveryStatuses(db: Db): Promise<Record<string, number>> {
  const rows = (await db.execute(sql`select status, count(*)::int as n from alert_deliveries group by status`)) as unknown as {
    rows: { status: string; n: number }[];
  };
  return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
}
