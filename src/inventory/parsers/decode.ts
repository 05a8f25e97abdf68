import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { err, ok, type Result } from '../../core/result.ts';

const gunzipAsync = promisify(gunzip);

/**
 * Turn uploaded bytes into text: gunzip when the content says gzip, then pick the text encoding
 * from the byte order mark (or, for BOM-less UTF-16, from the zero bytes around the first ASCII
 * character). `maxBytes` caps the decompressed size; zlib stops inflating at the cap, so a gzip
 * bomb costs at most `maxBytes` of memory.
 */
export async function decodeSbomBytes(bytes: Uint8Array, maxBytes: number): Promise<Result<string>> {
  if (bytes.length > maxBytes) return tooLarge(maxBytes);
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBytes);
      return err('INVALID_GZIP', `gzip data could not be decompressed: ${(e as Error).message}`, 'byte 0');
    }
  }
  return decodeText(raw);
}

const tooLarge = (maxBytes: number): Result<never> => err('TOO_LARGE', `the SBOM is larger than ${maxBytes} bytes (after decompression)`, '');

function decodeText(raw: Uint8Array): Result<string> {
  const encoding = sniffEncoding(raw);
  try {
    // `fatal` so that invalid byte sequences are reported rather than silently replaced.
    return ok(new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(raw));
  } catch {
    return err('INVALID_ENCODING', `the SBOM is not valid ${encoding} text`, '');
  }
}

function sniffEncoding(b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return 'utf-16be';
  return 'utf-8';
}
