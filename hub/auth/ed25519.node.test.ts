import { describe, expect, it } from 'vitest';
import { createPrivateKey, sign } from 'node:crypto';
import { generateEd25519KeyPair, importPublicKey, verifyEd25519 } from './ed25519.node.js';

describe('Ed25519 public keys', () => {
  it('imports a kiosk key once and hands back the same key object afterwards', () => {
    const { publicKey } = generateEd25519KeyPair();
    const first = importPublicKey(publicKey);
    expect(first).not.toBeNull();
    expect(importPublicKey(publicKey)).toBe(first);
    expect(importPublicKey(generateEd25519KeyPair().publicKey)).not.toBe(first);
  });

  it('refuses what is not an Ed25519 key, every time', () => {
    expect(importPublicKey('not-a-key')).toBeNull();
    expect(importPublicKey('not-a-key')).toBeNull();
    expect(importPublicKey('')).toBeNull();
  });

  it('a cached key verifies its own kiosk’s signatures and nobody else’s', () => {
    const kiosk = generateEd25519KeyPair();
    const other = generateEd25519KeyPair();
    const signWith = (pem: string) => sign(null, Buffer.from('GET /v1/x', 'utf8'), createPrivateKey(pem)).toString('base64url');
    importPublicKey(kiosk.publicKey);
    const key = importPublicKey(kiosk.publicKey)!;
    expect(verifyEd25519(key, 'GET /v1/x', signWith(kiosk.privateKeyPem))).toBe(true);
    expect(verifyEd25519(key, 'GET /v1/x', signWith(other.privateKeyPem))).toBe(false);
    expect(verifyEd25519(key, 'GET /v1/y', signWith(kiosk.privateKeyPem))).toBe(false);
  });
});
