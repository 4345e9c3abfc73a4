import { describe, expect, it } from 'vitest';
import { cardKeySchema, sealedCardSchema } from '../../protocol/card-security.js';
import { CardSealError, cardKeyOf, exportPrivateKey, generateCardKeyPair, importCardKeyPair, maskPan, openSealedCard, sealCard } from './card-seal.node.js';

const secret = { pan: '6222021000000000017', expiry: '3012', entry: 'chip' as const, serviceCode: '201' };

describe('card sealing', () => {
  const pair = generateCardKeyPair('demo-card-1');

  it('seals to the protocol shape and opens back to the same card', () => {
    const sealed = sealCard(cardKeySchema.parse(cardKeyOf(pair)), secret);
    expect(sealedCardSchema.parse(sealed)).toMatchObject({ keyId: 'demo-card-1', masked: '622202*********0017', entry: 'chip' });
    expect(JSON.stringify(sealed)).not.toContain(secret.pan);
    expect(openSealedCard(pair, sealed)).toEqual(secret);
  });

  it('opens with a key pair exported and imported again, and refuses a foreign private key', () => {
    const sealed = sealCard(cardKeyOf(pair), secret);
    expect(openSealedCard(importCardKeyPair('demo-card-1', pair.publicKey, exportPrivateKey(pair)), sealed)).toEqual(secret);
    expect(() => importCardKeyPair('demo-card-1', pair.publicKey, exportPrivateKey(generateCardKeyPair('x')))).toThrow(CardSealError);
  });

  it('refuses a card sealed to another key, altered, or relabelled', () => {
    const other = generateCardKeyPair('demo-card-1');
    expect(() => openSealedCard(other, sealCard(cardKeyOf(pair), secret))).toThrow(CardSealError);
    const sealed = sealCard(cardKeyOf(pair), secret);
    const tag = Buffer.from(sealed.tag, 'base64url');
    tag[0] = (tag[0] ?? 0) ^ 1;
    expect(() => openSealedCard(pair, { ...sealed, tag: tag.toString('base64url') })).toThrow(CardSealError);
    // The outside must tell the truth about the inside: a chip read relabelled as a swipe is refused.
    expect(() => openSealedCard(pair, { ...sealed, entry: 'swipe' })).toThrow(/masked PAN or entry/);
  });

  it('masks first 6 and last 4', () => {
    expect(maskPan('6222021000000000017')).toBe('622202*********0017');
    expect(maskPan('4111111111111111')).toBe('411111******1111');
  });
});
