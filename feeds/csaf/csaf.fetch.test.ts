import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { testFeedContext } from '../../test/support/simple-http-client.ts';
import type { FetchBatch } from '../feed-adapter.ts';
import { csafAdapter, type CsafOptions } from './csaf.adapter.ts';
import { sign, signingKey } from './testdata/signing.ts';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A provider site: path → body; tests edit it before serving. */
type Site = Map<string, string | Buffer>;

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(site: Site): Promise<LocalServer> {
  const server = await startLocalServer((url, _req, res) => {
    const body = site.get(url.pathname);
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  servers.push(server);
  return server;
}

let doc: Buffer;
let amber: Buffer;
let key: Awaited<ReturnType<typeof signingKey>>;
let stranger: Awaited<ReturnType<typeof signingKey>>;
beforeAll(async () => {
  doc = await readFile(path.join(testdata, 'acme-vex-2024-0001.json'));
  amber = await readFile(path.join(testdata, 'acme-amber-2024-0002.json'));
  key = await signingKey();
  stranger = await signingKey();
});

/**
 * A provider at `base` with good.json, bad-hash.json, bad-signature.json and unsigned.json,
 * listed by ROLIE feed and by changes.csv, and a TLP:AMBER document only in changes.csv.
 */
async function provider(base: string, distribution: 'rolie' | 'directory', fingerprint = key.fingerprint): Promise<Site> {
  const site: Site = new Map();
  const dir = '/.well-known/csaf/white';
  const docs: [string, string][] = [
    ['2024/good.json', '2024-06-01T00:00:00Z'],
    ['2024/bad-hash.json', '2024-06-02T00:00:00Z'],
    ['2024/bad-signature.json', '2024-06-03T00:00:00Z'],
    ['2024/unsigned.json', '2024-06-04T00:00:00Z'],
  ];
  for (const [p] of docs) site.set(`${dir}/${p}`, doc);
  site.set(`${dir}/2024/good.json.sha256`, `${sha256(doc)}  good.json`);
  site.set(`${dir}/2024/good.json.asc`, await sign(doc, key.privateKey));
  site.set(`${dir}/2024/bad-hash.json.sha256`, `${'f'.repeat(64)}  bad-hash.json`);
  site.set(`${dir}/2024/bad-hash.json.asc`, await sign(doc, key.privateKey));
  site.set(`${dir}/2024/bad-signature.json.asc`, await sign(doc, stranger.privateKey));
  site.set(`${dir}/2024/amber.json`, amber);
  site.set(`${dir}/2024/amber.json.asc`, await sign(amber, key.privateKey));
  site.set('/.well-known/csaf/openpgp/key.asc', key.publicArmored);

  const changes = [
    ['2024/amber.json', '2024-06-05T00:00:00Z'],
    ...docs,
    ['2024/good.json', '2024-05-01T00:00:00Z'],
    ['csaf_files/2024/gone.json', '2024-05-02T00:00:00Z'],
  ];
  site.set(`${dir}/changes.csv`, changes.map(([p, t]) => `"${p}","${t}"`).join('\n'));
  site.set(
    `${dir}/csaf-feed-tlp-white.json`,
    JSON.stringify({
      feed: {
        id: 'csaf-feed-tlp-white',
        entry: docs.map(([p, t]) => ({
          id: p,
          updated: t,
          content: { type: 'application/json', src: `${base}${dir}/${p}` },
          link: [
            { rel: 'self', href: `${base}${dir}/${p}` },
            { rel: 'hash', href: `${base}${dir}/${p}.sha256` },
            { rel: 'signature', href: `${base}${dir}/${p}.asc` },
          ],
        })),
      },
    }),
  );
  const distributions =
    distribution === 'rolie'
      ? [{ rolie: { feeds: [{ summary: 'white', tlp_label: 'WHITE', url: `${base}${dir}/csaf-feed-tlp-white.json` }] } }, { directory_url: `${base}${dir}` }]
      : [{ directory_url: `${base}${dir}` }];
  site.set(
    '/.well-known/csaf/provider-metadata.json',
    JSON.stringify({
      canonical_url: `${base}/.well-known/csaf/provider-metadata.json`,
      distributions,
      public_openpgp_keys: [{ fingerprint, url: `${base}/.well-known/csaf/openpgp/key.asc` }],
      role: 'csaf_trusted_provider',
    }),
  );
  return site;
}

async function sync(options: CsafOptions, checkpoint: string | null = null): Promise<FetchBatch[]> {
  const batches: FetchBatch[] = [];
  for await (const b of csafAdapter.fetch(testFeedContext(options, new Date('2024-06-10T00:00:00Z')), checkpoint)) batches.push(b);
  return batches;
}

const names = (batches: FetchBatch[]): string[] => batches.flatMap((b) => b.records.map((r) => path.basename(r.location)));
const rejectedNames = (batches: FetchBatch[]): [string, string][] =>
  batches.flatMap((b) => (b.rejected ?? []).map((r): [string, string] => [path.basename(r.location), r.reason]));

async function start(distribution: 'rolie' | 'directory', fingerprint?: string): Promise<{ srv: LocalServer; site: Site }> {
  const site: Site = new Map();
  const srv = await serve(site);
  for (const [k, v] of await provider(srv.url, distribution, fingerprint)) site.set(k, v);
  return { srv, site };
}

describe('csaf fetch', () => {
  it.each(['rolie', 'directory'] as const)('lists documents by %s and uses only those whose hash and signature hold', async (distribution) => {
    const { srv } = await start(distribution);
    const batches = await sync({ providers: [{ url: `${srv.url}/.well-known/csaf/provider-metadata.json` }] });
    expect(names(batches)).toEqual(['good.json']);
    expect(rejectedNames(batches)).toEqual([
      ...(distribution === 'directory' ? [['gone.json', expect.stringMatching(/HTTP 404/)]] : []),
      ['bad-hash.json', expect.stringMatching(/^sha256 mismatch/)],
      ['bad-signature.json', expect.stringMatching(/does not verify/)],
      ['unsigned.json', 'no .asc signature'],
    ]);
    const listing = distribution === 'rolie' ? 'csaf-feed-tlp-white.json' : 'changes.csv';
    expect(srv.requests.some((r) => r.url.pathname.endsWith(listing))).toBe(true);
    expect(JSON.parse(batches.at(-1)!.checkpoint)).toEqual({
      [`${srv.url}/.well-known/csaf/provider-metadata.json`]: Date.parse(distribution === 'rolie' ? '2024-06-04T00:00:00Z' : '2024-06-05T00:00:00Z'),
    });
  });

  it('takes only what changed since the checkpoint from changes.csv, and admits TLP:AMBER when configured', async () => {
    const { srv } = await start('directory');
    const md = `${srv.url}/.well-known/csaf/provider-metadata.json`;
    const checkpoint = JSON.stringify({ [md]: Date.parse('2024-06-03T12:00:00Z') });
    const skipped = await sync({ providers: [{ url: md }] }, checkpoint);
    expect(names(skipped)).toEqual([]);
    expect(rejectedNames(skipped).map(([n]) => n)).toEqual(['unsigned.json']);
    const allowed = await sync({ providers: [{ url: md, allowedTlp: ['AMBER'] }] }, checkpoint);
    expect(names(allowed)).toEqual(['amber.json']);
  });

  it('reports a provider whose key does not match the listed fingerprint, and goes on with the next', async () => {
    const { srv } = await start('rolie', 'AB'.repeat(20));
    const other = await start('rolie');
    const batches = await sync({
      providers: [{ url: `${srv.url}/.well-known/csaf/provider-metadata.json` }, { url: `${other.srv.url}/.well-known/csaf/provider-metadata.json` }],
    });
    expect(rejectedNames(batches)[0]).toEqual(['provider-metadata.json', expect.stringMatching(/no published key matches its listed fingerprint/)]);
    expect(names(batches)).toEqual(['good.json']);
  });
});
