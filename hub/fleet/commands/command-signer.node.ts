// Signs remote commands with an Ed25519 key derived from the hub's secret key (HKDF), so
// every instance sharing HUB_SECRET_KEY signs with the same key and no private key sits in
// the database: someone who can write rows into fleet_commands still cannot make a kiosk
// obey. Asymmetric (unlike the HMAC decision signer) because the kiosk must verify without
// being able to sign.
import { createPrivateKey, createPublicKey, hkdfSync, sign, type KeyObject } from 'node:crypto';
import { commandSigningText, type CommandKey, type SignedCommand, type UnsignedCommand } from '../../../protocol/fleet-commands.js';
import type { HubSecretKey } from '../../auth/hub-secret-key.node.js';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface CommandSigner {
  readonly key: CommandKey;
  sign(command: Omit<UnsignedCommand, 'keyId'>): SignedCommand;
  /** base64url signature over other texts the kiosk checks with the same pinned key (release manifests). */
  signText(text: string): string;
}

export function commandSigner(secret: Pick<HubSecretKey, 'key'>): CommandSigner {
  const seed = Buffer.from(hkdfSync('sha256', secret.key, Buffer.alloc(0), 'branch-kiosk fleet command key v1', 32));
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  if (!x) throw new Error('command key: no public key');
  const keyId = `cmd-${x.slice(0, 16)}`;
  return {
    key: { keyId, alg: 'Ed25519', publicKey: x },
    sign(command) {
      const unsigned: UnsignedCommand = { ...command, keyId };
      const signature = sign(null, Buffer.from(commandSigningText(unsigned), 'utf8'), privateKey).toString('base64url');
      return { ...unsigned, signature };
    },
    signText(text) {
      return sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url');
    },
  };
}
