import { parse } from 'csv-parse/sync';
import { asArr, asObj, asStr } from './product-tree.ts';
import { tlpAllowed } from './document-check.ts';

/** One document a provider lists, with where to find its hashes and signature. */
export interface ListedDocument {
  url: string;
  /** Epoch ms of the provider's `updated` / changes.csv timestamp. */
  updated: number;
  hashUrls: string[];
  signatureUrl?: string;
}

export interface ProviderMetadata {
  keys: { fingerprint: string; url: string }[];
  rolieFeeds: string[];
  directories: string[];
}

/** `https://<domain>/.well-known/csaf/provider-metadata.json` unless a URL to the file is given. */
export function metadataUrl(provider: string): string {
  const s = provider.trim();
  if (/^https?:\/\//i.test(s)) return s;
  return `https://${s.replace(/\/+$/, '')}/.well-known/csaf/provider-metadata.json`;
}

/** Distributions and keys from `provider-metadata.json`; ROLIE feeds only for allowed TLPs. */
export function readProviderMetadata(json: unknown, allowedTlp: string[] | undefined): ProviderMetadata {
  const m = asObj(json) ?? {};
  const keys = asArr(m.public_openpgp_keys).flatMap((k) => {
    const o = asObj(k);
    const fingerprint = asStr(o?.fingerprint);
    const url = asStr(o?.url);
    return fingerprint && url ? [{ fingerprint, url }] : [];
  });
  const rolieFeeds: string[] = [];
  const directories: string[] = [];
  for (const d of asArr(m.distributions).map(asObj)) {
    const feeds = asArr(asObj(d?.rolie)?.feeds).map(asObj);
    for (const f of feeds) {
      const url = asStr(f?.url);
      const tlp = asStr(f?.tlp_label)?.toUpperCase();
      if (url && tlpAllowed(tlp, allowedTlp)) rolieFeeds.push(url);
    }
    const dir = asStr(d?.directory_url);
    if (dir) directories.push(dir);
  }
  return { keys, rolieFeeds, directories };
}

const time = (s: string | undefined): number | undefined => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** ROLIE feed entries: `content.src`, `updated`, and `link[]` with rel `hash` / `signature`. */
export function readRolieFeed(json: unknown, feedUrl: string): ListedDocument[] {
  return asArr(asObj(asObj(json)?.feed)?.entry).flatMap((e) => {
    const entry = asObj(e);
    const links = asArr(entry?.link).map(asObj);
    const href = (rel: string): string[] =>
      links.flatMap((l) => {
        const h = asStr(l?.href);
        return l?.rel === rel && h ? [new URL(h, feedUrl).href] : [];
      });
    const src = asStr(asObj(entry?.content)?.src) ?? href('self')[0];
    const updated = time(asStr(entry?.updated) ?? asStr(entry?.published));
    if (!src || updated === undefined) return [];
    const signatureUrl = href('signature')[0];
    return [{ url: new URL(src, feedUrl).href, updated, hashUrls: href('hash'), ...(signatureUrl ? { signatureUrl } : {}) }];
  });
}

/**
 * `changes.csv` of a directory distribution: `"YYYY/file.json","timestamp"` per line, newest
 * first; quoting is optional in the wild. Paths resolve against the directory; hash and
 * signature files sit beside each document.
 */
export function readChangesCsv(text: string, directoryUrl: string): ListedDocument[] {
  const base = directoryUrl.endsWith('/') ? directoryUrl : `${directoryUrl}/`;
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  return rows.flatMap(([p, ts]) => {
    const updated = time(ts);
    if (!p || updated === undefined) return [];
    const url = new URL(p, base).href;
    return [{ url, updated, hashUrls: [`${url}.sha256`, `${url}.sha512`], signatureUrl: `${url}.asc` }];
  });
}

/** Documents changed after `since`, oldest first, one entry per URL (changes.csv repeats some). */
export function changedSince(docs: ListedDocument[], since: number | undefined): ListedDocument[] {
  const latest = new Map<string, ListedDocument>();
  for (const d of docs) {
    if (since !== undefined && d.updated <= since) continue;
    const seen = latest.get(d.url);
    if (!seen || seen.updated < d.updated) latest.set(d.url, d);
  }
  return [...latest.values()].sort((a, b) => a.updated - b.updated || a.url.localeCompare(b.url));
}
