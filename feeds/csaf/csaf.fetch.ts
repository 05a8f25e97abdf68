import type { PublicKey } from 'openpgp';
import { HttpError, type FeedContext, type FetchBatch, type HttpClient, type RawRecord, type RejectedRecord } from '../feed-adapter.ts';
import { checkDocument, type DocumentFiles } from './document-check.ts';
import { readTrustedKeys } from './integrity.ts';
import { changedSince, metadataUrl, readChangesCsv, readProviderMetadata, readRolieFeed, type ListedDocument } from './provider-listing.ts';

export interface CsafProviderOptions {
  /** A `provider-metadata.json` URL, or a domain serving it under `/.well-known/csaf/`. */
  url: string;
  /** TLP labels to accept besides CLEAR and WHITE for this provider. */
  allowedTlp?: string[];
}

export interface CsafOptions {
  providers: CsafProviderOptions[];
  /** TLP labels to accept besides CLEAR and WHITE, for every provider and in dumps. */
  allowedTlp?: string[];
}

/** Per provider metadata URL, the newest change timestamp (epoch ms) fully processed. */
type CsafCheckpoint = Record<string, number>;

const DOCUMENTS_PER_BATCH = 20;

function parseCheckpoint(s: string | null): CsafCheckpoint {
  if (!s) return {};
  try {
    const v = JSON.parse(s) as unknown;
    return typeof v === 'object' && v !== null ? (v as CsafCheckpoint) : {};
  } catch {
    return {};
  }
}

async function getJson(http: HttpClient, url: string): Promise<unknown> {
  const res = await http.get(url);
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch (e) {
    throw new HttpError(url, res.status, `not JSON: ${(e as Error).message}`);
  }
}

/** An optional file (hash, signature): its text, or undefined when the provider has none. */
async function getOptional(http: HttpClient, url: string): Promise<string | undefined> {
  const res = await http.get(url, { acceptStatus: [404] });
  return res.status === 404 ? undefined : res.body.toString('utf8');
}

async function providerKeys(http: HttpClient, keys: { fingerprint: string; url: string }[]): Promise<PublicKey[]> {
  const out: PublicKey[] = [];
  for (const k of keys) out.push(...(await readTrustedKeys([(await http.get(k.url)).body.toString('utf8')], [k.fingerprint])));
  return out;
}

/** ROLIE feeds when the provider has them (CSAF §7.3.2 prefers them), else changes.csv. */
async function listDocuments(http: HttpClient, rolieFeeds: string[], directories: string[]): Promise<ListedDocument[]> {
  const docs: ListedDocument[] = [];
  if (rolieFeeds.length > 0) {
    for (const feed of rolieFeeds) docs.push(...readRolieFeed(await getJson(http, feed), feed));
    return docs;
  }
  for (const dir of directories) {
    const base = dir.endsWith('/') ? dir : `${dir}/`;
    docs.push(...readChangesCsv((await http.get(`${base}changes.csv`)).body.toString('utf8'), base));
  }
  return docs;
}

async function downloadDocument(http: HttpClient, doc: ListedDocument): Promise<DocumentFiles> {
  const body = (await http.get(doc.url)).body;
  const files: DocumentFiles = { body };
  for (const h of doc.hashUrls) {
    const alg = h.endsWith('.sha512') ? 'sha512' : h.endsWith('.sha256') ? 'sha256' : undefined;
    const text = alg ? await getOptional(http, h) : undefined;
    if (alg && text !== undefined) files[alg] = text;
  }
  const asc = doc.signatureUrl ? await getOptional(http, doc.signatureUrl) : undefined;
  if (asc !== undefined) files.asc = asc;
  return files;
}

/**
 * One provider: metadata, keys (fingerprints checked), listing, then every changed document in
 * batches. The checkpoint moves to a batch's newest timestamp once the batch is handed over.
 */
async function* syncProvider(ctx: FeedContext<CsafOptions>, provider: CsafProviderOptions, cp: CsafCheckpoint): AsyncIterable<FetchBatch> {
  const mdUrl = metadataUrl(provider.url);
  const allowedTlp = [...(ctx.options.allowedTlp ?? []), ...(provider.allowedTlp ?? [])];
  const metadata = readProviderMetadata(await getJson(ctx.http, mdUrl), allowedTlp);
  const keys = await providerKeys(ctx.http, metadata.keys);
  if (metadata.keys.length > 0 && keys.length === 0) throw new HttpError(mdUrl, undefined, 'no published key matches its listed fingerprint');
  const docs = changedSince(await listDocuments(ctx.http, metadata.rolieFeeds, metadata.directories), cp[mdUrl]);
  ctx.log.info({ provider: mdUrl, documents: docs.length }, 'CSAF documents changed since last sync');

  for (let i = 0; i < docs.length; i += DOCUMENTS_PER_BATCH) {
    if (ctx.signal.aborted) return;
    const records: RawRecord[] = [];
    const rejected: RejectedRecord[] = [];
    const batch = docs.slice(i, i + DOCUMENTS_PER_BATCH);
    for (const doc of batch) {
      let files: DocumentFiles;
      try {
        files = await downloadDocument(ctx.http, doc);
      } catch (e) {
        // One listed document that cannot be fetched (CISA's changes.csv names paths that 404) must not stop the provider.
        if (!(e instanceof HttpError)) throw e;
        rejected.push({ location: doc.url, reason: e.message });
        continue;
      }
      const outcome = await checkDocument(files, { keys, requireSignature: keys.length > 0, allowedTlp });
      if (outcome.kind === 'ok') records.push({ ...(outcome.trackingId ? { id: outcome.trackingId } : {}), location: doc.url, data: outcome.doc });
      else if (outcome.kind === 'rejected') rejected.push({ location: doc.url, reason: outcome.reason });
      else ctx.log.info({ url: doc.url, reason: outcome.reason }, 'CSAF document skipped');
    }
    cp[mdUrl] = batch.at(-1)!.updated;
    yield { records, rejected, checkpoint: JSON.stringify(cp) };
  }
}

/**
 * Every configured provider in turn. A provider that cannot be read is reported as a rejected
 * entry and the others still sync; its checkpoint stays where it was.
 */
export async function* fetchCsaf(ctx: FeedContext<CsafOptions>, checkpoint: string | null): AsyncIterable<FetchBatch> {
  const cp = parseCheckpoint(checkpoint);
  for (const provider of ctx.options.providers) {
    try {
      yield* syncProvider(ctx, provider, cp);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      ctx.log.error({ provider: provider.url, err: e.message }, 'CSAF provider sync failed');
      yield { records: [], rejected: [{ location: e.url, reason: `provider ${provider.url}: ${e.message}` }], checkpoint: JSON.stringify(cp) };
    }
  }
}
