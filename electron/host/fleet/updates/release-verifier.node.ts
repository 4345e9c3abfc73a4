// The two checks on a release: its manifest is signed by the hub key this kiosk pinned for
// fleet commands (one trust anchor, not a second key to manage), and the artifact's sha512
// is the one the manifest names.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { CommandKey } from '../../../../protocol/fleet-commands.js';
import { releaseSigningText, type SignedRelease } from '../../../../protocol/software-updates.js';

export function releaseSignatureValid(release: SignedRelease, key: CommandKey | null): boolean {
  if (!key || key.keyId !== release.keyId) return false;
  try {
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    return verify(null, Buffer.from(releaseSigningText(release), 'utf8'), publicKey, Buffer.from(release.signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Streamed: an artifact is hundreds of megabytes. */
export function sha512Base64(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')));
  });
}
