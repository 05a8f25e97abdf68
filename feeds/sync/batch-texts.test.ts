import { describe, expect, it } from 'vitest';
import type { PreparedItems } from '../../src/vulns/index.ts';
import type { AdvisoryRow } from '../../src/vulns/vulnerability.repo.ts';
import { packTexts, unpackTexts } from './batch-texts.ts';

const row = (sourceId: string, normalized: string, raw: string | null): AdvisoryRow => ({
  source: 'jvn',
  sourceId,
  modified: null,
  flags: [],
  withdrawn: false,
  normalized,
  raw,
  location: 'test',
  contentHash: '',
  affectedHash: '',
});

const TEXTS: [string, string, string | null][] = [
  ['ascii', '{"id":"CVE-2024-0001"}', '{"cve":{}}'],
  ['japanese', '{"title":"クロスサイトスクリプティングの脆弱性"}', '<title>複数の脆弱性</title>'],
  ['astral', '{"note":"𝒳 and 🙂"}', null],
  ['empty', '', ''],
];

function batch(): PreparedItems {
  const advisories = new Map([
    ['jvn', new Map(TEXTS.map(([id, n, r]) => [id, { row: row(id, n, r), advisory: {} as never, index: { packages: [], cpes: [] } }]))],
  ]);
  return { kev: [], epss: [], advisories };
}

const rowsOf = (items: PreparedItems): AdvisoryRow[] => [...items.advisories.get('jvn')!.values()].map((p) => p.row);

describe('record texts across threads', () => {
  it.each(['bytes', 'strings'] as const)('come back unchanged as %s after a transfer', (as) => {
    const items = batch();
    const buffer = packTexts(items);
    const received = structuredClone(items, { transfer: [buffer] });
    // Transferred, not copied: the sender's buffer is gone.
    expect(buffer.byteLength).toBe(0);
    unpackTexts(received, as);
    expect(rowsOf(received)).toHaveLength(TEXTS.length);
    for (const [r, [id, normalized, raw]] of rowsOf(received).map((r, i) => [r, TEXTS[i]!] as const)) {
      expect(r.sourceId).toBe(id);
      if (as === 'bytes') {
        expect(Buffer.isBuffer(r.normalized), id).toBe(true);
        expect(Buffer.from(r.normalized as Uint8Array).toString('utf8')).toBe(normalized);
        expect(raw === null ? r.raw : Buffer.from(r.raw as Uint8Array).toString('utf8')).toBe(raw);
      } else {
        expect(r.normalized).toBe(normalized);
        expect(r.raw).toBe(raw);
      }
    }
  });
});
