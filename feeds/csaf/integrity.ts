import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { err, ok, type Result } from '../../src/core/result.ts';

export type HashAlgorithm = 'sha256' | 'sha512';

/**
 * A `.sha256`/`.sha512` file holds the hex digest first, then optionally the file name after one
 * or two spaces (gocsaf and sha256sum styles). Only the digest is compared.
 */
export function checkHash(body: Buffer, hashFile: string, alg: HashAlgorithm): Result<void> {
  const expected = hashFile.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]+$/.test(expected)) return err('CSAF_BAD_HASH_FILE', `.${alg} file holds no hex digest`);
  const actual = createHash(alg).update(body).digest('hex');
  return actual === expected ? ok(undefined) : err('CSAF_HASH_MISMATCH', `${alg} mismatch: expected ${expected}, got ${actual}`);
}

/**
 * Armored public keys, keeping only those whose primary fingerprint the provider metadata lists
 * (when it lists any): a key file sitting next to the documents is not trusted by itself.
 */
export async function readTrustedKeys(armored: string[], fingerprints: string[]): Promise<openpgp.PublicKey[]> {
  const wanted = new Set(fingerprints.map((f) => f.replace(/\s+/g, '').toUpperCase()));
  const keys: openpgp.PublicKey[] = [];
  for (const a of armored) {
    let read: openpgp.PublicKey[];
    try {
      read = await openpgp.readKeys({ armoredKeys: a });
    } catch {
      continue;
    }
    keys.push(...read.filter((k) => wanted.size === 0 || wanted.has(k.getFingerprint().toUpperCase())));
  }
  return keys;
}

/** Verifies a detached armored signature over the exact document bytes. */
export async function verifySignature(body: Buffer, armoredSignature: string, keys: openpgp.PublicKey[]): Promise<Result<void>> {
  if (keys.length === 0) return err('CSAF_NO_KEYS', 'no trusted OpenPGP key to verify the signature with');
  try {
    const signature = await openpgp.readSignature({ armoredSignature });
    const message = await openpgp.createMessage({ binary: new Uint8Array(body) });
    const { signatures } = await openpgp.verify({ message, signature, verificationKeys: keys });
    for (const s of signatures) {
      try {
        await s.verified;
        return ok(undefined);
      } catch {
        // Try the next signature packet; each may be by a different key.
      }
    }
    return err('CSAF_BAD_SIGNATURE', 'OpenPGP signature does not verify with the provider keys');
  } catch (e) {
    return err('CSAF_BAD_SIGNATURE', `unreadable OpenPGP signature: ${(e as Error).message}`);
  }
}
