import type { PreparedItems } from '../../src/vulns/index.ts';

/**
 * A prepared batch's record texts (normalised and raw JSON, most of its bytes) travel from the
 * reader thread in one transferred buffer instead of being copied into the writer's heap:
 * the writer passes the bytes to node-postgres as they are (UTF-8 is what a text parameter
 * is on the wire), so they are never strings on its side.
 */
export function packTexts(items: PreparedItems): ArrayBuffer {
  const rows = [...items.advisories.values()].flatMap((m) => [...m.values()].map((p) => p.row));
  let size = 0;
  for (const row of rows) size += Buffer.byteLength(row.normalized) + (row.raw === null ? 0 : Buffer.byteLength(row.raw));
  const buffer = Buffer.allocUnsafeSlow(size);
  let at = 0;
  const put = (text: string | Uint8Array): Uint8Array => {
    const start = at;
    at += typeof text === 'string' ? buffer.write(text, at) : (buffer.set(text, at), text.length);
    return buffer.subarray(start, at);
  };
  for (const row of rows) {
    row.normalized = put(row.normalized);
    if (row.raw !== null) row.raw = put(row.raw);
  }
  return buffer.buffer as ArrayBuffer;
}

/**
 * Turns the views a transfer delivered (plain Uint8Arrays) back into what the database client
 * takes: Buffers over the same bytes for node-postgres, strings for PGlite.
 */
export function unpackTexts(items: PreparedItems, as: 'bytes' | 'strings'): void {
  const convert = (v: string | Uint8Array): string | Uint8Array => {
    if (typeof v === 'string') return v;
    const bytes = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return as === 'bytes' ? bytes : bytes.toString('utf8');
  };
  for (const m of items.advisories.values()) {
    for (const { row } of m.values()) {
      row.normalized = convert(row.normalized);
      if (row.raw !== null) row.raw = convert(row.raw);
    }
  }
}
