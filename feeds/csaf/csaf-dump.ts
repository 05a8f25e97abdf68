import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PublicKey } from 'openpgp';
import type { Logger } from '../../src/core/logger.ts';
import { walkFiles } from '../dump-files.ts';
import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { checkDocument, type DocumentFiles } from './document-check.ts';
import { readTrustedKeys } from './integrity.ts';
import { asArr, asObj, asStr } from './product-tree.ts';

const readOptional = (file: string): Promise<string | undefined> => readFile(file, 'utf8').catch(() => undefined);

/**
 * Keys of the provider a dump folder belongs to: the nearest ancestor (up to the dump root)
 * holding `provider-metadata.json` or an `openpgp/` folder, as a provider's tree is mirrored.
 */
class ProviderKeys {
  private readonly cache = new Map<string, Promise<PublicKey[] | undefined>>();
  constructor(private readonly root: string) {}

  async forFile(file: string): Promise<PublicKey[] | undefined> {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const keys = await this.at(dir);
      if (keys) return keys;
      if (dir === this.root || !dir.startsWith(this.root)) return undefined;
    }
  }

  private at(dir: string): Promise<PublicKey[] | undefined> {
    let p = this.cache.get(dir);
    if (!p) {
      p = this.load(dir);
      this.cache.set(dir, p);
    }
    return p;
  }

  private async load(dir: string): Promise<PublicKey[] | undefined> {
    const metadata = await readOptional(path.join(dir, 'provider-metadata.json'));
    const keyDir = path.join(dir, 'openpgp');
    const keyFiles = await readdir(keyDir).catch(() => [] as string[]);
    if (metadata === undefined && keyFiles.length === 0) return undefined;
    let fingerprints: string[] = [];
    try {
      fingerprints = asArr(asObj(JSON.parse(metadata ?? '{}'))?.public_openpgp_keys).flatMap((k) => {
        const f = asStr(asObj(k)?.fingerprint);
        return f ? [f] : [];
      });
    } catch {
      // Unreadable metadata lists no fingerprints; the key files alone then decide.
    }
    const armored = await Promise.all(keyFiles.sort().map((f) => readFile(path.join(keyDir, f), 'utf8')));
    const keys = await readTrustedKeys(armored, fingerprints);
    return keys.length > 0 ? keys : undefined;
  }
}

/**
 * Every CSAF document under a dump folder, checked against its sibling `.sha256`/`.sha512`
 * and, when the dump holds the provider's keys, its `.asc` signature.
 */
export async function* readCsafDump(sourceDir: string, log: Logger, allowedTlp: string[] | undefined): AsyncIterable<RawRecord | { rejected: RejectedRecord }> {
  const root = path.resolve(sourceDir);
  const providers = new ProviderKeys(root);
  for await (const file of walkFiles(root, (p) => p.endsWith('.json'))) {
    const location = path.relative(root, file);
    const [body, sha256, sha512, asc] = await Promise.all([
      readFile(file),
      readOptional(`${file}.sha256`),
      readOptional(`${file}.sha512`),
      readOptional(`${file}.asc`),
    ]);
    const files: DocumentFiles = {
      body,
      ...(sha256 !== undefined ? { sha256 } : {}),
      ...(sha512 !== undefined ? { sha512 } : {}),
      ...(asc !== undefined ? { asc } : {}),
    };
    const keys = asc === undefined ? undefined : await providers.forFile(file);
    if (asc !== undefined && !keys) log.debug({ location }, 'CSAF signature not checked: the dump has no key of its provider');
    const outcome = await checkDocument(files, { ...(keys ? { keys } : {}), requireSignature: false, ...(allowedTlp ? { allowedTlp } : {}) });
    if (outcome.kind === 'rejected') yield { rejected: { location, reason: outcome.reason } };
    else if (outcome.kind === 'skipped') log.debug({ location, reason: outcome.reason }, 'CSAF dump file skipped');
    else yield { ...(outcome.trackingId ? { id: outcome.trackingId } : {}), location, data: outcome.doc };
  }
}
