// The hub's one secret box (TOTP secrets, PIN pad keys, the card-data key, the alert webhook
// secret, account applications): what it seals opens under the same key and owner only, and a
// failure says which kind it is without quoting the contents.
import { describe, expect, it } from 'vitest';
import { ephemeralSecretKey } from './hub-secret-key.node.js';
import { hubSealedKeyId, isHubSealed, openWithHubKey, sealWithHubKey, SecretBoxError } from './hub-secret-box.node.js';

const failureOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof SecretBoxError ? error.failure : 'other';
  }
  return undefined;
};

describe('hub secret box', () => {
  const key = ephemeralSecretKey();
  it('opens what it sealed for the same owner; a fresh nonce each time', () => {
    const a = sealWithHubKey(key, 'owner-1', 'the secret');
    const b = sealWithHubKey(key, 'owner-1', 'the secret');
    expect(a).not.toBe(b);
    expect(isHubSealed(a)).toBe(true);
    expect(hubSealedKeyId(a)).toBe(key.kid);
    expect(openWithHubKey(key, 'owner-1', a).toString('utf8')).toBe('the secret');
    expect(a).not.toContain('secret');
  });
  it('names the failure: not sealed, another key, another owner or altered', () => {
    const sealed = sealWithHubKey(key, 'owner-1', Buffer.from([1, 2, 3]));
    expect(failureOf(() => openWithHubKey(key, 'owner-1', 'JBSWY3DPEHPK3PXP'))).toBe('not-sealed');
    expect(failureOf(() => openWithHubKey(ephemeralSecretKey(), 'owner-1', sealed))).toBe('other-key');
    expect(failureOf(() => openWithHubKey(key, 'owner-2', sealed))).toBe('does-not-open');
    expect(failureOf(() => openWithHubKey(key, 'owner-1', `${sealed.slice(0, -3)}AAA`))).toBe('does-not-open');
  });
});
