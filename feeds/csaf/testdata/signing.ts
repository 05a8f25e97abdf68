import * as openpgp from 'openpgp';

/** A fresh provider key for tests, with its armored public half and upper-case fingerprint. */
export async function signingKey(): Promise<{ privateKey: openpgp.PrivateKey; publicArmored: string; fingerprint: string }> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Acme PSIRT' }], format: 'armored' });
  const key = await openpgp.readPrivateKey({ armoredKey: privateKey });
  return { privateKey: key, publicArmored: publicKey, fingerprint: key.getFingerprint().toUpperCase() };
}

/** A detached armored signature over the exact bytes, as providers publish `.asc` files. */
export async function sign(body: Buffer, privateKey: openpgp.PrivateKey): Promise<string> {
  const message = await openpgp.createMessage({ binary: new Uint8Array(body) });
  return openpgp.sign({ message, signingKeys: privateKey, detached: true, format: 'armored' }) as Promise<string>;
}

