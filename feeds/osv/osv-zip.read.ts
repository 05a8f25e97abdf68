import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { RejectedRecord } from '../feed-adapter.ts';

/**
 * Bounds on what one archive may make us read. Members are held in memory one at a time, so
 * these cap memory and work, and the ratio check refuses zip bombs before inflating them.
 */
export interface ZipLimits {
  /** Default 1,000,000: OSV's largest ecosystems hold a few hundred thousand records. */
  maxEntries: number;
  /** Default 16 MiB: OSV records are kilobytes; the biggest kernel ones stay under a few MB. */
  maxEntryBytes: number;
  /** Default 8 GiB of inflated JSON per archive. */
  maxTotalBytes: number;
  /** Default 200: JSON deflates 5–20×; far beyond that is a crafted member. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1_000_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

/** Small members may deflate well past the ratio without being a threat. */
const RATIO_FLOOR_BYTES = 64 * 1024;

export type ZipMember = { name: string; location: string; text: string } | { rejected: RejectedRecord };

/**
 * Archives up to this size are read into memory in one call. yauzl reads each central
 * directory record, local header and member body of a file with an fs call of its own —
 * three per member, which costs more than inflating the member. Bigger archives are read from
 * the file as they go, to stay within the memory budget.
 */
const IN_MEMORY_ZIP_BYTES = 64 * 1024 * 1024;

async function openZip(file: string): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false };
  const { size } = await stat(file);
  if (size <= IN_MEMORY_ZIP_BYTES) {
    const bytes = await readFile(file);
    return new Promise((resolve, reject) => yauzl.fromBuffer(bytes, options, (e, zip) => (e ? reject(e) : resolve(zip))));
  }
  return new Promise((resolve, reject) => yauzl.open(file, options, (e, zip) => (e ? reject(e) : resolve(zip))));
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (e: Entry): void => (done(), resolve(e));
    const onEnd = (): void => (done(), resolve(null));
    const onError = (e: Error): void => (done(), reject(e));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** The member's bytes as stored; inflating them is left to `inflateMember`. */
const readStored = (zip: ZipFile, entry: Entry): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    // yauzl accepts `decompress` only for deflated members
    const options = entry.compressionMethod === 8 ? { decompress: false } : {};
    zip.openReadStream(entry, options, (e, stream: Readable) => {
      if (e) return reject(e);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });

/**
 * Inflated in one call with a hard output cap: a member whose header under-states its size is
 * cut off at the cap instead of filling memory. Far cheaper per member than a zlib stream.
 */
function inflateMember(entry: Entry, stored: Buffer, maxBytes: number): Buffer | string {
  let data = stored;
  if (entry.compressionMethod === 8) {
    try {
      data = inflateRawSync(stored, { maxOutputLength: maxBytes });
    } catch (e) {
      return `member does not inflate: ${(e as Error).message}`;
    }
  }
  return data.length === entry.uncompressedSize ? data : `member inflates to ${data.length} bytes, its header says ${entry.uncompressedSize}`;
}

/** Why a member is refused before it is inflated, or undefined when it may be read. */
function refusal(entry: Entry, limits: ZipLimits): string | undefined {
  const { uncompressedSize: size, compressedSize, compressionMethod } = entry;
  if (compressionMethod !== 0 && compressionMethod !== 8) return `member uses compression method ${compressionMethod}, not stored or deflated`;
  if (size > limits.maxEntryBytes) return `member inflates to ${size} bytes, more than ${limits.maxEntryBytes}`;
  if (size > RATIO_FLOOR_BYTES && size / Math.max(compressedSize, 1) > limits.maxRatio) {
    return `member compression ratio ${Math.round(size / Math.max(compressedSize, 1))}:1 exceeds ${limits.maxRatio}:1`;
  }
  return undefined;
}

/**
 * The `*.json` members of a zip archive as text, one at a time. A member over a limit is
 * rejected and skipped; past the entry count or total size, or on a corrupt archive, the rest
 * of the archive is rejected. Member names are only used as labels, never as paths.
 */
export async function* readZipJson(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): AsyncIterable<ZipMember> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (e) {
    yield { rejected: { location: file, reason: `unreadable zip archive: ${(e as Error).message}` } };
    return;
  }
  try {
    let entries = 0;
    let total = 0;
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      const location = `${file}!/${entry.fileName}`;
      if (!entry.fileName.endsWith('.json')) continue;
      if (++entries > limits.maxEntries) {
        yield { rejected: { location, reason: `archive has more than ${limits.maxEntries} members; the rest is not read` } };
        return;
      }
      const refused = refusal(entry, limits);
      if (refused) {
        yield { rejected: { location, reason: refused } };
        continue;
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        yield { rejected: { location, reason: `archive inflates past ${limits.maxTotalBytes} bytes; the rest is not read` } };
        return;
      }
      const data = inflateMember(entry, await readStored(zip, entry), limits.maxEntryBytes);
      if (typeof data === 'string') yield { rejected: { location, reason: data } };
      else yield { name: entry.fileName, location, text: data.toString('utf8') };
    }
  } catch (e) {
    yield { rejected: { location: file, reason: `corrupt zip archive: ${(e as Error).message}` } };
  } finally {
    zip.close();
  }
}
